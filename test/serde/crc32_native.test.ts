// Node's zlib.crc32, which the Node entry installs for saving archives, agrees with the portable
// slice-by-8 CRC-32 (whole buffers, continued CRCs, odd lengths).
import { describe, expect, it } from "vitest";
import * as zlib from "node:zlib";
import { crc32, crc32Tables, setNativeCrc32, type Crc32 } from "../../src/serde/zip/crc32.js";

const native = (zlib as unknown as { crc32?: Crc32 }).crc32;

describe.runIf(typeof native === "function")("native CRC-32", () => {
  it("equals the table CRC-32", () => {
    const data = new Uint8Array(100_003).map((_, i) => (i * 2654435761) >>> 24);
    for (const [a, b] of [[0, data.length], [0, 7], [13, 4099], [5, 100_003]] as const) {
      const part = data.subarray(a, b);
      expect(native!(part) >>> 0).toBe(crc32Tables(part));
      expect(native!(part, 0x12345678) >>> 0).toBe(crc32Tables(part, 0x12345678));
    }
  });

  it("is what crc32() uses once installed", () => {
    const data = new TextEncoder().encode("pt2js");
    setNativeCrc32(() => 42);
    try {
      expect(crc32(data)).toBe(42);
    } finally {
      setNativeCrc32(null);
    }
    expect(crc32(data)).toBe(crc32Tables(data));
  });
});

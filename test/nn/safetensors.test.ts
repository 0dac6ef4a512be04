// safetensors reading/writing, and loading a module's weights from a safetensors file.
import { describe, expect, it } from "vitest";
import { torch, nn } from "../../src/torch.js";
import { load_safetensors, save_safetensors, SafetensorsError } from "../../src/nn/index.js";

/** A safetensors file from a header object and raw data bytes. */
function file(header: unknown, data: number[] = []): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe("safetensors", () => {
  it("reads every dtype from hand-built bytes", () => {
    const bytes = file(
      {
        __metadata__: { format: "pt" },
        h: { dtype: "F16", shape: [2], data_offsets: [0, 4] },
        b: { dtype: "BF16", shape: [1], data_offsets: [4, 6] },
        i: { dtype: "I64", shape: [1, 1], data_offsets: [6, 14] },
        m: { dtype: "BOOL", shape: [2], data_offsets: [14, 16] },
      },
      [0x00, 0x3c, 0x00, 0xc0, 0xc0, 0x3f, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0],
    );
    const t = load_safetensors(bytes);
    expect([...t.keys()]).toEqual(["h", "b", "i", "m"]);
    expect(t.get("h")!.tolist()).toEqual([1, -2]);
    expect(t.get("b")!.tolist()).toEqual([1.5]);
    expect(t.get("i")!.dtype.name).toBe("int64");
    expect(t.get("i")!.tolist()).toEqual([[-2]]);
    expect(t.get("m")!.tolist()).toEqual([true, false]);
  });

  it("round-trips a module's state_dict into another module", () => {
    const a = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
    const bytes = save_safetensors(a.state_dict(), { format: "pt" });
    expect((8 + Number(new DataView(bytes.buffer).getBigUint64(0, true))) % 8).toBe(0);
    const b = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
    b.load_state_dict(load_safetensors(bytes));
    for (const [k, v] of a.state_dict()) expect(b.state_dict().get(k)!.tolist(), k).toEqual(v.tolist());
    expect(b.state_dict().get("1.num_batches_tracked")!.dtype.name).toBe("int64");
  });

  it("rejects malformed files with SafetensorsError", () => {
    const ok = { x: { dtype: "F32", shape: [1], data_offsets: [0, 4] } };
    expect(() => load_safetensors(new Uint8Array(4))).toThrow(SafetensorsError);
    const huge = new Uint8Array(16);
    new DataView(huge.buffer).setBigUint64(0, 1n << 40n, true);
    expect(() => load_safetensors(huge)).toThrow("safetensors header too large");
    const long = new Uint8Array(16);
    new DataView(long.buffer).setBigUint64(0, 100n, true);
    expect(() => load_safetensors(long)).toThrow("exceeds the file size");
    expect(() => load_safetensors(file(ok, [0, 0]))).toThrow("outside the data");
    expect(() => load_safetensors(file({ x: { dtype: "F32", shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0]))).toThrow("do not hold shape [2]");
    expect(() => load_safetensors(file({ x: { dtype: "C64", shape: [1], data_offsets: [0, 8] } }, new Array(8).fill(0)))).toThrow("unsupported dtype C64");
    expect(() => load_safetensors(file({
      x: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, y: { dtype: "F32", shape: [1], data_offsets: [4, 8] },
    }, new Array(8).fill(0)))).toThrow("overlap");
    const bad = file(ok, [0, 0, 0, 0]);
    bad[8] = 0xff;
    expect(() => load_safetensors(bad)).toThrow("not valid UTF-8 JSON");
    expect(() => load_safetensors(file([1, 2]))).toThrow("must be a JSON object");
    expect(() => load_safetensors(file({ x: { dtype: "F32", shape: [-1], data_offsets: [0, 0] } }))).toThrow("invalid shape");
  });

  it("keeps int64 values exact and refuses those beyond 2^53", () => {
    const t = torch.tensor([2 ** 53 - 1, -(2 ** 40)], { dtype: torch.int64 });
    expect(load_safetensors(save_safetensors({ t })).get("t")!.tolist()).toEqual([2 ** 53 - 1, -(2 ** 40)]);
    const big = file({ x: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, [0, 0, 0, 0, 0, 0, 0x40, 0]);
    expect(() => load_safetensors(big)).toThrow("outside the range pt2js tensors hold exactly");
  });
});

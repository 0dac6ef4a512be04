// Mutation fuzzing of readPt2, shared by the CI test (few hundred runs) and bench/ (many more).
import fc from "fast-check";
import { Pt2jsError } from "../../src/core/errors.js";
import { readPt2 } from "../../src/serde/index.js";

/** Arbitrary mutations of `seed`: byte flips, 32-bit field overwrites, truncation, splices. */
export function mutatedArchive(seed: Uint8Array): fc.Arbitrary<Uint8Array> {
  const n = seed.length;
  const flip = fc.array(fc.tuple(fc.nat(n - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((fl) => {
    const b = seed.slice();
    for (const [i, x] of fl) b[i] ^= x;
    return b;
  });
  const field = fc.tuple(fc.nat(n - 4), fc.constantFrom(0, 1, 0xffff, 0xffffffff, 0x7fffffff, 64, n), fc.nat(2 ** 32 - 1))
    .map(([i, special, rnd]) => {
      const b = seed.slice();
      new DataView(b.buffer).setUint32(i, special === 1 ? rnd : special, true);
      return b;
    });
  const truncate = fc.nat(n - 1).map((k) => seed.slice(0, k));
  const splice = fc.tuple(fc.nat(n - 1), fc.uint8Array({ minLength: 1, maxLength: 64 })).map(([i, ins]) => {
    const b = new Uint8Array(n + ins.length);
    b.set(seed.subarray(0, i));
    b.set(ins, i);
    b.set(seed.subarray(i), i + ins.length);
    return b;
  });
  return fc.oneof(flip, field, truncate, splice);
}

/** readPt2 on `bytes` must succeed or throw a Pt2jsError, within `maxMs`. */
export function readsSafely(bytes: Uint8Array, maxMs = 2000): void {
  const t0 = performance.now();
  try {
    readPt2(bytes, { maxEntryBytes: 1 << 26 });
  } catch (e) {
    if (!(e instanceof Pt2jsError)) {
      throw new Error(`untyped error: ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}`);
    }
  }
  const ms = performance.now() - t0;
  if (ms > maxMs) throw new Error(`readPt2 took ${ms.toFixed(0)} ms`);
}

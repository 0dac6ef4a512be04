// A tensor's payload file: its elements in logical order as little-endian bytes. encodeTensor
// (src/nn/tensor_bytes.ts) does every dtype but float16, which is written here from the values
// pt2js keeps already rounded to half precision (so the conversion is exact).
import { encodeTensor } from "../nn/tensor_bytes.js";
import type { Tensor } from "../tensor/tensor.js";

export function payloadBytes(t: Tensor): Uint8Array {
  if (t.dtype.name !== "float16") return encodeTensor(t);
  const vals = t._values();
  const out = new Uint8Array(vals.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < vals.length; i++) view.setUint16(i * 2, halfBits(vals[i]!), true);
  return out;
}

/** IEEE binary16 bits of a value representable in it (others round to nearest). */
export function halfBits(v: number): number {
  if (Number.isNaN(v)) return 0x7e00;
  const sign = v < 0 || Object.is(v, -0) ? 0x8000 : 0;
  const a = Math.abs(v);
  if (a === Infinity) return sign | 0x7c00;
  if (a < 2 ** -14) return sign | Math.round(a / 2 ** -24); // subnormal (1024 carries into the exponent)
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  if (2 ** (e + 1) <= a) e++;
  let m = Math.round((a / 2 ** e - 1) * 1024);
  if (m === 1024) {
    e++;
    m = 0;
  }
  if (e > 15) return sign | 0x7c00;
  return sign | ((e + 15) << 10) | m;
}

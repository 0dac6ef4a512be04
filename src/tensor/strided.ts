// Strided layout helpers: contiguous strides, and reading/writing a tensor's elements in logical
// (row-major) order whatever its strides. Kernels work on logical-order arrays.
import type { Storage } from "./dtype.js";

/** Row-major strides of `shape` (numbers only: kernels run on concrete tensors). */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= Math.max(shape[i]!, 1);
  }
  return s;
}

export function numelOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function isContiguousLayout(shape: readonly number[], stride: readonly number[]): boolean {
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] === 1) continue;
    if (stride[i] !== acc) return shape[i] === 0;
    acc *= shape[i]!;
  }
  return true;
}

/**
 * Storage index of every element of a `shape`-shaped view with `stride` and `offset`, in logical
 * order. Broadcast dimensions have stride 0.
 */
export function stridedIndices(shape: readonly number[], stride: readonly number[], offset: number): Int32Array | Float64Array {
  const n = numelOf(shape);
  const out = n < 2 ** 31 ? new Int32Array(n) : new Float64Array(n);
  const nd = shape.length;
  if (n === 0) return out;
  if (nd === 0) {
    out[0] = offset;
    return out;
  }
  const idx = new Array<number>(nd).fill(0);
  const last = nd - 1;
  const lastSize = shape[last]!;
  const lastStride = stride[last]!;
  let base = offset;
  let i = 0;
  for (;;) {
    for (let k = 0, p = base; k < lastSize; k++, p += lastStride) out[i++] = p;
    if (i >= n) break;
    let d = last - 1;
    for (; d >= 0; d--) {
      idx[d]!++;
      base += stride[d]!;
      if (idx[d]! < shape[d]!) break;
      base -= stride[d]! * shape[d]!;
      idx[d] = 0;
    }
    if (d < 0) break;
  }
  return out;
}

/** The elements of a strided view in logical order (the storage itself when already laid out so). */
export function gather(data: Storage, shape: readonly number[], stride: readonly number[], offset: number): Storage {
  const n = numelOf(shape);
  if (isContiguousLayout(shape, stride)) {
    return offset === 0 && data.length === n ? data : data.subarray(offset, offset + n);
  }
  const idx = stridedIndices(shape, stride, offset);
  const out = new (data.constructor as { new (n: number): Storage })(n);
  for (let i = 0; i < n; i++) out[i] = data[idx[i]!]!;
  return out;
}

/** Writes logical-order `values` into a strided view, converting with `cast` when given. */
export function scatterInto(
  data: Storage,
  shape: readonly number[],
  stride: readonly number[],
  offset: number,
  values: ArrayLike<number>,
  cast: ((v: number) => number) | null,
): void {
  const n = numelOf(shape);
  if (isContiguousLayout(shape, stride)) {
    if (cast) for (let i = 0; i < n; i++) data[offset + i] = cast(values[i]!);
    else if (ArrayBuffer.isView(values) && values.constructor === data.constructor) data.set(values as never, offset);
    else for (let i = 0; i < n; i++) data[offset + i] = values[i]!;
    return;
  }
  const idx = stridedIndices(shape, stride, offset);
  if (cast) for (let i = 0; i < n; i++) data[idx[i]!] = cast(values[i]!);
  else for (let i = 0; i < n; i++) data[idx[i]!] = values[i]!;
}

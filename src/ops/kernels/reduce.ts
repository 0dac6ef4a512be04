// Reduction kernels: the input is viewed with the reduced dims last, so every output element
// reduces one contiguous run of `inner` values.
import { Tensor } from "../../tensor/tensor.js";
import { gather, numelOf } from "../../tensor/strided.js";

/** Values grouped for reduction: `outer` groups of `inner` consecutive values. */
export function groups(t: Tensor, dims: readonly number[]): { vals: ArrayLike<number>; outer: number; inner: number } {
  const shape = t._sizes();
  const kept = shape.map((_, i) => i).filter((i) => !dims.includes(i));
  const perm = [...kept, ...dims];
  const vals = gather(t._data(), perm.map((d) => shape[d]!), perm.map((d) => t._stride[d] as number), t._offset as number);
  const inner = numelOf(dims.map((d) => shape[d]!));
  const outer = numelOf(kept.map((d) => shape[d]!));
  return { vals, outer, inner };
}

/** Reduces each group with `f(values, start, length)`. */
export function reduceGroups(
  t: Tensor,
  dims: readonly number[],
  f: (v: ArrayLike<number>, start: number, n: number) => number,
): Float64Array {
  const { vals, outer, inner } = groups(t, dims);
  const r = new Float64Array(outer);
  for (let o = 0; o < outer; o++) r[o] = f(vals, o * inner, inner);
  return r;
}

export function sumRange(v: ArrayLike<number>, s: number, n: number): number {
  // Pairwise-ish: Kahan compensation keeps float32 sums within PyTorch's tolerance.
  let sum = 0;
  let c = 0;
  for (let i = s; i < s + n; i++) {
    const y = v[i]! - c;
    const tt = sum + y;
    c = tt - sum - y;
    sum = tt;
  }
  return Number.isNaN(c) ? naiveSum(v, s, n) : sum;
}
function naiveSum(v: ArrayLike<number>, s: number, n: number): number {
  let sum = 0;
  for (let i = s; i < s + n; i++) sum += v[i]!;
  return sum;
}

/** Index of the max (or min) in a run; NaN wins, first occurrence on ties. */
export function argExtreme(v: ArrayLike<number>, s: number, n: number, isMax: boolean): number {
  let best = 0;
  let bv = v[s]!;
  for (let i = 1; i < n; i++) {
    const x = v[s + i]!;
    if (Number.isNaN(bv)) break;
    if (Number.isNaN(x) || (isMax ? x > bv : x < bv)) {
      best = i;
      bv = x;
    }
  }
  return best;
}

/** Variance of a run with `correction` (Bessel's correction when 1). */
export function varRange(v: ArrayLike<number>, s: number, n: number, correction: number): number {
  const mean = sumRange(v, s, n) / n;
  let acc = 0;
  for (let i = s; i < s + n; i++) acc += (v[i]! - mean) ** 2;
  return acc / Math.max(n - correction, 0);
}

/** Applies `f` along one dim (scan-like ops: cumsum, softmax) and returns logical-order output. */
export function alongDim(t: Tensor, dim: number, f: (src: ArrayLike<number>, dst: Float64Array, s: number, n: number) => void): Float64Array {
  const shape = t._sizes();
  const { vals, outer, inner } = groups(t, [dim]);
  const tmp = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++) f(vals, tmp, o * inner, inner);
  // Move `dim` back from last place.
  const n = shape[dim]!;
  const after = numelOf(shape.slice(dim + 1));
  const before = numelOf(shape.slice(0, dim));
  const res = new Float64Array(tmp.length);
  for (let b = 0; b < before; b++) {
    for (let a = 0; a < after; a++) {
      const g = (b * after + a) * n;
      for (let k = 0; k < n; k++) res[(b * n + k) * after + a] = tmp[g + k]!;
    }
  }
  return res;
}

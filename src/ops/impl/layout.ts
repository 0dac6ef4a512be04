// Output strides of elementwise ops: PyTorch keeps the inputs' memory layout (a permuted or
// channels-last input gives a like-strided result), per torch/_prims_common's
// compute_elementwise_output_logical_to_physical_perm.
import { Tensor, contiguousStridesOf } from "../../tensor/tensor.js";
import type { Size } from "../size.js";

/** Strides of `t` expanded to `shape` (0 for broadcast and new leading dims). */
function expandedStrides(t: Tensor, shape: readonly Size[]): Size[] {
  const off = shape.length - t.ndim;
  return shape.map((_, i) => {
    const j = i - off;
    if (j < 0) return 0;
    return t.shape[j] === 1 && shape[i] !== 1 ? 0 : t._stride[j]!;
  });
}

/**
 * Strides for an elementwise result of `shape` over `operands` (tensors with dim > 0), or
 * undefined when the result is contiguous — always so when any size or stride is symbolic and
 * the operands are contiguous, the case traced models hit.
 */
export function elementwiseStrides(shape: readonly Size[], operands: readonly unknown[]): Size[] | undefined {
  const nd = shape.length;
  if (nd <= 1) return undefined;
  const ts = operands.filter((x): x is Tensor => x instanceof Tensor && x.ndim > 0);
  if (ts.length === 0 || ts.every((t) => t.is_contiguous())) return undefined;
  const strides = ts.map((t) => expandedStrides(t, shape));
  if (shape.some((d) => typeof d !== "number") || strides.some((s) => s.some((d) => typeof d !== "number"))) return undefined;
  const sh = shape as number[];
  const st = strides as number[][];
  // 1 when dim a should be physically outside dim b, -1 inside, 0 undecided.
  const shouldSwap = (a: number, b: number): number => {
    for (const s of st) {
      const sa = s[a]!;
      const sb = s[b]!;
      if (sa === 0 || sb === 0) continue;
      if (sa < sb) return -1;
      if (sa > sb) return 1;
      if (sh[a]! > sh[b]!) return 1;
    }
    return 0;
  };
  // Insertion sort back-to-front, as PyTorch does, tolerating undecided comparisons.
  const perm = Array.from({ length: nd }, (_, i) => nd - 1 - i);
  for (let i = 1; i < nd; i++) {
    let d1 = i;
    for (let d0 = i - 1; d0 >= 0; d0--) {
      const c = shouldSwap(perm[d0]!, perm[d1]!);
      if (c > 0) {
        [perm[d0], perm[d1]] = [perm[d1]!, perm[d0]!];
        d1 = d0;
      } else if (c < 0) break;
    }
  }
  perm.reverse(); // logical → physical order, outermost first
  if (perm.every((p, i) => p === i)) return undefined;
  const physical = contiguousStridesOf(perm.map((p) => sh[p]!)) as number[];
  const res = new Array<number>(nd);
  perm.forEach((p, i) => (res[p] = physical[i]!));
  return res;
}

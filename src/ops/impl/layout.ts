// Output strides of elementwise ops: PyTorch keeps the inputs' memory layout (a permuted or
// channels-last input gives a like-strided result), per torch/_prims_common's
// compute_elementwise_output_logical_to_physical_perm; and the test for a permuted dense layout.
import { Tensor, contiguousStridesOf, isContiguousOrFalse, isChannelsLastContiguousOrFalse } from "../../tensor/tensor.js";
import { isSymbolic, sizeEqSym, sizeGeSym, sizeMod, sizeMul, type Size } from "../size.js";
import { guardOrFalse, type SymBool } from "../../symbolic/symbool.js";

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
 * Strides for an elementwise result of `shape` over `operands`, or undefined when the result is
 * contiguous. Concrete layouts take the numeric sort below; symbolic ones follow 2.11's
 * compute_elementwise_output_logical_to_physical_perm step by step, because its checks record
 * guards: each operand (broadcast to `shape`) is tested for contiguity, then for channels_last
 * contiguity (`and` short-circuits across operands), e.g. `Ne(Max(1, H)*Max(1, W), 1)` for a
 * conv output; only when neither decides is the permutation sorted (guard_or_false comparisons).
 */
export function elementwiseStrides(shape: readonly Size[], operands: readonly unknown[], fastBinary = false): Size[] | undefined {
  const nd = shape.length;
  if (nd <= 1) return undefined;
  const ts = operands.filter((x): x is Tensor => x instanceof Tensor && x.ndim > 0);
  if (ts.length === 0) return undefined;
  const strides = ts.map((t) => expandedStrides(t, shape));
  if (shape.some(isSymbolic) || strides.some((s) => s.some(isSymbolic))) {
    if (fastBinary) {
      const fast = fastBinaryLayout(shape, operands);
      if (fast !== "slow") return fast;
    }
    return symbolicStrides(shape, strides);
  }
  if (ts.every((t) => t.is_contiguous())) return undefined;
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
  const perm = sortedDims(nd, shouldSwap);
  perm.reverse(); // logical → physical order, outermost first
  if (perm.every((p, i) => p === i)) return undefined;
  const physical = contiguousStridesOf(perm.map((p) => sh[p]!)) as number[];
  const res = new Array<number>(nd);
  perm.forEach((p, i) => (res[p] = physical[i]!));
  return res;
}

/**
 * FakeTensor's fast path for aten.add/sub/mul/div.Tensor (2.11 fake_impls make_fast_binary_impl):
 * when some operand already has the result's shape, every tensor operand (as given, not broadcast)
 * is tested for contiguity and for channels_last contiguity, each flag short-circuiting on its own;
 * contiguous wins, then channels_last, else the slow path (the refs, i.e. the prims layout rule).
 */
function fastBinaryLayout(shape: readonly Size[], operands: readonly unknown[]): Size[] | undefined | "slow" {
  const tensors = operands.filter((x): x is Tensor => x instanceof Tensor);
  const sameShape = (t: Tensor): boolean => {
    if (t.ndim !== shape.length) return false;
    let all: SymBool | boolean = true;
    for (let i = 0; i < shape.length && all !== false; i++) {
      const e = sizeEqSym(t._shape[i]!, shape[i]!);
      all = all === true ? e : e === true ? all : e === false ? false : all.and(e);
    }
    return guardOrFalse(all);
  };
  if (!tensors.some(sameShape)) return "slow";
  let contiguous = true;
  let channelsLast = true;
  for (const t of tensors) {
    contiguous = contiguous && isContiguousOrFalse(t._shape, t._stride);
    channelsLast = channelsLast && isChannelsLastContiguousOrFalse(t._shape, t._stride);
  }
  if (contiguous) return undefined;
  if (channelsLast) return permutedContiguous(shape, [0, 2, 3, 1]);
  return "slow";
}

/** The symbolic path of compute_elementwise_output_logical_to_physical_perm (2.11). */
function symbolicStrides(shape: readonly Size[], strides: readonly Size[][]): Size[] | undefined {
  const nd = shape.length;
  let contiguous = true;
  let channelsLast = true;
  for (const st of strides) {
    contiguous = contiguous && isContiguousOrFalse(shape, st);
    channelsLast = channelsLast && isChannelsLastContiguousOrFalse(shape, st);
  }
  if (contiguous && !channelsLast) return undefined;
  if (channelsLast && !contiguous) return permutedContiguous(shape, [0, ...Array.from({ length: nd - 2 }, (_, i) => i + 2), 1]);

  const ge = (a: Size, b: Size): boolean => {
    if (guardOrFalse(sizeEqSym(b, 0))) return true;
    if (guardOrFalse(sizeEqSym(a, 0))) return false;
    return guardOrFalse(sizeGeSym(a, b)) || guardOrFalse(sizeEqSym(sizeMod(a, b), 0));
  };
  const shouldSwap = (a: number, b: number): number => {
    for (const s of strides) {
      const sa = s[a]!;
      const sb = s[b]!;
      if (guardOrFalse(sizeEqSym(sa, 0)) || guardOrFalse(sizeEqSym(sb, 0))) continue;
      if (guardOrFalse(sizeEqSym(sa, sb))) {
        if (ge(shape[b]!, shape[a]!)) continue;
        return 1;
      }
      if (ge(sb, sa)) return -1;
      if (ge(sa, sb)) return 1;
    }
    return 0;
  };
  const perm = sortedDims(nd, shouldSwap);
  perm.reverse();
  if (perm.every((p, i) => p === i)) return undefined;
  return permutedContiguous(shape, perm);
}

/** Contiguous strides of the physical (permuted) order, given back in logical order. */
function permutedContiguous(shape: readonly Size[], perm: readonly number[]): Size[] {
  const physical = contiguousStridesOf(perm.map((p) => shape[p]!));
  const res = new Array<Size>(shape.length);
  perm.forEach((p, i) => (res[p] = physical[i]!));
  return res;
}

/**
 * The dims sorted back-to-front by insertion sort, as PyTorch does it, tolerating undecided
 * comparisons (`shouldSwap` 0); the caller reverses the result into logical → physical order.
 */
function sortedDims(nd: number, shouldSwap: (a: number, b: number) => number): number[] {
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
  return perm;
}

/**
 * The strides of (shape, stride) when they are contiguous strides of its dims in some order (a
 * permuted dense layout, compared by their printed form so symbolic strides count), else null.
 * Tries every order: callers bound the rank.
 */
export function permutedContiguousStrides(shape: readonly Size[], stride: readonly Size[]): Size[] | null {
  const n = shape.length;
  const want = stride.map(String);
  for (const order of permutations(n)) {
    // order: dims from outermost to innermost
    const strides = new Array<Size>(n);
    let acc: Size = 1;
    for (let k = n - 1; k >= 0; k--) {
      const d = order[k]!;
      strides[d] = acc;
      acc = sizeMul(acc, shape[d]!);
    }
    if (strides.every((st, d) => String(st) === want[d])) return strides;
  }
  return null;
}

function permutations(n: number): number[][] {
  if (n <= 1) return [[0].slice(0, n)];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, i) => [...p.slice(0, i), n - 1, ...p.slice(i)]));
}

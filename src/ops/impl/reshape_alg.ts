// Reshape/view on symbolic sizes, step for step as PyTorch's fake tensors do it
// (torch/_refs' reshape view helper): output dims are built left to right by flattening and
// splitting input dims. Each size comparison on symbols records the same guard PyTorch records —
// which is how `x.view(4, -1)` on a dynamic dim specializes it to 4.
import { checkContiguousSizesStrides, contiguousStridesOf, isContiguousOrFalse } from "../../tensor/tensor.js";
import { check, TorchRuntimeError } from "../errors.js";
import { sizeEq, sizeEqSym, sizeFloorDiv, sizeGeSym, sizeHint, sizeLtSym, sizeMax, sizeMin, sizeMod, sizeMul, sizeNe, sizeNeSym, sizeProduct, type Size } from "../size.js";
import { guardBool, guardOrFalse, guardOrTrue } from "../../symbolic/symbool.js";
import { _check } from "../../symbolic/checks.js";
import { fmtShape } from "./util.js";

const mul = (a: Size, b: Size): Size => (typeof a === "number" && typeof b === "number" ? a * b : sizeMul(a, b));
const eq = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const ne = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a !== b : sizeNe(a, b));

/** infer_size: resolves one -1 against `numel` elements, with PyTorch's checks (torch._check:
 * guards on backed sizes, deferred runtime asserts on data-dependent ones). */
export function inferSizeSym(shape: readonly Size[], numel: Size): Size[] {
  return inferSizeChecked(shape, numel);
}

interface Layout {
  shape: Size[];
  stride: Size[];
}

/** Whether dims [start, end] can be merged without a copy (prims._collapse_view_helper). */
function collapsible(l: Layout, start: number, end: number): boolean {
  let inner = end;
  for (let d = end - 1; d >= start; d--) {
    if (eq(l.shape[d]!, 1)) continue;
    if (!eq(l.stride[d]!, mul(l.stride[inner]!, l.shape[inner]!))) return false;
    inner = d;
  }
  return true;
}

/**
 * The view of `shape` over (oldShape, oldStride), or null when it needs a copy. `shape` is
 * already resolved (no -1). Mirrors the reference algorithm, including its guards. `refsStrides`:
 * a flattened dim's stride is the minimum of its non-1 dims' strides (`Min(8, 8*s27)`), as reshape's
 * Python reference computes it; view's C++ kernel (computeStride) keeps the innermost stride.
 */
export function reshapeViewSym(oldShape: readonly Size[], oldStride: readonly Size[], shape: readonly Size[], numel: Size, contiguous: boolean, refsStrides = false): Layout | null {
  if (eq(numel, 0)) return { shape: [...shape], stride: contiguousStridesOf(shape) };
  if (oldShape.length === 0 || shape.length === 0) {
    for (const d of oldShape.length === 0 ? shape : oldShape) check(eq(d, 1), "reshape of a 0-dim tensor needs sizes of 1");
    return { shape: [...shape], stride: shape.map(() => 1) };
  }
  if (contiguous) {
    if (shape.length === 1 && oldShape.length > 1) return { shape: [numel], stride: [1] };
    if (shape.length === 2 && oldShape.length === 1) return { shape: [...shape], stride: [shape[1]!, 1] };
  }
  check(eq(numel, sizeProduct(shape)), () => `Could not reshape a tensor with shape ${fmtShape(oldShape)} as a tensor with shape ${fmtShape(shape)}!`);
  const l: Layout = { shape: [...oldShape], stride: [...oldStride] };
  let idx = 0;
  for (const length of shape) {
    if (idx >= l.shape.length) {
      // Tail unsqueeze: split the last dim into (itself, 1).
      check(eq(length, 1), () => `Cannot unsqueeze dimension with length ${String(length)}, expected 1`);
      const last = l.shape.length - 1;
      l.shape.push(1);
      l.stride.push(l.stride[last]!);
      idx++;
      continue;
    }
    if (eq(length, l.shape[idx]!)) {
      idx++;
      continue;
    }
    let accum = l.shape[idx]!;
    let end = idx;
    while (ne(sizeMod(accum, length), 0)) {
      end++;
      accum = mul(accum, l.shape[end]!);
    }
    if (end !== idx) {
      if (!collapsible(l, idx, end)) return null;
      let innerStride = l.stride[end]!;
      if (refsStrides) for (let d = end - 1; d >= idx; d--) if (ne(l.shape[d]!, 1)) innerStride = sizeMin(innerStride, l.stride[d]!);
      l.shape.splice(idx, end - idx + 1, accum);
      l.stride.splice(idx, end - idx + 1, innerStride);
    }
    if (ne(accum, length)) {
      // split_dim(idx, length): (length, accum // length), strides (s * inner, s)
      const inner = sizeFloorDiv(accum, length);
      const s = l.stride[idx]!;
      l.shape.splice(idx, 1, length, inner);
      l.stride.splice(idx, 1, mul(s, inner), s);
    }
    idx++;
  }
  while (idx < l.shape.length) {
    check(eq(l.shape[idx]!, 1), () => `a.size(${idx}) expected to be 1 but got ${String(l.shape[idx])}`);
    l.shape.splice(idx, 1);
    l.stride.splice(idx, 1);
  }
  return l;
}

// ---------------------------------------------------------------- views with unbacked sizes
// PyTorch 2.11's fake-tensor view (torch/_subclasses/fake_impls.py _view_meta): when a size or
// stride of the input or of the requested shape has no hint (item(), nonzero), the view is
// computed size-obliviously: facts it cannot decide become torch._check (a deferred runtime
// assert on unbacked symbols) or guard_or_false/guard_or_true instead of a data-dependent error.

const eqSym = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEqSym(a, b));
const neSym = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a !== b : sizeNeSym(a, b));

/** _view_has_unbacked_input: some size or stride of the input, or some requested size, has no hint. */
export function viewHasUnbackedInput(shape: readonly Size[], stride: readonly Size[], size: readonly Size[]): boolean {
  const unbacked = (x: Size) => typeof x !== "number" && sizeHint(x) === null;
  return shape.some(unbacked) || stride.some(unbacked) || size.some(unbacked);
}

/** _prims_common.infer_size (2.11): a symbolic dim is assumed not to be -1 (guard_or_false), and
 * the element-count checks are torch._check. */
export function inferSizeChecked(shape: readonly Size[], numel: Size): Size[] {
  let dim = -1;
  let newsize: Size = 1;
  shape.forEach((d, i) => {
    if (guardOrFalse(eqSym(d, -1))) {
      _check(dim < 0, () => "only one dimension can be inferred");
      dim = i;
    } else {
      _check(
        typeof d === "number" ? d >= 0 : sizeGeSym(d, 0),
        () => `invalid shape dimension ${String(d)}. If this was symbolic, it was assumed to not be -1.If this was meant to be inferred, please explicitly pass in -1.`,
      );
      newsize = mul(newsize, d);
    }
  });
  const bad = () => `shape '${fmtShape(shape)}' is invalid for input of size ${String(numel)}`;
  if (dim < 0) {
    _check(eqSym(numel, newsize), bad);
    return [...shape];
  }
  _check(neSym(newsize, 0), () =>
    guardOrFalse(eqSym(numel, 0))
      ? `cannot reshape tensor of 0 elements into shape ${fmtShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`
      : bad(),
  );
  _check(eqSym(sizeMod(numel, newsize), 0), bad);
  const res = [...shape];
  res[dim] = sizeFloorDiv(numel, newsize);
  return res;
}

/** _compute_stride (computeStride_impl), size-oblivious: guard_or_false/guard_or_true where
 * `oblivious`, plain guards (which raise on unbacked sizes) otherwise. Null: needs a copy. */
function computeStride(oldShape: readonly Size[], oldStride: readonly Size[], newShape: readonly Size[], oblivious: boolean): Size[] | null {
  const orFalse = oblivious ? guardOrFalse : guardBool;
  const orTrue = oblivious ? guardOrTrue : guardBool;
  if (oldShape.length === 0) return newShape.map(() => 1);
  const numel = sizeProduct(oldShape);
  const zero = orFalse(eqSym(numel, 0));
  if (zero && oldShape.length === newShape.length && oldShape.every((d, i) => orFalse(eqSym(d, newShape[i]!)))) return [...oldStride];
  const out = new Array<Size>(newShape.length).fill(0);
  if (zero) {
    for (let d = newShape.length - 1; d >= 0; d--) {
      out[d] = d === newShape.length - 1 ? 1 : mul(sizeMax(newShape[d + 1]!, 1), out[d + 1]!);
    }
    return out;
  }
  let viewD = newShape.length - 1;
  let chunkBase = oldStride[oldStride.length - 1]!;
  let tensorNumel: Size = 1;
  let viewNumel: Size = 1;
  for (let td = oldShape.length - 1; td >= 0; td--) {
    tensorNumel = mul(tensorNumel, oldShape[td]!);
    if (td === 0 || (orTrue(neSym(oldShape[td - 1]!, 1)) && orTrue(neSym(oldStride[td - 1]!, mul(tensorNumel, chunkBase))))) {
      while (viewD >= 0 && (orTrue(sizeLtSym(viewNumel, tensorNumel)) || orFalse(eqSym(newShape[viewD]!, 1)))) {
        out[viewD] = mul(viewNumel, chunkBase);
        viewNumel = mul(viewNumel, newShape[viewD]!);
        viewD--;
      }
      if (orTrue(neSym(viewNumel, tensorNumel))) return null;
      if (td > 0) {
        chunkBase = oldStride[td - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}

/** _view_unbacked_meta: the view's (shape, stride) — the same strides when the shape is unchanged —
 * or null when the view needs a copy. */
export function viewUnbackedSym(oldShape: readonly Size[], oldStride: readonly Size[], size: readonly Size[], numel: Size, oblivious = true): Layout | null {
  const shape = inferSizeChecked(size, numel);
  if (oldShape.length === 0 || shape.length === 0) {
    for (const d of oldShape.length === 0 ? shape : oldShape) _check(eqSym(d, 1));
    return { shape, stride: shape.map(() => 1) };
  }
  _check(eqSym(numel, sizeProduct(shape)), () => `Could not reshape a tensor with shape ${fmtShape(oldShape)} as a tensor with shape ${fmtShape(shape)}!`);
  if (shape.length === oldShape.length && shape.every((d, i) => guardOrFalse(eqSym(d, oldShape[i]!)))) {
    return { shape: [...oldShape], stride: [...oldStride] };
  }
  if (oblivious ? isContiguousOrFalse(oldShape, oldStride) : checkContiguousSizesStrides(oldShape, oldStride, false)) {
    return { shape, stride: contiguousStridesOf(shape) };
  }
  const stride = computeStride(oldShape, oldStride, shape, oblivious);
  if (stride !== null) return { shape, stride };
  // Retried with plain guards, which raise the data-dependent error when an unbacked size decides it.
  if (oblivious) return viewUnbackedSym(oldShape, oldStride, size, numel, false);
  return null;
}

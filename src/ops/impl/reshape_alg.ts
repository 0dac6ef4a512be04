// Reshape/view on symbolic sizes, step for step as PyTorch's fake tensors do it
// (torch/_refs' reshape view helper): output dims are built left to right by flattening and
// splitting input dims. Each size comparison on symbols records the same guard PyTorch records —
// which is how `x.view(4, -1)` on a dynamic dim specializes it to 4.
import { contiguousStridesOf } from "../../tensor/tensor.js";
import { check, TorchRuntimeError } from "../errors.js";
import { sizeEq, sizeFloorDiv, sizeMin, sizeMod, sizeMul, sizeNe, sizeProduct, type Size } from "../size.js";
import { fmtShape } from "./util.js";

const mul = (a: Size, b: Size): Size => (typeof a === "number" && typeof b === "number" ? a * b : sizeMul(a, b));
const eq = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a === b : sizeEq(a, b));
const ne = (a: Size, b: Size) => (typeof a === "number" && typeof b === "number" ? a !== b : sizeNe(a, b));

/** infer_size: resolves one -1 against `numel` elements, with PyTorch's checks (guards on symbols). */
export function inferSizeSym(shape: readonly Size[], numel: Size): Size[] {
  let dim = -1;
  let newsize: Size = 1;
  shape.forEach((d, i) => {
    if (d === -1) {
      check(dim < 0, "only one dimension can be inferred");
      dim = i;
    } else {
      check(typeof d !== "number" || d >= 0, () => `invalid shape dimension ${String(d)}`);
      newsize = mul(newsize, d);
    }
  });
  const bad = () => `shape '${fmtShape(shape)}' is invalid for input of size ${String(numel)}`;
  if (dim < 0) {
    check(eq(numel, newsize), bad);
    return [...shape];
  }
  if (eq(newsize, 0)) {
    throw new TorchRuntimeError(eq(numel, 0)
      ? `cannot reshape tensor of 0 elements into shape ${fmtShape(shape)} because the unspecified dimension size -1 can be any value and is ambiguous`
      : bad());
  }
  check(eq(sizeMod(numel, newsize), 0), bad);
  const res = [...shape];
  res[dim] = sizeFloorDiv(numel, newsize);
  return res;
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

// Shape ops as PyTorch's CompositeImplicitAutograd kernels (TensorShape.cpp): reshape is a view
// when the strides allow it, else a contiguous clone viewed; flatten is a reshape; split is
// split_with_sizes; contiguous clones only a non-contiguous tensor; `to` is _to_copy.
import { inferSizeSym, reshapeViewSym } from "../../ops/impl/reshape_alg.js";
import type { Size } from "../../symbolic/symint.js";
import type { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { Layout, MemoryFormat } from "../../fx/values.js";
import { aten, atenList, product, untraced, wrap, type Decomposition } from "./util.js";

const CONTIGUOUS = new MemoryFormat("contiguous_format");
const STRIDED = new Layout("strided");

function numel(x: Tensor): Size {
  return untraced(() => product(x.shape));
}

const reshape: Decomposition = ([self, shape]) => {
  const x = self as Tensor;
  const sizes = untraced(() => inferSizeSym(shape as Size[], numel(x)));
  const viewable = untraced(() => reshapeViewSym(x.shape, x._stride, sizes, numel(x), x.is_contiguous()) !== null);
  if (viewable) return aten("view.default", [x, sizes]);
  return aten("_unsafe_view.default", [aten("clone.default", [x], { memory_format: CONTIGUOUS }), sizes]);
};

const flatten: Decomposition = ([self, start, end]) => {
  const x = self as Tensor;
  const n = x.dim();
  if (n === 0) return aten("reshape.default", [x, [1]]);
  const s = wrap(start as number, n);
  const e = wrap(end as number, n);
  if (s === e) return x;
  const sizes = x.shape;
  const shape = [...sizes.slice(0, s), product(sizes.slice(s, e + 1)), ...sizes.slice(e + 1)];
  return aten("reshape.default", [x, shape]);
};

const split: Decomposition = ([self, size, dim]) => {
  const x = self as Tensor;
  const d = wrap(dim as number, x.dim());
  const total = x.shape[d] as number;
  const step = size as number;
  if (typeof total !== "number") return atenList("split.Tensor", [x, size, dim]);
  const sizes: number[] = [];
  for (let at = 0; at < total || sizes.length === 0; at += step) sizes.push(Math.min(step, total - at));
  return atenList("split_with_sizes.default", [x, sizes, dim]);
};

const contiguous: Decomposition = ([self]) => {
  const x = self as Tensor;
  return untraced(() => x.is_contiguous()) ? x : aten("clone.default", [x], { memory_format: CONTIGUOUS });
};

const toDtype: Decomposition = ([self, dtype, , copy]) => {
  const x = self as Tensor;
  if (x.dtype === (dtype as DType) && !copy) return x;
  return aten("_to_copy.default", [x], { dtype });
};

// arange with a default step, and the factory defaults PyTorch's decomposition fills in.
const arange = (withStart: boolean): Decomposition => (a) => {
  const [start, end, dtype, layout, device, pin] = withStart ? a : [0, ...a];
  const kwargs: Record<string, unknown> = { layout: layout ?? STRIDED, device: device ?? "cpu", pin_memory: pin ?? false };
  if (dtype !== null && dtype !== undefined) kwargs.dtype = dtype;
  return aten("arange.start_step", [start, end], kwargs);
};

export const SHAPE: Record<string, Decomposition> = {
  "reshape.default": reshape,
  "flatten.using_ints": flatten,
  "_unsafe_view.default": ([self, size]) => aten("view.default", [self, size]),
  "split.Tensor": split,
  "contiguous.default": contiguous,
  "to.dtype": toDtype,
  "arange.default": arange(false),
  "arange.start": arange(true),
  "sum.default": ([self, dtype]) => aten("sum.dim_IntList", [self, []], dtype === null ? {} : { dtype }),
};

// torch.* functions for reductions, linear algebra, indexing and neural-network ops.
import { Tensor } from "../tensor/tensor.js";
import type { DType } from "../tensor/dtype.js";
import { call, callT, isOptions } from "./call.js";
import type { Size } from "./size.js";

type Scalar = number | boolean;
type Opts = Record<string, unknown>;
/** A (values, indices) result, also readable as `.values` / `.indices` like PyTorch's named tuple. */
export type ValuesIndices = [Tensor, Tensor] & { values: Tensor; indices: Tensor };
const named = (r: unknown): ValuesIndices => {
  const [v, i] = r as [Tensor, Tensor];
  return Object.assign([v, i] as [Tensor, Tensor], { values: v, indices: i });
};

/** Splits (dim?, keepdim?, opts?) as Python's sum(dim, keepdim, *, dtype) accepts them. */
function dimArgs(args: unknown[]): { dim: number | number[] | null | undefined; keepdim: boolean; opts: Opts } {
  let opts: Opts = {};
  if (args.length && isOptions(args[args.length - 1])) opts = args.pop() as Opts;
  const dim = (args[0] ?? opts.dim) as number | number[] | null | undefined;
  const keepdim = (args[1] ?? opts.keepdim ?? false) as boolean;
  return { dim, keepdim, opts };
}
const dtypeKw = (o: Opts) => (o.dtype ? { dtype: o.dtype } : {});

// ---------------------------------------------------------------- reductions
/** x.sum() / x.sum(dim, keepdim?) / x.sum(dims, { keepdim, dtype }) */
export function sum(input: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim, opts } = dimArgs(args);
  if (dim === undefined || dim === null) return callT("sum.default", [input], dtypeKw(opts));
  return callT("sum.dim_IntList", keepdim ? [input, dim, true] : [input, dim], dtypeKw(opts));
}
export function mean(input: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim, opts } = dimArgs(args);
  if (dim === undefined || dim === null) return callT("mean.default", [input], dtypeKw(opts));
  return callT("mean.dim", keepdim ? [input, dim, true] : [input, dim], dtypeKw(opts));
}
export function prod(input: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim, opts } = dimArgs(args);
  if (dim === undefined || dim === null) return callT("prod.default", [input], dtypeKw(opts));
  return callT("prod.dim_int", keepdim ? [input, dim, true] : [input, dim], dtypeKw(opts));
}
export function amax(input: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim } = dimArgs(args);
  return callT("amax.default", keepdim ? [input, dim ?? [], true] : dim === undefined ? [input] : [input, dim]);
}
export function amin(input: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim } = dimArgs(args);
  return callT("amin.default", keepdim ? [input, dim ?? [], true] : dim === undefined ? [input] : [input, dim]);
}
export function argmax(input: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim } = dimArgs(args);
  return callT("argmax.default", keepdim ? [input, dim ?? null, true] : dim === undefined || dim === null ? [input] : [input, dim]);
}
export function argmin(input: Tensor, ...args: unknown[]): Tensor {
  const { dim, keepdim } = dimArgs(args);
  return callT("argmin.default", keepdim ? [input, dim ?? null, true] : dim === undefined || dim === null ? [input] : [input, dim]);
}
function allAny(name: string, input: Tensor, args: unknown[]): Tensor {
  const { dim, keepdim } = dimArgs(args);
  if (dim === undefined || dim === null) return callT(`${name}.default`, [input]);
  const ov = Array.isArray(dim) ? "dims" : "dim";
  return callT(`${name}.${ov}`, keepdim ? [input, dim, true] : [input, dim]);
}
export const all = (input: Tensor, ...args: unknown[]): Tensor => allAny("all", input, args);
export const any = (input: Tensor, ...args: unknown[]): Tensor => allAny("any", input, args);
/** torch.max(x) / max(x, dim, keepdim?) → [values, indices] / max(x, other) (elementwise) */
export function max(input: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  if (args[0] instanceof Tensor) return callT("maximum.default", [input, args[0]]);
  const { dim, keepdim } = dimArgs(args);
  if (dim === undefined || dim === null) return callT("max.default", [input]);
  return named(call("max.dim", keepdim ? [input, dim, true] : [input, dim]));
}
export function min(input: Tensor, ...args: unknown[]): Tensor | ValuesIndices {
  if (args[0] instanceof Tensor) return callT("minimum.default", [input, args[0]]);
  const { dim, keepdim } = dimArgs(args);
  if (dim === undefined || dim === null) return callT("min.default", [input]);
  return named(call("min.dim", keepdim ? [input, dim, true] : [input, dim]));
}
/** x.var(dim?, { correction, unbiased, keepdim }) — always the `correction` overload, as PyTorch 2 traces. */
function varStd(name: string, input: Tensor, args: unknown[]): Tensor {
  const { dim, keepdim, opts } = dimArgs(args);
  const kw: Opts = {};
  if (opts.correction !== undefined) kw.correction = opts.correction;
  else if (opts.unbiased === false) kw.correction = 0;
  if (keepdim) kw.keepdim = true;
  return callT(`${name}.correction`, dim === undefined || dim === null ? [input] : [input, dim], kw);
}
export const var_ = (input: Tensor, ...args: unknown[]): Tensor => varStd("var", input, args);
export const std = (input: Tensor, ...args: unknown[]): Tensor => varStd("std", input, args);
export { var_ as var };
export const cumsum = (input: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor => callT("cumsum.default", [input, dim], dtypeKw(opts));
export const softmax = (input: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor =>
  callT("softmax.int", opts.dtype ? [input, dim, opts.dtype] : [input, dim]);
export const log_softmax = (input: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor =>
  callT("log_softmax.int", opts.dtype ? [input, dim, opts.dtype] : [input, dim]);
/** torch.topk(x, k, dim=-1, largest=true, sorted=true) → [values, indices] */
export const topk = (input: Tensor, k: Size, dim = -1, largest = true, sorted = true): ValuesIndices =>
  named(call("topk.default", [input, k, dim, largest, sorted]));
/** torch.sort(x, dim=-1, descending=false, { stable }) → [values, indices] */
export function sort(input: Tensor, dim: number | Opts = -1, descending: boolean | Opts = false, opts: Opts = {}): ValuesIndices {
  if (isOptions(dim)) return sort(input, (dim.dim as number) ?? -1, (dim.descending as boolean) ?? false, dim);
  if (isOptions(descending)) return sort(input, dim, (descending.descending as boolean) ?? false, descending);
  if (opts.stable !== undefined) return named(call("sort.stable", [input], { stable: opts.stable, dim, descending }));
  return named(call("sort.default", [input, dim, descending]));
}
export function argsort(input: Tensor, dim = -1, descending = false, opts: Opts = {}): Tensor {
  if (opts.stable !== undefined) return callT("argsort.stable", [input], { stable: opts.stable, dim, descending });
  return callT("argsort.default", [input, dim, descending]);
}

// ---------------------------------------------------------------- linear algebra
export const mm = (input: Tensor, mat2: Tensor): Tensor => callT("mm.default", [input, mat2]);
export const bmm = (input: Tensor, mat2: Tensor): Tensor => callT("bmm.default", [input, mat2]);
export const matmul = (input: Tensor, other: Tensor): Tensor => callT("matmul.default", [input, other]);
export const addmm = (input: Tensor, mat1: Tensor, mat2: Tensor, opts: { beta?: Scalar; alpha?: Scalar } = {}): Tensor =>
  callT("addmm.default", [input, mat1, mat2], opts);
export const baddbmm = (input: Tensor, batch1: Tensor, batch2: Tensor, opts: { beta?: Scalar; alpha?: Scalar } = {}): Tensor =>
  callT("baddbmm.default", [input, batch1, batch2], opts);
export const addmv = (input: Tensor, mat: Tensor, vec: Tensor, opts: { beta?: Scalar; alpha?: Scalar } = {}): Tensor =>
  callT("addmv.default", [input, mat, vec], opts);
/** torch.einsum("ij,jk->ik", a, b) or einsum(eq, [a, b]) */
export const einsum = (equation: string, ...operands: (Tensor | Tensor[])[]): Tensor =>
  callT("einsum.default", [equation, operands.length === 1 && Array.isArray(operands[0]) ? operands[0] : operands]);
export const linear = (input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor =>
  callT("linear.default", bias ? [input, weight, bias] : [input, weight]);

// ---------------------------------------------------------------- indexing
export const gather = (input: Tensor, dim: number, index: Tensor): Tensor => callT("gather.default", [input, dim, index]);
/** torch.scatter(x, dim, index, src | value, { reduce }) */
export function scatter(input: Tensor, dim: number, index: Tensor, src: Tensor | Scalar, opts: { reduce?: string } = {}): Tensor {
  const isT = src instanceof Tensor;
  if (opts.reduce) return callT(isT ? "scatter.reduce" : "scatter.value_reduce", [input, dim, index, src], { reduce: opts.reduce });
  return callT(isT ? "scatter.src" : "scatter.value", [input, dim, index, src]);
}
export const index_select = (input: Tensor, dim: number, index: Tensor): Tensor => callT("index_select.default", [input, dim, index]);
export const index_add = (input: Tensor, dim: number, index: Tensor, source: Tensor, opts: { alpha?: Scalar } = {}): Tensor =>
  callT("index_add.default", [input, dim, index, source], opts);
export const masked_fill = (input: Tensor, mask: Tensor, value: Tensor | Scalar): Tensor =>
  callT(value instanceof Tensor ? "masked_fill.Tensor" : "masked_fill.Scalar", [input, mask, value]);
export const nonzero = (input: Tensor): Tensor => callT("nonzero.default", [input]);
/** x.index([i0, null, i2]): Python's x[i0, :, i2] with integer or boolean index tensors (null = full slice). */
export const index = (input: Tensor, indices: (Tensor | null)[]): Tensor => callT("index.Tensor", [input, indices]);

// ---------------------------------------------------------------- neural-network ops (aten names)
type Ints = number | number[];
export const conv1d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, stride: Ints = 1, padding: Ints | "same" | "valid" = 0, dilation: Ints = 1, groups = 1): Tensor =>
  callT(typeof padding === "string" ? "conv1d.padding" : "conv1d.default", [input, weight, bias, stride, padding, dilation, groups]);
export const conv2d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, stride: Ints = 1, padding: Ints | "same" | "valid" = 0, dilation: Ints = 1, groups = 1): Tensor =>
  callT(typeof padding === "string" ? "conv2d.padding" : "conv2d.default", [input, weight, bias, stride, padding, dilation, groups]);
export const conv_transpose1d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, stride: Ints = 1, padding: Ints = 0, output_padding: Ints = 0, groups = 1, dilation: Ints = 1): Tensor =>
  callT("conv_transpose1d.default", [input, weight, bias, stride, padding, output_padding, groups, dilation]);
export const conv_transpose2d = (input: Tensor, weight: Tensor, bias: Tensor | null = null, stride: Ints = 1, padding: Ints = 0, output_padding: Ints = 0, groups = 1, dilation: Ints = 1): Tensor =>
  callT("conv_transpose2d.input", [input, weight, bias, stride, padding, output_padding, groups, dilation]);
export const batch_norm = (input: Tensor, weight: Tensor | null, bias: Tensor | null, running_mean: Tensor | null, running_var: Tensor | null, training: boolean, momentum: number, eps: number, cudnn_enabled = true): Tensor =>
  callT("batch_norm.default", [input, weight, bias, running_mean, running_var, training, momentum, eps, cudnn_enabled]);
export const layer_norm = (input: Tensor, normalized_shape: Size[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5, cudnn_enable = true): Tensor =>
  callT("layer_norm.default", [input, normalized_shape, weight, bias, eps, cudnn_enable]);
export const group_norm = (input: Tensor, num_groups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5, cudnn_enabled = true): Tensor =>
  callT("group_norm.default", [input, num_groups, weight, bias, eps, cudnn_enabled]);
export const embedding = (weight: Tensor, indices: Tensor, padding_idx: number = -1): Tensor =>
  callT("embedding.default", padding_idx === -1 ? [weight, indices] : [weight, indices, padding_idx]);
export const dropout = (input: Tensor, p: number, train: boolean): Tensor => callT("dropout.default", [input, p, train]);
export const scaled_dot_product_attention = (query: Tensor, key: Tensor, value: Tensor, attn_mask: Tensor | null = null, dropout_p = 0, is_causal = false, opts: { scale?: number | null; enable_gqa?: boolean } = {}): Tensor =>
  callT("scaled_dot_product_attention.default", [query, key, value, attn_mask, dropout_p, is_causal], opts);
export const max_pool2d = (input: Tensor, kernel_size: Ints, stride: Ints = [], padding: Ints = 0, dilation: Ints = 1, ceil_mode = false): Tensor =>
  callT("max_pool2d.default", [input, kernel_size, stride, padding, dilation, ceil_mode]);
export const max_pool2d_with_indices = (input: Tensor, kernel_size: Ints, stride: Ints = [], padding: Ints = 0, dilation: Ints = 1, ceil_mode = false): [Tensor, Tensor] =>
  call("max_pool2d_with_indices.default", [input, kernel_size, stride, padding, dilation, ceil_mode]) as [Tensor, Tensor];
export const avg_pool1d = (input: Tensor, kernel_size: Ints, stride: Ints = [], padding: Ints = 0, ceil_mode = false, count_include_pad = true): Tensor =>
  callT("avg_pool1d.default", [input, kernel_size, stride, padding, ceil_mode, count_include_pad]);
export const avg_pool2d = (input: Tensor, kernel_size: Ints, stride: Ints = [], padding: Ints = 0, ceil_mode = false, count_include_pad = true, divisor_override: number | null = null): Tensor =>
  callT("avg_pool2d.default", [input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override]);
export const adaptive_avg_pool1d = (input: Tensor, output_size: Ints): Tensor => callT("adaptive_avg_pool1d.default", [input, output_size]);
export const adaptive_avg_pool2d = (input: Tensor, output_size: Ints): Tensor =>
  callT("adaptive_avg_pool2d.default", [input, Array.isArray(output_size) ? output_size : [output_size, output_size]]);
export const constant_pad_nd = (input: Tensor, pad: Size[], value: Scalar = 0): Tensor => callT("constant_pad_nd.default", [input, pad, value]);
/** torch._C._nn.pad: mode "constant" | "reflect" | "replicate" | "circular" */
export const pad = (input: Tensor, padding: Size[], mode = "constant", value: number | null = null): Tensor =>
  callT("pad.default", [input, padding, mode, value]);
export const reflection_pad1d = (input: Tensor, padding: Size[]): Tensor => callT("reflection_pad1d.default", [input, padding]);
export const reflection_pad2d = (input: Tensor, padding: Size[]): Tensor => callT("reflection_pad2d.default", [input, padding]);
export const replication_pad1d = (input: Tensor, padding: Size[]): Tensor => callT("replication_pad1d.default", [input, padding]);
export const replication_pad2d = (input: Tensor, padding: Size[]): Tensor => callT("replication_pad2d.default", [input, padding]);
export const upsample_nearest2d = (input: Tensor, output_size: Size[] | null, scale_factors: number[] | null = null): Tensor =>
  callT("upsample_nearest2d.vec", [input, output_size, scale_factors]);
export const upsample_bilinear2d = (input: Tensor, output_size: Size[] | null, align_corners: boolean, scale_factors: number[] | null = null): Tensor =>
  callT("upsample_bilinear2d.vec", [input, output_size, align_corners, scale_factors]);
export const one_hot = (input: Tensor, num_classes = -1): Tensor => callT("one_hot.default", [input, num_classes]);
export const gru_cell = (input: Tensor, hx: Tensor, w_ih: Tensor, w_hh: Tensor, b_ih: Tensor | null = null, b_hh: Tensor | null = null): Tensor =>
  callT("gru_cell.default", [input, hx, w_ih, w_hh, b_ih, b_hh]);
/** aten.lstm.input → [output, h_n, c_n] */
export const lstm = (input: Tensor, hx: Tensor[], params: Tensor[], has_biases: boolean, num_layers: number, dropout: number, train: boolean, bidirectional: boolean, batch_first: boolean): [Tensor, Tensor, Tensor] =>
  call("lstm.input", [input, hx, params, has_biases, num_layers, dropout, train, bidirectional, batch_first]) as [Tensor, Tensor, Tensor];

// ---------------------------------------------------------------- in-place
const inplace = (key: string) => (input: Tensor, ...args: unknown[]): Tensor => {
  const kw = args.length && isOptions(args[args.length - 1]) ? (args.pop() as Opts) : {};
  return callT(key, [input, ...args], kw);
};
export const add_ = (input: Tensor, other: Tensor | Scalar, opts: { alpha?: Scalar } = {}): Tensor => callT("add_.Tensor", [input, other], opts);
export const sub_ = (input: Tensor, other: Tensor | Scalar, opts: { alpha?: Scalar } = {}): Tensor => callT("sub_.Tensor", [input, other], opts);
export const mul_ = (input: Tensor, other: Tensor | Scalar): Tensor => callT("mul_.Tensor", [input, other]);
export const div_ = (input: Tensor, other: Tensor | Scalar, opts: { rounding_mode?: string | null } = {}): Tensor =>
  opts.rounding_mode ? callT("div_.Tensor_mode", [input, other], opts) : callT("div_.Tensor", [input, other]);
export const relu_ = inplace("relu_.default"), sigmoid_ = inplace("sigmoid_.default"), tanh_ = inplace("tanh_.default"),
  silu_ = inplace("silu_.default"), abs_ = inplace("abs_.default"), zero_ = inplace("zero_.default"),
  detach_ = inplace("detach_.default"), copy_ = inplace("copy_.default"), index_add_ = inplace("index_add_.default");
export const hardtanh_ = (input: Tensor, min_val: Scalar = -1, max_val: Scalar = 1): Tensor => callT("hardtanh_.default", [input, min_val, max_val]);
export const clamp_ = (input: Tensor, min: Tensor | Scalar | null = null, max: Tensor | Scalar | null = null): Tensor =>
  callT(min instanceof Tensor || max instanceof Tensor ? "clamp_.Tensor" : "clamp_.default", [input, min, max]);
export const fill_ = (input: Tensor, value: Tensor | Scalar): Tensor => callT(value instanceof Tensor ? "fill_.Tensor" : "fill_.Scalar", [input, value]);
export const masked_fill_ = (input: Tensor, mask: Tensor, value: Tensor | Scalar): Tensor =>
  callT(value instanceof Tensor ? "masked_fill_.Tensor" : "masked_fill_.Scalar", [input, mask, value]);

// ---------------------------------------------------------------- more reductions, reversed operators
export const logsumexp = (input: Tensor, dim: number | number[], keepdim = false): Tensor =>
  callT("logsumexp.default", keepdim ? [input, dim, true] : [input, dim]);
export const cumprod = (input: Tensor, dim: number, opts: { dtype?: DType } = {}): Tensor => callT("cumprod.default", [input, dim], dtypeKw(opts));
/** torch.linalg.vector_norm(x, ord=2, dim=None, keepdim=false, { dtype }) */
export function linalg_vector_norm(input: Tensor, ord: number = 2, dim: number | number[] | null = null, keepdim = false, opts: { dtype?: DType } = {}): Tensor {
  const args: unknown[] = [input, ord, dim, keepdim];
  while (args.length > 1 && args[args.length - 1] === [undefined, 2, null, false][args.length - 1]) args.pop();
  return callT("linalg_vector_norm.default", args, dtypeKw(opts));
}
export const linalg = { vector_norm: linalg_vector_norm };
/** torch.rsub(x, other, { alpha }): other - alpha * x (Python's `2 - x` is x.__rsub__(2)). */
export const rsub = (input: Tensor, other: Tensor | Scalar, opts: { alpha?: Scalar } = {}): Tensor =>
  other instanceof Tensor ? callT("rsub.Tensor", [input, other], opts) : callT("rsub.Scalar", [input, other], opts);
/** Python's `other / x` (Tensor.__rdiv__): reciprocal(x) * other. */
export const rdiv = (input: Tensor, other: Tensor | Scalar): Tensor => callT("mul.Tensor", [callT("reciprocal.default", [input]), other]);
/** Python's `other ** x` (Tensor.__rpow__). */
export const rpow = (input: Tensor, other: Tensor | Scalar): Tensor =>
  other instanceof Tensor ? callT("pow.Tensor_Tensor", [other, input]) : callT("pow.Scalar", [other, input]);
/** Python's `other % x` (Tensor.__rmod__). */
export const rmod = (input: Tensor, other: Tensor | Scalar): Tensor =>
  other instanceof Tensor ? callT("remainder.Tensor", [other, input]) : callT("remainder.Scalar_Tensor", [other, input]);
/** torch.index_put(x, indices, values, accumulate) and the in-place form. */
export const index_put = (input: Tensor, indices: (Tensor | null)[], values: Tensor, accumulate = false): Tensor =>
  callT("index_put.default", accumulate ? [input, indices, values, true] : [input, indices, values]);
export const index_put_ = (input: Tensor, indices: (Tensor | null)[], values: Tensor, accumulate = false): Tensor =>
  callT("index_put_.default", accumulate ? [input, indices, values, true] : [input, indices, values]);

// The torch.* functions (PyTorch names and keyword names; keyword arguments are a trailing
// options object). Each picks the aten overload PyTorch's Python binding picks, then dispatches.
import { INT64_MAX } from "./constants.js";
import { Tensor } from "../tensor/tensor.js";
import type { DType } from "../tensor/dtype.js";
import { call, callT, sizeArgs, splitKw } from "./call.js";
import type { Kwargs } from "./dispatch.js";
import { TorchTypeError } from "./errors.js";
import type { Size } from "./size.js";

type Scalar = number | boolean;
type TensorOrScalar = Tensor | Scalar;

// ---------------------------------------------------------------- pointwise
const unary = (name: string) => (input: Tensor, kwargs?: Kwargs): Tensor => callT(`${name}.default`, [input], kwargs);
export const abs = unary("abs"), neg = unary("neg"), exp = unary("exp"), expm1 = unary("expm1"), log = unary("log"),
  log1p = unary("log1p"), sqrt = unary("sqrt"), rsqrt = unary("rsqrt"), reciprocal = unary("reciprocal"),
  sin = unary("sin"), cos = unary("cos"), tan = unary("tan"), sinh = unary("sinh"), cosh = unary("cosh"),
  tanh = unary("tanh"), erf = unary("erf"), sigmoid = unary("sigmoid"), floor = unary("floor"), ceil = unary("ceil"),
  trunc = unary("trunc"), sign = unary("sign"), square = unary("square"), relu = unary("relu"), relu6 = unary("relu6"),
  silu = unary("silu"), mish = unary("mish"), hardswish = unary("hardswish"), hardsigmoid = unary("hardsigmoid"),
  logical_not = unary("logical_not"), bitwise_not = unary("bitwise_not");
export const negative = neg;

/** torch.round(x) / torch.round(x, { decimals }) */
export function round(input: Tensor, kwargs: { decimals?: number } = {}): Tensor {
  return kwargs.decimals ? callT("round.decimals", [input], kwargs) : callT("round.default", [input]);
}
export const gelu = (input: Tensor, kwargs: { approximate?: "none" | "tanh" } = {}): Tensor => callT("gelu.default", [input], kwargs);
export const elu = (input: Tensor, alpha: Scalar = 1, scale: Scalar = 1, input_scale: Scalar = 1): Tensor =>
  callT("elu.default", [input, alpha, scale, input_scale]);
export const leaky_relu = (input: Tensor, negative_slope: Scalar = 0.01): Tensor => callT("leaky_relu.default", [input, negative_slope]);
export const softplus = (input: Tensor, beta: Scalar = 1, threshold: Scalar = 20): Tensor => callT("softplus.default", [input, beta, threshold]);
export const hardtanh = (input: Tensor, min_val: Scalar = -1, max_val: Scalar = 1): Tensor => callT("hardtanh.default", [input, min_val, max_val]);

/** torch.clamp(x, min, max) with numbers or tensors (either bound may be null). */
export function clamp(input: Tensor, min: TensorOrScalar | null = null, max: TensorOrScalar | null = null): Tensor {
  if (min === null && max === null) throw new TorchRuntimeErrorLike("torch.clamp: At least one of 'min' or 'max' must not be None");
  if (min instanceof Tensor || max instanceof Tensor) return callT("clamp.Tensor", [input, min, max]);
  return callT("clamp.default", [input, min, max]);
}
export const clip = clamp;
export const clamp_min = (input: Tensor, min: TensorOrScalar): Tensor =>
  callT(min instanceof Tensor ? "clamp_min.Tensor" : "clamp_min.default", [input, min]);
export const clamp_max = (input: Tensor, max: TensorOrScalar): Tensor =>
  callT(max instanceof Tensor ? "clamp_max.Tensor" : "clamp_max.default", [input, max]);

import { TorchRuntimeError as TorchRuntimeErrorLike } from "./errors.js";

// Binary ops. Python scalars go to the `.Tensor` overload for add/sub/mul/div (their `.Scalar`
// overloads are C++-only) and to the `.Scalar` overload for the others, as PyTorch's bindings do.
const binaryT = (name: string) => (input: Tensor, other: TensorOrScalar, kwargs?: Kwargs): Tensor =>
  callT(`${name}.Tensor`, [input, other], kwargs);
const binaryS = (name: string) => (input: Tensor, other: TensorOrScalar): Tensor =>
  callT(other instanceof Tensor ? `${name}.Tensor` : `${name}.Scalar`, [input, other]);
const binaryD = (name: string) => (input: Tensor, other: Tensor): Tensor => {
  if (!(other instanceof Tensor)) throw new TorchTypeError(`${name}(): argument 'other' must be Tensor, not number`);
  return callT(`${name}.default`, [input, other]);
};
export const add = binaryT("add") as (input: Tensor, other: TensorOrScalar, kwargs?: { alpha?: Scalar }) => Tensor;
export const sub = binaryT("sub") as (input: Tensor, other: TensorOrScalar, kwargs?: { alpha?: Scalar }) => Tensor;
export const subtract = sub;
export const mul = binaryT("mul") as (input: Tensor, other: TensorOrScalar) => Tensor;
export const multiply = mul;
/** torch.div(x, y, { rounding_mode: "trunc" | "floor" }) */
export function div(input: Tensor, other: TensorOrScalar, kwargs: { rounding_mode?: "trunc" | "floor" | null } = {}): Tensor {
  return kwargs.rounding_mode ? callT("div.Tensor_mode", [input, other], kwargs) : callT("div.Tensor", [input, other]);
}
export const divide = div;
export const true_divide = (input: Tensor, other: TensorOrScalar) => div(input, other);
export const floor_divide = (input: Tensor, other: TensorOrScalar): Tensor =>
  callT(other instanceof Tensor ? "floor_divide.default" : "floor_divide.Scalar", [input, other]);
export const remainder = binaryS("remainder");
export const fmod = binaryS("fmod");
export const eq = binaryS("eq"), ne = binaryS("ne"), lt = binaryS("lt"), le = binaryS("le"), gt = binaryS("gt"), ge = binaryS("ge");
export const greater = gt, less = lt, greater_equal = ge, less_equal = le, not_equal = ne;
export const bitwise_and = binaryS("bitwise_and"), bitwise_or = binaryS("bitwise_or"), bitwise_xor = binaryS("bitwise_xor");
export const logical_and = binaryD("logical_and"), logical_or = binaryD("logical_or"), logical_xor = binaryD("logical_xor");
export const maximum = binaryD("maximum"), minimum = binaryD("minimum");
export const atan2 = binaryD("atan2");
/** torch.pow(x, y): Tensor_Tensor, Tensor_Scalar, or Scalar (number base). */
export function pow(input: TensorOrScalar, exponent: TensorOrScalar): Tensor {
  if (!(input instanceof Tensor)) return callT("pow.Scalar", [input, exponent]);
  return callT(exponent instanceof Tensor ? "pow.Tensor_Tensor" : "pow.Tensor_Scalar", [input, exponent]);
}
/** torch.where(condition, input, other) */
export function where(condition: Tensor, input: TensorOrScalar, other: TensorOrScalar): Tensor {
  const key = input instanceof Tensor ? (other instanceof Tensor ? "self" : "ScalarOther") : other instanceof Tensor ? "ScalarSelf" : "Scalar";
  return callT(`where.${key}`, [condition, input, other]);
}

// ---------------------------------------------------------------- views and shape
export const view = (input: Tensor, ...shape: (Size | Size[] | DType)[]): Tensor => callT("view.default", [input, sizeArgs(shape)]);
export const reshape = (input: Tensor, ...shape: (Size | Size[])[]): Tensor => callT("reshape.default", [input, sizeArgs(shape)]);
export const expand = (input: Tensor, ...shape: (Size | Size[])[]): Tensor => callT("expand.default", [input, sizeArgs(shape)]);
export const expand_as = (input: Tensor, other: Tensor): Tensor => callT("expand_as.default", [input, other]);
export const view_as = (input: Tensor, other: Tensor): Tensor => callT("view_as.default", [input, other]);
export const permute = (input: Tensor, ...dims: (number | number[])[]): Tensor => callT("permute.default", [input, sizeArgs(dims)]);
export const transpose = (input: Tensor, dim0: number, dim1: number): Tensor => callT("transpose.int", [input, dim0, dim1]);
export const swapaxes = transpose;
export const t = (input: Tensor): Tensor => callT("t.default", [input]);
export const unsqueeze = (input: Tensor, dim: number): Tensor => callT("unsqueeze.default", [input, dim]);
/** torch.squeeze(x), squeeze(x, dim), squeeze(x, [dims]) */
export function squeeze(input: Tensor, dim?: number | number[]): Tensor {
  if (dim === undefined) return callT("squeeze.default", [input]);
  return Array.isArray(dim) ? callT("squeeze.dims", [input, dim]) : callT("squeeze.dim", [input, dim]);
}
export const flatten = (input: Tensor, start_dim = 0, end_dim = -1): Tensor => callT("flatten.using_ints", [input, start_dim, end_dim]);
export const unflatten = (input: Tensor, dim: number, sizes: Size[]): Tensor => callT("unflatten.int", [input, dim, sizes]);
/** x.slice(dim, start, end, step): Python's x[..., start:end:step, ...] on one dim (null = open;
 * as Python indexing does, an open start is 0 and an open stop sys.maxsize). */
export const slice = (input: Tensor, dim = 0, start: Size | null = null, end: Size | null = null, step = 1): Tensor =>
  callT("slice.Tensor", [input, dim, start ?? 0, end ?? INT64_MAX, step]);
export const select = (input: Tensor, dim: number, index: Size): Tensor => callT("select.int", [input, dim, index]);
export const narrow = (input: Tensor, dim: number, start: Size, length: Size): Tensor => callT("narrow.default", [input, dim, start, length]);
/** torch.split(x, split_size_or_sections, dim) */
export function split(input: Tensor, split_size_or_sections: Size | Size[], dim = 0): Tensor[] {
  if (Array.isArray(split_size_or_sections)) return call("split_with_sizes.default", [input, split_size_or_sections, dim]) as Tensor[];
  return call("split.Tensor", [input, split_size_or_sections, dim]) as Tensor[];
}
export const split_with_sizes = (input: Tensor, split_sizes: Size[], dim = 0): Tensor[] =>
  call("split_with_sizes.default", [input, split_sizes, dim]) as Tensor[];
export const chunk = (input: Tensor, chunks: number, dim = 0): Tensor[] => call("chunk.default", [input, chunks, dim]) as Tensor[];
export const unbind = (input: Tensor, dim = 0): Tensor[] => call("unbind.int", [input, dim]) as Tensor[];
export const cat = (tensors: Tensor[], dim = 0): Tensor => callT("cat.default", [tensors, dim]);
export const concat = cat, concatenate = cat;
export const stack = (tensors: Tensor[], dim = 0): Tensor => callT("stack.default", [tensors, dim]);
export const flip = (input: Tensor, dims: number[]): Tensor => callT("flip.default", [input, dims]);
/** torch.roll(x, shifts, dims) */
export const roll = (input: Tensor, shifts: number | number[], dims: number | number[] = []): Tensor =>
  callT("roll.default", [input, Array.isArray(shifts) ? shifts : [shifts], Array.isArray(dims) ? dims : [dims]]);
export const repeat = (input: Tensor, ...sizes: (Size | Size[])[]): Tensor => callT("repeat.default", [input, sizeArgs(sizes)]);
export const tril = (input: Tensor, diagonal = 0): Tensor => callT("tril.default", [input, diagonal]);
export const triu = (input: Tensor, diagonal = 0): Tensor => callT("triu.default", [input, diagonal]);
export const clone = (input: Tensor): Tensor => callT("clone.default", [input]);
export const contiguous = (input: Tensor): Tensor => (input.is_contiguous() ? input : callT("contiguous.default", [input]));
export const detach = (input: Tensor): Tensor => callT("detach.default", [input]);
/** torch.diff(x, n=1, dim=-1, prepend=None, append=None) */
export function diff(input: Tensor, ...rest: unknown[]): Tensor {
  const [args, kw] = splitKw(rest);
  return callT("diff.default", [input, ...args], kw);
}

// ---------------------------------------------------------------- dtype
/** x.to(dtype) / x.to(other) / x.to("cpu") / x.to({ dtype, copy }) */
export function to(input: Tensor, ...rest: unknown[]): Tensor {
  const [args, kw] = splitKw(rest);
  const first = args[0];
  if (first instanceof Tensor) return callT("to.other", [input, first, ...args.slice(1)], kw);
  if (first === "cpu" || first === undefined) {
    if (!("dtype" in kw) && !kw.copy) return input; // already on the CPU
    return callT("to.dtype_layout", [input], kw);
  }
  return callT("to.dtype", [input, ...args], kw);
}
export * from "./functional_nn.js";

// torch.nn.functional (`F`): PyTorch's signatures and argument checks over the torch.* op functions
// of src/ops, calling the aten op PyTorch's Python function calls (so traced graphs show the same
// nodes). Keyword arguments are a trailing options object: F.softmax(x, -1, { dtype }).
import { Tensor } from "../tensor/tensor.js";
import type { DType } from "../tensor/dtype.js";
import * as T from "../ops/functional.js";
import { isOptions } from "../ops/call.js";
import { guardSize, sizeMul, type Size } from "../ops/size.js";
import { TorchRuntimeError, TorchValueError, NotImplementedError } from "./errors.js";
import { nnFunction } from "../export/torch_fn.js";
import { pyBind, pythonSignature, schemaSignature } from "../bind/signatures.js";

/** F.<name>: PyTorch's Python signature binds the call (positional or keyword, defaults), then `impl`. */
const nnF = <Fn extends (...args: never[]) => unknown>(name: string, impl: Fn, sigName = name) =>
  nnFunction(name, pyBind(() => pythonSignature("functional", sigName, name), impl) as unknown as Fn);
/** F.<name> for a C builtin (torch._C._nn.<name>): its ATen schema binds the call, then `impl`. */
const nnC = <Fn extends (...args: never[]) => unknown>(name: string, key: string, impl: Fn) =>
  nnFunction(name, pyBind(() => schemaSignature(key, name), impl) as unknown as Fn);

// Each function is wrapped as the torch function PyTorch's F.<name> is (node.meta.torch_fn:
// `function.relu`, `builtin_function_or_method.linear`; the types are torch_fn.ts's table).

type Ints = number | number[];
type Scalar = number | boolean;

// PyTorch reads torch.backends.cudnn.enabled here; export graphs of the reference corpus show False
// (CPU-only builds), and the flag is an argument of the traced op.
const CUDNN_ENABLED = false;

// ---------------------------------------------------------------- activations
export const relu = nnF("relu", (input: Tensor, inplace = false): Tensor => (inplace ? T.relu_(input) : T.relu(input)));
export const relu6 = nnF("relu6", (input: Tensor, inplace = false): Tensor => (inplace ? T.hardtanh_(input, 0, 6) : T.relu6(input)));
export const silu = nnF("silu", (input: Tensor, inplace = false): Tensor => (inplace ? T.silu_(input) : T.silu(input)));
/** inplace=True needs an aten in-place op pt2js's registry lacks (the schema list has no `<op>_`). */
function noInplace(name: string, inplace: boolean): void {
  if (inplace) throw new NotImplementedError(`F.${name}(inplace=True): pt2js has no aten.${name}_ op`);
}
export const hardswish = nnF("hardswish", (input: Tensor, inplace = false): Tensor => (noInplace("hardswish", inplace), T.hardswish(input)));
export const hardsigmoid = nnF("hardsigmoid", (input: Tensor, inplace = false): Tensor => (noInplace("hardsigmoid", inplace), T.hardsigmoid(input)));
export const mish = nnF("mish", (input: Tensor, inplace = false): Tensor => (noInplace("mish", inplace), T.mish(input)));
export const sigmoid = nnF("sigmoid", (input: Tensor): Tensor => T.sigmoid(input));
export const tanh = nnF("tanh", (input: Tensor): Tensor => T.tanh(input));
/** F.gelu(input, { approximate: "none" | "tanh" }) */
export const gelu = nnFunction("gelu", T.gelu);
export const leaky_relu = nnF("leaky_relu", (input: Tensor, negative_slope = 0.01, inplace = false): Tensor =>
  (noInplace("leaky_relu", inplace), T.leaky_relu(input, negative_slope)));
export const elu = nnF("elu", (input: Tensor, alpha = 1.0, inplace = false): Tensor => (noInplace("elu", inplace), T.elu(input, alpha)));
export const hardtanh = nnF("hardtanh", (input: Tensor, min_val = -1.0, max_val = 1.0, inplace = false): Tensor =>
  inplace ? T.hardtanh_(input, min_val, max_val) : T.hardtanh(input, min_val, max_val));
export const softplus = nnFunction("softplus", T.softplus);

/** PyTorch's legacy implicit softmax dim (with its deprecation warning in Python). */
function softmaxDim(ndim: number): number {
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}
/** F.softmax(input, dim, { dtype }) */
export const softmax = nnF("softmax", function softmax(input: Tensor, dim: number | null = null, _stacklevel = 3, dtype: DType | null = null): Tensor {
  void _stacklevel;
  const d = dim ?? softmaxDim(input.ndim);
  return dtype ? T.softmax(input, d, dtype) : T.softmax(input, d);
});
/** F.log_softmax(input, dim, { dtype }) */
export const log_softmax = nnF("log_softmax", function log_softmax(input: Tensor, dim: number | null = null, _stacklevel = 3, dtype: DType | null = null): Tensor {
  void _stacklevel;
  const d = dim ?? softmaxDim(input.ndim);
  return dtype ? T.log_softmax(input, d, dtype) : T.log_softmax(input, d);
});

/** F.softmin(input, dim, { dtype }): softmax of -input, as PyTorch computes it. */
export const softmin = nnF("softmin", function softmin(input: Tensor, dim: number | null = null, _stacklevel = 3, dtype: DType | null = null): Tensor {
  return softmax(T.neg(input), dim, _stacklevel, dtype);
});

/** F.normalize(input, p=2.0, dim=1, eps=1e-12): input / max(‖input‖_p, eps) along dim. */
export const normalize = nnF("normalize", function normalize(input: Tensor, p = 2.0, dim: number | number[] = 1, eps = 1e-12): Tensor {
  const denom = T.expand_as(T.clamp_min(T.linalg_vector_norm(input, p, dim, true), eps), input);
  return T.div(input, denom);
});

// ---------------------------------------------------------------- linear, dropout, embedding
export const linear = nnFunction("linear", T.linear);

/** F.dropout(input, p=0.5, training=True, inplace=False) → aten.dropout */
export const dropout = nnF("dropout", function dropout(input: Tensor, p = 0.5, training = true, inplace = false): Tensor {
  if (p < 0 || p > 1) throw new TorchValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  if (inplace) throw new NotImplementedError("F.dropout(inplace=True): pt2js has no aten.dropout_ op");
  return T.dropout(input, p, training);
});

/** F.embedding(input, weight, padding_idx=None, ...) → aten.embedding(weight, input, padding_idx) */
export const embedding = nnF("embedding", function embedding(input: Tensor, weight: Tensor, padding_idx: number | null = null, max_norm: number | null = null): Tensor {
  let pad = -1;
  if (padding_idx !== null) {
    const n = weight.size(0) as number;
    if (padding_idx > 0 && padding_idx >= n) throw new TorchValueError("Padding_idx must be within num_embeddings");
    if (padding_idx < 0 && padding_idx < -n) throw new TorchValueError("Padding_idx must be within num_embeddings");
    pad = padding_idx < 0 ? n + padding_idx : padding_idx;
  }
  if (max_norm !== null) throw new NotImplementedError("F.embedding(max_norm=...): pt2js has no aten.embedding_renorm_ op");
  return T.embedding(weight, input, pad);
});

export const one_hot = nnFunction("one_hot", T.one_hot);

// ---------------------------------------------------------------- normalization
/** F.layer_norm(input, normalized_shape, weight=None, bias=None, eps=1e-5) */
export const layer_norm = nnF("layer_norm", (input: Tensor, normalized_shape: Size[], weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor =>
  T.layer_norm(input, normalized_shape, weight, bias, eps, CUDNN_ENABLED));

function verifyBatchSize(size: readonly Size[]): void {
  let n = (size[0] as number);
  for (let i = 2; i < size.length; i++) n *= size[i] as number;
  if (n === 1) throw new TorchValueError(`Expected more than 1 value per channel when training, got input size torch.Size([${size.map(String).join(", ")}])`);
}

/** F.batch_norm(input, running_mean, running_var, weight=None, bias=None, training=False, momentum=0.1, eps=1e-5) */
export const batch_norm = nnF("batch_norm", function batch_norm(input: Tensor, running_mean: Tensor | null, running_var: Tensor | null, weight: Tensor | null = null,
  bias: Tensor | null = null, training = false, momentum = 0.1, eps = 1e-5): Tensor {
  if (training && input.shape.every((d) => typeof d === "number")) verifyBatchSize(input.shape);
  return T.batch_norm(input, weight, bias, running_mean, running_var, training, momentum, eps, CUDNN_ENABLED);
});

/** F.group_norm(input, num_groups, weight=None, bias=None, eps=1e-5) */
export const group_norm = nnF("group_norm", function group_norm(input: Tensor, num_groups: number, weight: Tensor | null = null, bias: Tensor | null = null, eps = 1e-5): Tensor {
  if (input.ndim < 2) throw new TorchRuntimeError(`Expected at least 2 dimensions for input tensor but received ${input.ndim}`);
  return T.group_norm(input, num_groups, weight, bias, eps, CUDNN_ENABLED);
});

// ---------------------------------------------------------------- convolution and pooling
export const conv1d = nnFunction("conv1d", T.conv1d);
export const conv2d = nnFunction("conv2d", T.conv2d);
export const conv_transpose1d = nnFunction("conv_transpose1d", T.conv_transpose1d);
export const conv_transpose2d = nnFunction("conv_transpose2d", T.conv_transpose2d);

/** F.max_pool2d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False) */
export const max_pool2d = nnF("max_pool2d", function max_pool2d(input: Tensor, kernel_size: Ints, stride: Ints | null = null, padding: Ints = 0, dilation: Ints = 1,
  ceil_mode = false, return_indices = false): Tensor {
  // boolean_dispatch: return_indices=True is max_pool2d_with_indices.
  if (return_indices) return T.max_pool2d_with_indices(input, kernel_size, stride ?? [], padding, dilation, ceil_mode) as unknown as Tensor;
  return T.max_pool2d(input, kernel_size, stride ?? [], padding, dilation, ceil_mode);
}, "max_pool2d_with_indices");
export const max_pool2d_with_indices = nnF("max_pool2d_with_indices", function max_pool2d_with_indices(input: Tensor, kernel_size: Ints, stride: Ints | null = null, padding: Ints = 0, dilation: Ints = 1,
  ceil_mode = false): [Tensor, Tensor] {
  return T.max_pool2d_with_indices(input, kernel_size, stride ?? [], padding, dilation, ceil_mode);
});
/** F.avg_pool2d(input, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None) */
export const avg_pool2d = nnC("avg_pool2d", "avg_pool2d.default", (input: Tensor, kernel_size: Ints, stride: Ints | null = null, padding: Ints = 0, ceil_mode = false,
  count_include_pad = true, divisor_override: number | null = null): Tensor =>
  T.avg_pool2d(input, kernel_size, stride ?? [], padding, ceil_mode, count_include_pad, divisor_override));
export const avg_pool1d = nnC("avg_pool1d", "avg_pool1d.default", (input: Tensor, kernel_size: Ints, stride: Ints | null = null, padding: Ints = 0, ceil_mode = false, count_include_pad = true): Tensor =>
  T.avg_pool1d(input, kernel_size, stride ?? [], padding, ceil_mode, count_include_pad));

/** PyTorch's _list_with_default: null entries of the output size take the input's size. */
function listWithDefault(out: Ints | (number | null)[], inputSize: readonly Size[]): Ints | Size[] {
  if (typeof out === "number") return out;
  const k = out.length;
  return out.map((v, i) => (v === null ? inputSize[inputSize.length - k + i]! : v));
}
export const adaptive_avg_pool2d = nnF("adaptive_avg_pool2d", (input: Tensor, output_size: Ints | (number | null)[]): Tensor =>
  T.adaptive_avg_pool2d(input, listWithDefault(output_size, input.shape) as Ints));
export const adaptive_avg_pool1d = nnFunction("adaptive_avg_pool1d", T.adaptive_avg_pool1d);

// ---------------------------------------------------------------- padding and resampling
/** F.pad(input, pad, mode="constant", value=None) → aten.pad */
export const pad = nnF("pad", function pad(input: Tensor, padding: Size[], mode: "constant" | "reflect" | "replicate" | "circular" = "constant", value: number | null = null): Tensor {
  if (padding.length % 2 !== 0) throw new TorchRuntimeError("Padding length must be divisible by 2");
  if (padding.length / 2 > input.ndim) throw new TorchRuntimeError("Padding length too large");
  return T.pad(input, padding, mode, value);
});

export interface InterpolateOptions {
  size?: Size | Size[] | null;
  scale_factor?: number | number[] | null;
  mode?: "nearest" | "bilinear";
  align_corners?: boolean | null;
  recompute_scale_factor?: boolean | null;
  antialias?: boolean;
}

/** F.interpolate(input, { size, scale_factor, mode, align_corners, recompute_scale_factor }) for 4-d input. */
const interpolateImpl = function interpolate(input: Tensor, opts: InterpolateOptions = {}): Tensor {
  const mode = opts.mode ?? "nearest";
  const dim = input.ndim - 2;
  if (mode === "nearest" && opts.align_corners !== undefined && opts.align_corners !== null) {
    throw new TorchValueError("align_corners option can only be set with the interpolating modes: linear | bilinear | bicubic | trilinear");
  }
  const size = opts.size ?? null;
  const scale = opts.scale_factor ?? null;
  if (size !== null && scale !== null) throw new TorchValueError("only one of size or scale_factor should be defined");
  let outputSize: Size[] | null = null;
  let scales: number[] | null = null;
  if (size !== null) {
    const s = Array.isArray(size) ? size : new Array<Size>(dim).fill(size);
    if (s.length !== dim) {
      throw new TorchValueError(`Input and output must have the same number of spatial dimensions, but got input with spatial dimensions of [${input.shape.slice(2).map(String).join(", ")}] and output size of [${s.map(String).join(", ")}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and output size in (o1, o2, ...,oK) format.`);
    }
    outputSize = s;
  } else if (scale !== null) {
    const f = Array.isArray(scale) ? scale : new Array<number>(dim).fill(scale);
    if (f.length !== dim) {
      throw new TorchValueError(`Input and scale_factor must have the same number of spatial dimensions, but got input with spatial dimensions of [${input.shape.slice(2).map(String).join(", ")}] and scale_factor of shape [${f.join(", ")}]. Please provide input tensor in (N, C, d1, d2, ...,dK) format and scale_factor in (s1, s2, ...,sK) format.`);
    }
    // _sym_int(size * k): an integral k stays symbolic; another specializes the size (no FloorToInt)
    if (opts.recompute_scale_factor) outputSize = f.map((k, i) => (Number.isInteger(k) ? sizeMul(input.shape[i + 2]!, k) : Math.floor(guardSize(input.shape[i + 2]!) * k)));
    else scales = f;
  } else {
    throw new TorchValueError("either size or scale_factor should be defined");
  }
  if (input.ndim !== 4) throw new NotImplementedError(`F.interpolate: pt2js supports 4-d input (got ${input.ndim}-d) with mode nearest or bilinear`);
  if (mode === "nearest") return T.upsample_nearest2d(input, outputSize, scales);
  if (mode === "bilinear") return T.upsample_bilinear2d(input, outputSize, opts.align_corners ?? false, scales);
  throw new NotImplementedError(`F.interpolate: mode ${String(mode)} is not supported by pt2js`);
};
/** F.interpolate(input, size=None, scale_factor=None, mode="nearest", align_corners=None, recompute_scale_factor=None, antialias=False) */
export const interpolate = nnF("interpolate", (input: Tensor, size?: InterpolateOptions["size"] | InterpolateOptions, scale_factor?: InterpolateOptions["scale_factor"], mode?: InterpolateOptions["mode"],
  align_corners?: boolean | null, recompute_scale_factor?: boolean | null, antialias?: boolean): Tensor => {
  if (antialias) throw new NotImplementedError("F.interpolate(antialias=True) is not supported by pt2js");
  return interpolateImpl(input, { size: size as InterpolateOptions["size"], scale_factor, mode, align_corners, recompute_scale_factor });
});

/** F.upsample(input, size=None, scale_factor=None, mode="nearest", align_corners=None): deprecated, F.interpolate. */
export const upsample = nnF("upsample", (input: Tensor, size?: InterpolateOptions["size"], scale_factor?: InterpolateOptions["scale_factor"], mode?: InterpolateOptions["mode"],
  align_corners?: boolean | null): Tensor => interpolateImpl(input, { size, scale_factor, mode, align_corners }));
/** F.upsample_nearest(input, size=None, scale_factor=None): deprecated, F.interpolate(mode="nearest"). */
export const upsample_nearest = nnF("upsample_nearest", (input: Tensor, size?: InterpolateOptions["size"], scale_factor?: InterpolateOptions["scale_factor"]): Tensor =>
  interpolateImpl(input, { size, scale_factor, mode: "nearest" }));
/** F.upsample_bilinear(input, size=None, scale_factor=None): deprecated, F.interpolate(mode="bilinear", align_corners=True). */
export const upsample_bilinear = nnF("upsample_bilinear", (input: Tensor, size?: InterpolateOptions["size"], scale_factor?: InterpolateOptions["scale_factor"]): Tensor =>
  interpolateImpl(input, { size, scale_factor, mode: "bilinear", align_corners: true }));

// ---------------------------------------------------------------- attention
export interface SdpaOptions {
  attn_mask?: Tensor | null;
  dropout_p?: number;
  is_causal?: boolean;
  scale?: number | null;
  enable_gqa?: boolean;
}

/**
 * F.scaled_dot_product_attention(query, key, value, attn_mask=None, dropout_p=0.0, is_causal=False, *, scale=None, enable_gqa=False);
 * the optional arguments also as one options object: (q, k, v, { is_causal: true }).
 */
export const scaled_dot_product_attention = nnFunction("scaled_dot_product_attention", T.scaled_dot_product_attention);

export { multi_head_attention_forward } from "./functional_mha.js";

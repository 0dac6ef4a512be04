// torch.nn.functional (`F`): PyTorch's signatures and argument checks over the torch.* op functions
// of src/ops, calling the aten op PyTorch's Python function calls (so traced graphs show the same
// nodes). Keyword arguments are a trailing options object: F.softmax(x, -1, { dtype }).
import { Tensor } from "../tensor/tensor.js";
import type { DType } from "../tensor/dtype.js";
import * as T from "../ops/functional.js";
import { guardSize, sizeMul, type Size } from "../ops/size.js";
import { TorchRuntimeError, TorchValueError, TorchTypeError, NotImplementedError } from "./errors.js";
import { pyTypeName } from "../py_type.js";
import { nnFunction } from "../export/torch_fn.js";
import { pyBind, pythonSignature, schemaSignature } from "../bind/signatures.js";
import type { SIGNATURES, SigRow } from "../bind/signatures.generated.js";

/** F.<name>: PyTorch's Python signature binds the call (positional or keyword, defaults), then `impl`. */
type FSigs = typeof SIGNATURES.functional;
/** The keyword arguments of F.<name>, from PyTorch's signature (editors complete them). */
export type FKwargs<N extends keyof FSigs> = { -readonly [R in FSigs[N][number] as R extends SigRow ? (R[1] extends 2 | 4 ? never : R[0]) : never]?: unknown };
/** F.<name>'s type: its positional form, or positional arguments ending with the keyword-arguments object. */
type WithKwargs<Fn extends (...args: never[]) => unknown, N extends keyof FSigs> = Fn & ((...args: [...unknown[], FKwargs<N>]) => ReturnType<Fn>);
const nnF = <Fn extends (...args: never[]) => unknown, N extends keyof FSigs = keyof FSigs>(name: N, impl: Fn, sigName: keyof FSigs = name): WithKwargs<Fn, N> =>
  nnFunction(name, pyBind(() => pythonSignature("functional", sigName, name), (...values: never[]) => {
    // The Python functions use `input` as a tensor at once (input.dim(), ...): not a tensor is a TypeError.
    const first = values[0] as unknown;
    if (!(first instanceof Tensor)) throw new TorchTypeError(`${name}(): argument 'input' (position 1) must be Tensor, not ${pyTypeName(first)}`);
    return impl(...values);
  }) as unknown as WithKwargs<Fn, N>);
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
  if (typeof p !== "number") throw new TorchTypeError(`'<' not supported between instances of '${pyTypeName(p)}' and 'float'`);
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
  mode?: "nearest" | "linear" | "bilinear" | "trilinear";
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
  // torch.nn.functional.interpolate: the op for (rank, mode), and its rank errors.
  const align = opts.align_corners ?? false;
  const NEEDS: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5, bicubic: 4 };
  if (mode === "nearest") {
    if (input.ndim === 3) return T.upsample_nearest1d(input, outputSize, scales);
    if (input.ndim === 4) return T.upsample_nearest2d(input, outputSize, scales);
    if (input.ndim === 5) return T.upsample_nearest3d(input, outputSize, scales);
  } else if (mode in NEEDS && input.ndim >= 3 && input.ndim <= 5) {
    if (input.ndim !== NEEDS[mode]) throw new NotImplementedError(`Got ${input.ndim}D input, but ${mode} mode needs ${NEEDS[mode]}D input`);
    if (mode === "linear") return T.upsample_linear1d(input, outputSize, align, scales);
    if (mode === "bilinear") return T.upsample_bilinear2d(input, outputSize, align, scales);
    if (mode === "trilinear") return T.upsample_trilinear3d(input, outputSize, align, scales);
  }
  if (input.ndim < 3 || input.ndim > 5) {
    throw new NotImplementedError(`Input Error: Only 3D, 4D and 5D input Tensors supported (got ${input.ndim}D) for the modes: nearest | linear | bilinear | bicubic | trilinear | area | nearest-exact (got ${mode})`);
  }
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

// ---------------------------------------------------------------- layers added for issue 12
// The F functions behind the nn modules pt2js added (Bilinear, Conv3d, PReLU, RMSNorm, Fold, ...).
// Where pt2js has no aten kernel for PyTorch's op, the function is composed from ops it has, the
// way PyTorch's own decomposition computes it (the numbers are PyTorch's; a traced graph shows
// the composed ops instead of the one aten op).
import { PySignature, type PyParam } from "../bind/python.js";
import { ones as onesF, ones_like as onesLikeF, zeros as zerosF, tensor as tensorF, rand_like as randLikeF } from "../tensor/factories.js";
import { int64 as int64T, float64 as float64T } from "../tensor/dtype.js";
import { sizeAdd, sizeSub, sizeFloorDiv, sizeCeilDiv, sizeMod, sizeEq, sizeEqSym, sizeLt, sizeGtSym, sizeProduct } from "../ops/size.js";
import { _check } from "../symbolic/checks.js";
import { broadcastShapes as broadcastSizes } from "../ops/impl/util.js";

const req = (name: string): PyParam => ({ name, kind: "POSITIONAL_OR_KEYWORD" });
const opt = (name: string, d: unknown): PyParam => ({ name, kind: "POSITIONAL_OR_KEYWORD", default: d });
/** F.<name> for a C builtin whose ATen schema pt2js's op table lacks: the schema's Python signature, by hand. */
const nnB = <Fn extends (...args: never[]) => unknown>(name: string, params: PyParam[], impl: Fn) =>
  nnFunction(name, pyBind(new PySignature(name, params), impl) as unknown as Fn);

const nums = (s: readonly Size[]): number[] => s.map((d) => guardSize(d));
function tupleN(x: Ints, n: number, what: string): number[] {
  if (typeof x === "number") return new Array<number>(n).fill(x);
  if (x.length === 1 && n > 1) return new Array<number>(n).fill(x[0]!);
  if (x.length !== n) throw new TorchRuntimeError(`expected ${what} to be a single integer value or a list of ${n} values to match the convolution dimensions, but got ${what}=[${x.join(", ")}]`);
  return [...x];
}

/** F.conv3d(input, weight, bias=None, stride=1, padding=0, dilation=1, groups=1): a sum of 2-d convolutions over the kernel's depth. */
export const conv3d = nnB("conv3d", [req("input"), req("weight"), opt("bias", null), opt("stride", 1), opt("padding", 0), opt("dilation", 1), opt("groups", 1)],
  function conv3d(input: Tensor, weight: Tensor, bias: Tensor | null = null, stride: Ints = 1, padding: Ints | "same" | "valid" = 0, dilation: Ints = 1, groups = 1): Tensor {
    if (weight.ndim !== 5) throw new TorchRuntimeError(`weight should have at least three dimensions`);
    const batched = input.ndim === 5;
    if (!batched && input.ndim !== 4) throw new TorchRuntimeError(`Expected 4D (unbatched) or 5D (batched) input to conv3d, but got input of size: [${input.shape.map(String).join(", ")}]`);
    let x = batched ? input : T.unsqueeze(input, 0);
    const k = nums(weight.shape.slice(2));
    const st = tupleN(stride, 3, "stride");
    const dl = tupleN(dilation, 3, "dilation");
    let pads: [number, number][];
    if (padding === "valid") pads = [[0, 0], [0, 0], [0, 0]];
    else if (padding === "same") pads = k.map((kk, i) => { const t = dl[i]! * (kk - 1); return [Math.floor(t / 2), t - Math.floor(t / 2)] as [number, number]; });
    else pads = tupleN(padding, 3, "padding").map((p) => [p, p] as [number, number]);
    // Sizes from the unpadded input (traced arithmetic; the padded tensor's sizes come from pad's meta).
    const N = x.size(0);
    const D = sizeAdd(x.size(2), pads[0]![0] + pads[0]![1]);
    if (pads.some(([a, b]) => a !== 0 || b !== 0)) x = T.constant_pad_nd(x, [...pads].reverse().flatMap((p) => p), 0);
    // ATen's check_shape_forward: the dilated kernel fits the padded depth (a guard; H and W are
    // conv2d's). Every depth stays symbolic: the output depths are folded into the batch.
    const span = dl[0]! * (k[0]! - 1) + 1;
    if (sizeLt(D, span)) throw new TorchRuntimeError("Calculated output size is too small");
    const OD = sizeAdd(sizeFloorDiv(sizeSub(D, span), st[0]!), 1);
    let acc: Tensor | null = null;
    for (let kd = 0; kd < k[0]!; kd++) {
      // the depth planes kernel plane kd meets, one per output depth: (N, C, OD, H, W) → (N·OD, C, H, W)
      const start = kd * dl[0]!;
      const planes = T.slice(x, 2, start, sizeAdd(start + 1, sizeMul(st[0]!, sizeSub(OD, 1))), st[0]!);
      const x2 = T.flatten(T.permute(planes, [0, 2, 1, 3, 4]), 0, 1);
      const y: Tensor = T.conv2d(x2, T.select(weight, 2, kd), null, [st[1]!, st[2]!], [0, 0], [dl[1]!, dl[2]!], groups);
      acc = acc === null ? y : T.add(acc, y);
    }
    // (N·OD, O, OH, OW) → (N, O, OD, OH, OW)
    let out: Tensor = T.contiguous(T.permute(T.unflatten(acc!, 0, [N, OD]), [0, 2, 1, 3, 4]));
    if (bias !== null) out = T.add(out, T.view(bias, [1, -1, 1, 1, 1]));
    return batched ? out : T.squeeze(out, 0);
  });

/** F.bilinear(input1, input2, weight, bias=None): y = x1ᵀ A x2 + b (aten._trilinear's sums, as linear + mul + sum). */
export const bilinear = nnB("bilinear", [req("input1"), req("input2"), req("weight"), opt("bias", null)],
  function bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
    if (weight.ndim !== 3) throw new TorchRuntimeError(`bilinear(): weight must be 3-dimensional, but got ${weight.ndim}`);
    const [O, I1, I2] = nums(weight.shape);
    if (guardSize(input1.size(-1)) !== I1) throw new TorchRuntimeError(`bilinear(): input1 size does not match weight size: got ${String(input1.size(-1))} but expected ${I1}`);
    if (guardSize(input2.size(-1)) !== I2) throw new TorchRuntimeError(`bilinear(): input2 size does not match weight size: got ${String(input2.size(-1))} but expected ${I2}`);
    const lead = input1.shape.slice(0, -1);
    const x1 = T.reshape(input1, [-1, I1!]);
    const x2 = T.reshape(input2, [-1, I2!]);
    const t = T.view(T.linear(x2, T.reshape(weight, [O! * I1!, I2!])), [-1, O!, I1!]);
    let y: Tensor = T.sum(T.mul(t, T.unsqueeze(x1, 1)), [-1]);
    if (bias !== null) y = T.add(y, bias);
    return T.reshape(y, [...lead, O!]);
  });

/** F.prelu(input, weight): where(input > 0, input, weight * input), weight along dim 1. */
export const prelu = nnB("prelu", [req("input"), req("weight")], function prelu(input: Tensor, weight: Tensor): Tensor {
  const n = guardSize(weight.numel());
  let w = weight;
  if (n !== 1) {
    if (input.ndim === 0) throw new TorchRuntimeError("Not allow zero-dim input tensor.");
    const channels = input.ndim >= 2 ? guardSize(input.size(1)) : 1;
    if (n !== channels) throw new TorchRuntimeError(`Mismatch of parameter numbers and input channel size. Found parameter numbers = ${n} and channel size = ${channels}.`);
    const shape = new Array<number>(input.ndim).fill(1);
    shape[input.ndim >= 2 ? 1 : 0] = n;
    w = T.reshape(weight, shape);
  }
  return T.where(T.gt(input, 0), input, T.mul(w, input));
});

/** F.glu(input, dim=-1): a * sigmoid(b) of the two halves along dim. */
export const glu = nnF("glu", function glu(input: Tensor, dim = -1): Tensor {
  if (input.ndim === 0) throw new TorchRuntimeError("glu does not support scalars because halving size must be even");
  const d = dim < 0 ? dim + input.ndim : dim;
  // glu's meta: TORCH_CHECK(nIn % 2 == 0), halves of nIn / 2. PyTorch's export records the check as a
  // runtime assert (mod, eq, _assert_scalar); pt2js's _check on an input size records a guard, so
  // the program refuses an odd size at its input check instead.
  const n = input.size(d);
  _check(sizeEqSym(sizeMod(n, 2), 0), () => `Halving dimension must be even, but dimension ${d} is size ${String(n)}`);
  const h = sizeFloorDiv(n, 2);
  return T.mul(T.narrow(input, d, 0, h), T.sigmoid(T.narrow(input, d, h, h)));
});

/** F.softsign(input): input / (1 + |input|) */
export const softsign = nnF("softsign", (input: Tensor): Tensor => T.div(input, T.add(T.abs(input), 1)));

/** F.threshold(input, threshold, value, inplace=False): where(input > threshold, input, value). */
export const threshold = nnF("threshold", (input: Tensor, threshold: number, value: number, inplace = false): Tensor =>
  (noInplace("threshold", inplace), T.where(T.gt(input, threshold), input, value)));

/** F.celu(input, alpha=1.0, inplace=False): aten.celu = elu(input, alpha, scale=1, input_scale=1/alpha). */
export const celu = nnF("celu", (input: Tensor, alpha = 1.0, inplace = false): Tensor =>
  (noInplace("celu", inplace), T.elu(input, alpha, 1.0, 1.0 / alpha)));

/** F.rms_norm(input, normalized_shape, weight=None, eps=None): input * rsqrt(mean(input², dims) + eps) * weight. */
export const rms_norm = nnF("rms_norm", function rms_norm(input: Tensor, normalized_shape: Ints, weight: Tensor | null = null, eps: number | null = null): Tensor {
  const ns = typeof normalized_shape === "number" ? [normalized_shape] : normalized_shape;
  const tail = nums(input.shape.slice(input.ndim - ns.length));
  if (ns.length > input.ndim || tail.some((d, i) => d !== ns[i])) {
    throw new TorchRuntimeError(`Given normalized_shape=[${ns.join(", ")}], expected input with shape [*, ${ns.join(", ")}], but got input of size[${input.shape.map(String).join(", ")}]`);
  }
  const e = eps ?? (input.dtype === float64T ? 2.220446049250313e-16 : 1.1920928955078125e-7);
  const dims = ns.map((_, i) => i - ns.length);
  const r = T.rsqrt(T.add(T.mean(T.pow(input, 2), dims, true), e));
  const y: Tensor = T.mul(input, r);
  return weight !== null ? T.mul(y, weight) : y;
});

/**
 * F.instance_norm(input, running_mean=None, running_var=None, weight=None, bias=None, use_input_stats=True, momentum=0.1, eps=1e-5):
 * aten.instance_norm: batch_norm of the input viewed as (1, N*C, ...), the running statistics
 * repeated per sample and averaged back.
 */
export const instance_norm = nnF("instance_norm", function instance_norm(input: Tensor, running_mean: Tensor | null = null, running_var: Tensor | null = null,
  weight: Tensor | null = null, bias: Tensor | null = null, use_input_stats = true, momentum = 0.1, eps = 1e-5): Tensor {
  if (use_input_stats) {
    // _verify_spatial_size: `if size_prods == 1: raise` (a guard on the spatial numel).
    if (sizeEq(sizeProduct(input.shape.slice(2)), 1)) {
      throw new TorchValueError(`Expected more than 1 spatial element when training, got input size torch.Size([${input.shape.map(String).join(", ")}])`);
    }
  }
  // aten::instance_norm: view_symint({1, b * c, *spatial}), then view_symint(input.sym_sizes()).
  const b = input.size(0);
  const c = input.size(1);
  const shape = [1, sizeMul(b, c), ...input.shape.slice(2)];
  const rep = (t: Tensor | null) => (t === null ? null : T.repeat(t, [b]));
  const rm = rep(running_mean);
  const rv = rep(running_var);
  const out = T.batch_norm(T.view(T.contiguous(input), shape), rep(weight), rep(bias), rm, rv, use_input_stats, momentum, eps, CUDNN_ENABLED);
  if (running_mean !== null && rm !== null) T.copy_(running_mean, T.mean(T.view(rm, [b, c]), [0], false));
  if (running_var !== null && rv !== null) T.copy_(running_var, T.mean(T.view(rv, [b, c]), [0], false));
  return T.view(out, [...input.shape]);
});

/** F.local_response_norm(input, size, alpha=1e-4, beta=0.75, k=1.0): PyTorch's average over neighbouring channels (avg_pool2d over a (size, 1) window). */
export const local_response_norm = nnF("local_response_norm", function local_response_norm(input: Tensor, size: number, alpha = 1e-4, beta = 0.75, k = 1.0): Tensor {
  const dim = input.ndim;
  if (dim < 3) throw new TorchValueError(`Expected 3D or higher dimensionality input (got ${dim} dimensions)`);
  if (sizeEq(input.numel(), 0)) return input; // `if input.numel() == 0` (a guard)
  const s = input.shape;
  let div: Tensor = T.mul(input, input);
  div = dim === 3 ? T.unsqueeze(div, 1) : T.view(div, [s[0]!, 1, s[1]!, -1]);
  div = pad(div, [0, 0, Math.floor(size / 2), Math.floor((size - 1) / 2)]);
  div = T.squeeze(avg_pool2d(div, [size, 1], 1), 1);
  if (dim > 3) div = T.view(div, [...s]);
  div = T.pow(T.add(T.mul(div, alpha), k), beta);
  return T.div(input, div);
});

/** Feature (channel) dropout: a per-channel mask from aten.dropout of ones, as _dropout_impl's feature noise. */
function featureDropout(name: string, input: Tensor, p: number, training: boolean, inplace: boolean, batchedDims: number): Tensor {
  if (typeof p !== "number") throw new TorchTypeError(`'<' not supported between instances of '${pyTypeName(p)}' and 'float'`);
  if (p < 0 || p > 1) throw new TorchValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  noInplace(name, inplace);
  if (!training || p === 0) return input;
  const batched = input.ndim === batchedDims;
  const x = batched ? input : T.unsqueeze(input, 0);
  const noise = T.dropout(onesF([...nums(x.shape.slice(0, 2)), ...new Array<number>(x.ndim - 2).fill(1)], { dtype: x.dtype }), p, true);
  const y = T.mul(x, noise);
  return batched ? y : T.squeeze(y, 0);
}
/** F.dropout1d(input, p=0.5, training=True, inplace=False): whole channels of (N, C, L) zeroed. */
export const dropout1d = nnF("dropout1d", (input: Tensor, p = 0.5, training = true, inplace = false): Tensor => {
  if (input.ndim !== 2 && input.ndim !== 3) throw new TorchRuntimeError(`dropout1d: Expected 2D or 3D input, but received a ${input.ndim}D input. Note that dropout1d exists to provide channel-wise dropout on inputs with 1 spatial dimension, a channel dimension, and an optional batch dimension (i.e. 2D or 3D inputs).`);
  return featureDropout("dropout1d", input, p, training, inplace, 3);
});
/** F.dropout2d(input, p=0.5, training=True, inplace=False): whole channels of (N, C, H, W) zeroed. */
export const dropout2d = nnF("dropout2d", (input: Tensor, p = 0.5, training = true, inplace = false): Tensor =>
  featureDropout("dropout2d", input, p, training, inplace, 4));
/** F.dropout3d(input, p=0.5, training=True, inplace=False) */
export const dropout3d = nnF("dropout3d", (input: Tensor, p = 0.5, training = true, inplace = false): Tensor =>
  featureDropout("dropout3d", input, p, training, inplace, 5));

/** _dropout_impl's alpha dropout: keeps mean and variance of SELU activations. */
function alphaDropoutImpl(name: string, input: Tensor, p: number, training: boolean, inplace: boolean, feature: boolean): Tensor {
  if (typeof p !== "number") throw new TorchTypeError(`'<' not supported between instances of '${pyTypeName(p)}' and 'float'`);
  if (p < 0 || p > 1) throw new TorchValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  noInplace(name, inplace);
  if (!training || p === 0) return input;
  if (p === 1) return T.mul(input, 0);
  const shape = feature ? [...nums(input.shape.slice(0, 2)), ...new Array<number>(input.ndim - 2).fill(1)] : nums(input.shape);
  const noise: Tensor = T.to(T.lt(randLikeF(zerosF(shape, { dtype: input.dtype })), 1 - p), input.dtype);
  const alpha = 1.7580993408473766;
  const a = 1 / Math.sqrt((alpha * alpha * p + 1) * (1 - p));
  const b = T.add(T.mul(T.sub(noise, 1), alpha * a), alpha * a * p);
  return T.add(T.mul(input, T.mul(noise, a)), b);
}
/** F.alpha_dropout(input, p=0.5, training=False, inplace=False) */
export const alpha_dropout = nnF("alpha_dropout", (input: Tensor, p = 0.5, training = false, inplace = false): Tensor =>
  alphaDropoutImpl("alpha_dropout", input, p, training, inplace, false));
/** F.feature_alpha_dropout(input, p=0.5, training=False, inplace=False) */
export const feature_alpha_dropout = nnF("feature_alpha_dropout", (input: Tensor, p = 0.5, training = false, inplace = false): Tensor =>
  alphaDropoutImpl("feature_alpha_dropout", input, p, training, inplace, true));

const single = (x: Ints): number => (typeof x === "number" ? x : x[0]!);
/** F.max_pool1d(input, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False, return_indices=False): max_pool2d over a height-1 view, as PyTorch's CPU max_pool1d computes it. */
export const max_pool1d = nnF("max_pool1d", function max_pool1d(input: Tensor, kernel_size: Ints, stride: Ints | null = null, padding: Ints = 0, dilation: Ints = 1,
  ceil_mode = false, return_indices = false): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) throw new TorchRuntimeError(`max_pool1d() Expected 2D or 3D input tensor, but got [${input.shape.map(String).join(", ")}]`);
  const st = stride === null || (Array.isArray(stride) && stride.length === 0) ? single(kernel_size) : single(stride);
  const x = T.unsqueeze(input, -2);
  const args = [[1, single(kernel_size)], [1, st], [0, single(padding)], [1, single(dilation)], ceil_mode];
  if (return_indices) {
    const [v, i] = T.max_pool2d_with_indices(x, ...args) as [Tensor, Tensor];
    return [T.squeeze(v, -2), T.squeeze(i, -2)] as unknown as Tensor;
  }
  return T.squeeze(T.max_pool2d(x, ...args), -2);
}, "max_pool1d_with_indices");
export const max_pool1d_with_indices = nnF("max_pool1d_with_indices", (input: Tensor, kernel_size: Ints, stride: Ints | null = null, padding: Ints = 0, dilation: Ints = 1,
  ceil_mode = false): [Tensor, Tensor] => max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, true) as unknown as [Tensor, Tensor]);

/** F.adaptive_max_pool2d(input, output_size, return_indices=False): the max of each adaptive window (start floor(i*H/OH), end ceil((i+1)*H/OH)). */
export const adaptive_max_pool2d = nnF("adaptive_max_pool2d", function adaptive_max_pool2d(input: Tensor, output_size: Ints | (number | null)[], return_indices = false): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4) throw new TorchRuntimeError(`adaptive_max_pool2d(): Expected 3D or 4D tensor, but got: [${input.shape.map(String).join(", ")}]`);
  const [OH, OW] = tupleN(listWithDefault(output_size, input.shape) as Ints, 2, "output_size");
  // meta_adaptive_max_pool2d: torch._check(input.size(i) > 0) for the non-batch dims.
  for (let i = 1; i < input.ndim; i++) {
    _check(sizeGtSym(input.size(i), 0), () => `adaptive_max_pool2d(): Expected input to have non-zero size for non-batch dimensions, but input has sizes torch.Size([${input.shape.map(String).join(", ")}]) with dimension ${i} being empty`);
  }
  const H = input.size(-2);
  const W = input.size(-1);
  const vals: Tensor[] = [];
  const idxs: Tensor[] = [];
  // For the indices: every element's flat position h*W + w, from tensor ops only (a symbolic W
  // cannot be a tensor op's scalar), read at each window's argmax.
  const pos = return_indices ? T.view_as(T.sub(T.cumsum(T.flatten(onesLikeF(input, { dtype: int64T }), -2), -1), 1), input) : null;
  for (let oh = 0; oh < OH!; oh++) {
    const hs = sizeFloorDiv(sizeMul(oh, H), OH!), he = sizeCeilDiv(sizeMul(oh + 1, H), OH!);
    for (let ow = 0; ow < OW!; ow++) {
      const ws = sizeFloorDiv(sizeMul(ow, W), OW!), we = sizeCeilDiv(sizeMul(ow + 1, W), OW!);
      const win = T.flatten(T.slice(T.slice(input, -2, hs, he), -1, ws, we), -2);
      const [v, i] = T.max(win, -1) as [Tensor, Tensor];
      vals.push(v);
      if (pos !== null) {
        const where = T.flatten(T.slice(T.slice(pos, -2, hs, he), -1, ws, we), -2);
        idxs.push(T.squeeze(T.gather(where, -1, T.unsqueeze(i, -1)), -1));
      }
    }
  }
  const lead = input.shape.slice(0, -2);
  const out = T.reshape(T.stack(vals, -1), [...lead, OH!, OW!]);
  if (!return_indices) return out;
  return [out, T.reshape(T.stack(idxs, -1), [...lead, OH!, OW!])] as unknown as Tensor;
}, "adaptive_max_pool2d_with_indices");
export const adaptive_max_pool2d_with_indices = nnF("adaptive_max_pool2d_with_indices", (input: Tensor, output_size: Ints | (number | null)[], return_indices = false): [Tensor, Tensor] =>
  (void return_indices, adaptive_max_pool2d(input, output_size, true) as unknown as [Tensor, Tensor]));

/** F.pixel_shuffle(input, upscale_factor): (*, C·r², H, W) → (*, C, H·r, W·r) by reshape and permute, as PyTorch's decomposition. */
export const pixel_shuffle = nnB("pixel_shuffle", [req("input"), req("upscale_factor")], function pixel_shuffle(input: Tensor, upscale_factor: number): Tensor {
  const s = input.shape;
  if (s.length < 3) throw new TorchRuntimeError(`pixel_shuffle expects input to have at least 3 dimensions, but got input with ${s.length} dimension(s)`);
  const r = upscale_factor;
  if (r <= 0) throw new TorchRuntimeError(`pixel_shuffle expects a positive upscale_factor, but got ${r}`);
  const [c, h, w] = s.slice(-3) as [Size, Size, Size];
  // check_pixel_shuffle_shapes: c % (r * r) == 0 (a guard on a symbolic c).
  if (!sizeEq(sizeMod(c, r * r), 0)) throw new TorchRuntimeError(`pixel_shuffle expects its input's 'channel' dimension to be divisible by the square of upscale_factor, but input.size(-3)=${String(c)} is not divisible by ${r * r}`);
  const lead = s.slice(0, -3);
  const n = lead.length;
  const oc = sizeFloorDiv(c, r * r);
  const x = T.reshape(input, [...lead, oc, r, r, h, w]);
  const perm = [...lead.map((_, i) => i), n, n + 3, n + 1, n + 4, n + 2];
  return T.reshape(T.permute(x, perm), [...lead, oc, sizeMul(h, r), sizeMul(w, r)]);
});
/** F.pixel_unshuffle(input, downscale_factor): (*, C, H·r, W·r) → (*, C·r², H, W). */
export const pixel_unshuffle = nnB("pixel_unshuffle", [req("input"), req("downscale_factor")], function pixel_unshuffle(input: Tensor, downscale_factor: number): Tensor {
  const s = input.shape;
  if (s.length < 3) throw new TorchRuntimeError(`pixel_unshuffle expects input to have at least 3 dimensions, but got input with ${s.length} dimension(s)`);
  const r = downscale_factor;
  if (r <= 0) throw new TorchRuntimeError(`pixel_unshuffle expects a positive downscale_factor, but got ${r}`);
  const [c, h, w] = s.slice(-3) as [Size, Size, Size];
  // check_pixel_unshuffle_shapes: h % r == 0 and w % r == 0 (guards on symbolic sizes).
  if (!sizeEq(sizeMod(h, r), 0)) throw new TorchRuntimeError(`pixel_unshuffle expects height to be divisible by downscale_factor, but input.size(-2)=${String(h)} is not divisible by ${r}`);
  if (!sizeEq(sizeMod(w, r), 0)) throw new TorchRuntimeError(`pixel_unshuffle expects width to be divisible by downscale_factor, but input.size(-1)=${String(w)} is not divisible by ${r}`);
  const lead = s.slice(0, -3);
  const n = lead.length;
  const oh = sizeFloorDiv(h, r), ow = sizeFloorDiv(w, r);
  const x = T.reshape(input, [...lead, c, oh, r, ow, r]);
  const perm = [...lead.map((_, i) => i), n, n + 2, n + 4, n + 1, n + 3];
  return T.reshape(T.permute(x, perm), [...lead, sizeMul(c, r * r), oh, ow]);
});
/** F.channel_shuffle(input, groups): (N, g·k, *) → (N, k·g, *) by view, transpose and reshape. */
export const channel_shuffle = nnB("channel_shuffle", [req("input"), req("groups")], function channel_shuffle(input: Tensor, groups: number): Tensor {
  const s = input.shape;
  if (s.length <= 2) throw new TorchRuntimeError(`channel_shuffle expects input to have at least 3 dimensions, but got input with ${s.length} dimension(s)`);
  if (groups <= 0) throw new TorchRuntimeError(`Number of groups to divide channels in must be positive. Value of groups:${groups}`);
  const c = s[1]!;
  // ChanelShuffle.cpp: TORCH_CHECK(self.sym_size(1) % groups == 0) (PyTorch's export: a runtime
  // assert; pt2js's _check: a guard, as in glu).
  _check(sizeEqSym(sizeMod(c, groups), 0), () => `Number of channels must be divisible by groups. Got ${String(c)} channels and ${groups} groups.`);
  const x = T.view(input, [s[0]!, groups, sizeFloorDiv(c, groups), ...s.slice(2)]);
  return T.reshape(T.contiguous(T.transpose(x, 1, 2)), [...s]);
});

/** F.cosine_similarity(x1, x2, dim=1, eps=1e-8): sum((x1/‖x1‖) · (x2/‖x2‖), dim), norms clamped to eps (ATen's order). */
export const cosine_similarity = nnB("cosine_similarity", [req("x1"), req("x2"), opt("dim", 1), opt("eps", 1e-8)],
  function cosine_similarity(x1: Tensor, x2: Tensor, dim = 1, eps = 1e-8): Tensor {
    // at::cosine_similarity: expand_symint(infer_size_symdimvector(x1.sym_sizes(), x2.sym_sizes())).
    const shape = broadcastSizes(x1.shape, x2.shape);
    const a = T.expand(x1, shape);
    const b = T.expand(x2, shape);
    const na = T.clamp_min(T.linalg_vector_norm(a, 2, [dim], true), eps);
    const nb = T.clamp_min(T.linalg_vector_norm(b, 2, [dim], true), eps);
    return T.sum(T.mul(T.div(a, na), T.div(b, nb)), [dim]);
  });
/** F.pairwise_distance(x1, x2, p=2.0, eps=1e-6, keepdim=False): ‖x1 − x2 + eps‖_p over the last dim. */
export const pairwise_distance = nnB("pairwise_distance", [req("x1"), req("x2"), opt("p", 2.0), opt("eps", 1e-6), opt("keepdim", false)],
  function pairwise_distance(x1: Tensor, x2: Tensor, p = 2.0, eps = 1e-6, keepdim = false): Tensor {
    const outDim = Math.max(x1.ndim, x2.ndim);
    return T.linalg_vector_norm(T.add(T.sub(x1, x2), eps), p, [outDim - 1], keepdim);
  });

/** Output positions of one spatial dim of im2col / col2im: (size + 2p - (d(k-1) + 1)) // s + 1. */
function blocks(size: Size, k: number, d: number, p: number, s: number): Size {
  return sizeAdd(sizeFloorDiv(sizeSub(sizeAdd(size, 2 * p), d * (k - 1) + 1), s), 1);
}
/** F.unfold(input, kernel_size, dilation=1, padding=0, stride=1): im2col, as strided slices of the padded input. */
export const unfold = nnF("unfold", function unfold(input: Tensor, kernel_size: Ints, dilation: Ints = 1, padding: Ints = 0, stride: Ints = 1): Tensor {
  if (input.ndim !== 3 && input.ndim !== 4) throw new NotImplementedError(`Input Error: Only 3D or 4D input Tensors are supported (got ${input.ndim}D)`);
  const batched = input.ndim === 4;
  let x = batched ? input : T.unsqueeze(input, 0);
  const [kh, kw] = tupleN(kernel_size, 2, "kernel_size"), [dh, dw] = tupleN(dilation, 2, "dilation");
  const [ph, pw] = tupleN(padding, 2, "padding"), [sh, sw] = tupleN(stride, 2, "stride");
  const [N, C, H, W] = x.shape as [Size, Size, Size, Size];
  const OH = blocks(H, kh!, dh!, ph!, sh!), OW = blocks(W, kw!, dw!, pw!, sw!);
  // im2col's meta: torch._check(blocks_height > 0 and blocks_width > 0) (Python's `and`: guards).
  if (sizeLt(OH, 1) || sizeLt(OW, 1)) throw new TorchRuntimeError(`Given input with spatial size (${String(H)}, ${String(W)}), kernel_size=(${kh}, ${kw}), dilation=(${dh}, ${dw}), padding=(${ph}, ${pw}), calculated shape of the array of sliding blocks as (${String(OH)}, ${String(OW)}), but its components must be at least one.`);
  if (ph || pw) x = T.constant_pad_nd(x, [pw!, pw!, ph!, ph!], 0);
  const patches: Tensor[] = [];
  for (let i = 0; i < kh!; i++) {
    for (let j = 0; j < kw!; j++) {
      const rows = T.slice(x, 2, i * dh!, sizeAdd(i * dh! + 1, sizeMul(sh!, sizeSub(OH, 1))), sh!);
      patches.push(T.slice(rows, 3, j * dw!, sizeAdd(j * dw! + 1, sizeMul(sw!, sizeSub(OW, 1))), sw!));
    }
  }
  const out = T.reshape(T.stack(patches, 2), [N, sizeMul(C, kh! * kw!), sizeMul(OH, OW)]);
  return batched ? out : T.squeeze(out, 0);
});
/** F.fold(input, output_size, kernel_size, dilation=1, padding=0, stride=1): col2im, as one index_add of the blocks into the padded output. */
export const fold = nnF("fold", function fold(input: Tensor, output_size: Ints, kernel_size: Ints, dilation: Ints = 1, padding: Ints = 0, stride: Ints = 1): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) throw new NotImplementedError(`Input Error: Only unbatched (2D) or batched (3D) input Tensors are supported (got ${input.ndim}D)`);
  const batched = input.ndim === 3;
  const x = batched ? input : T.unsqueeze(input, 0);
  const [H, W] = tupleN(output_size, 2, "output_size");
  const [kh, kw] = tupleN(kernel_size, 2, "kernel_size"), [dh, dw] = tupleN(dilation, 2, "dilation");
  const [ph, pw] = tupleN(padding, 2, "padding"), [sh, sw] = tupleN(stride, 2, "stride");
  const [N, CK, L] = x.shape as [Size, Size, Size];
  const K = kh! * kw!;
  // col2im's meta: torch._check(n_input_plane % (kernel_width * kernel_height) == 0), then
  // torch._check(L == n_blocks_height * n_blocks_width): the blocks are static, so L becomes static.
  _check(sizeEqSym(sizeMod(CK, K), 0), () => `Expected size of input's dimension 1 to be divisible by the product of kernel_size, but got input.size(1)=${String(CK)} and kernel_size=(${kh}, ${kw})`);
  const OH = guardSize(blocks(H!, kh!, dh!, ph!, sh!)), OW = guardSize(blocks(W!, kw!, dw!, pw!, sw!)); // static: output_size is ints
  _check(sizeEqSym(L, OH * OW), () => `Given output_size=(${H}, ${W}), kernel_size=(${kh}, ${kw}), dilation=(${dh}, ${dw}), padding=(${ph}, ${pw}), stride=(${sh}, ${sw}), expected size of input's dimension 2 to match the calculated number of sliding blocks ${OH} * ${OW} = ${OH * OW}, but got input.size(2)=${String(L)}.`);
  const C = sizeFloorDiv(CK, K);
  const Hp = H! + 2 * ph!, Wp = W! + 2 * pw!;
  const index: number[] = [];
  for (let i = 0; i < kh!; i++) for (let j = 0; j < kw!; j++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++) {
    index.push((oh * sh! + i * dh!) * Wp + ow * sw! + j * dw!);
  }
  const src = T.reshape(x, [N, C, K * OH * OW]);
  let out: Tensor = T.index_add(zerosF([N, C, Hp * Wp], { dtype: x.dtype }), 2, tensorF(index, { dtype: int64T }), src);
  out = T.view(out, [N, C, Hp, Wp]);
  if (ph || pw) out = T.slice(T.slice(out, 2, ph!, ph! + H!), 3, pw!, pw! + W!);
  return batched ? out : T.squeeze(out, 0);
});

/**
 * F.embedding_bag(input, weight, offsets=None, max_norm=None, norm_type=2, scale_grad_by_freq=False, mode="mean", sparse=False,
 * per_sample_weights=None, include_last_offset=False, padding_idx=None): each bag's rows of weight reduced by sum, mean or max
 * (padding_idx rows left out, an empty bag gives zeros). Eager only: the bags are read from the offsets' values.
 */
export const embedding_bag = nnF("embedding_bag", function embedding_bag(input: Tensor, weight: Tensor, offsets: Tensor | null = null, max_norm: number | null = null,
  norm_type = 2, scale_grad_by_freq = false, mode: "sum" | "mean" | "max" = "mean", sparse = false, per_sample_weights: Tensor | null = null,
  include_last_offset = false, padding_idx: number | null = null): Tensor {
  void scale_grad_by_freq; void sparse;
  if (weight.ndim !== 2) throw new TorchValueError(`weight has to be a 2D Tensor, but got Tensor of dimension ${weight.ndim}`);
  if (!["sum", "mean", "max"].includes(mode)) throw new TorchValueError(`mode has to be one of sum, mean or max`);
  if (per_sample_weights !== null && mode !== "sum") throw new NotImplementedError(`embedding_bag: per_sample_weights was not None. per_sample_weights is only supported for mode='sum' (got mode='${mode}'). Please open a feature request on GitHub.`);
  if (max_norm !== null) _embedding_renorm_(weight, input, max_norm, norm_type);
  const n = guardSize(weight.size(0));
  let pad = padding_idx;
  if (pad !== null) {
    if (pad >= n || pad < -n) throw new TorchValueError("padding_idx must be within num_embeddings");
    if (pad < 0) pad += n;
  }
  if (input.ndim === 2) {
    // Fixed-length bags: reductions over dim 1, padding rows masked out (no data read, so it traces).
    if (offsets !== null) throw new TorchValueError("if input is 2D, then offsets has to be None, as input is treated is a mini-batch of fixed length sequences.");
    let e: Tensor = T.embedding(weight, input);
    if (per_sample_weights !== null) e = T.mul(e, T.unsqueeze(per_sample_weights, -1));
    if (pad === null) return mode === "sum" ? T.sum(e, [1]) : mode === "mean" ? T.mean(e, [1]) : T.amax(e, [1]);
    const keep = T.unsqueeze(T.ne(input, pad), -1);
    const count = T.sum(keep, [1]);
    if (mode === "max") {
      const m = T.amax(T.where(keep, e, -Infinity), [1]);
      return T.where(T.gt(count, 0), m, 0);
    }
    const total = T.sum(T.where(keep, e, 0), [1]);
    return mode === "sum" ? total : T.div(total, T.clamp_min(count, 1));
  }
  // 1-d bags with offsets read the indices and offsets (eager only). Under export they are fake:
  // tolist() would give unbacked symbols this loop cannot use, so say so instead.
  if (input.is_fake || (offsets !== null && offsets.is_fake)) throw eagerOnly("embedding_bag with 1-d input and offsets");
  const ids = (T.flatten(input).tolist() as number[]);
  let starts: number[];
  if (input.ndim === 1) {
    if (offsets === null) throw new TorchValueError("offsets has to be a 1D Tensor but got None");
    if (offsets.ndim !== 1) throw new TorchValueError("offsets has to be a 1D Tensor");
    starts = offsets.tolist() as number[];
    if (!include_last_offset) starts = [...starts, ids.length];
  } else {
    throw new TorchValueError(`input has to be 1D or 2D Tensor, but got Tensor of dimension ${input.ndim}`);
  }
  const psw = per_sample_weights === null ? null : T.flatten(per_sample_weights);
  const D = guardSize(weight.size(1));
  const bags: Tensor[] = [];
  for (let b = 0; b + 1 < starts.length; b++) {
    const keep: number[] = [];
    for (let i = starts[b]!; i < Math.min(starts[b + 1]!, ids.length); i++) if (ids[i] !== pad) keep.push(i);
    if (keep.length === 0) {
      bags.push(zerosF([D], { dtype: weight.dtype }));
      continue;
    }
    const at = tensorF(keep, { dtype: int64T });
    let rows: Tensor = T.embedding(weight, T.index_select(T.flatten(input), 0, at));
    if (psw !== null) rows = T.mul(rows, T.unsqueeze(T.index_select(psw, 0, at), 1));
    bags.push(mode === "sum" ? T.sum(rows, [0]) : mode === "mean" ? T.mean(rows, [0]) : T.amax(rows, [0]));
  }
  return bags.length ? T.stack(bags, 0) : zerosF([0, D], { dtype: weight.dtype });
});

/** The error of a kernel pt2js runs eagerly only (it reads tensor values), met under export. */
function eagerOnly(what: string): TorchRuntimeError {
  return new TorchRuntimeError(`Cannot access data of a fake tensor (it has no storage): pt2js computes ${what} from the tensors' values, so it runs eagerly but cannot be exported`);
}

/**
 * torch.embedding_renorm_(weight, input, max_norm, norm_type): in place, every row of `weight` that
 * `input` names and whose norm exceeds max_norm is scaled to max_norm / (norm + 1e-7), as ATen's
 * kernel does before F.embedding / F.embedding_bag look rows up with max_norm set. Eager only (it
 * reads the indices and the norms).
 */
export function _embedding_renorm_(weight: Tensor, input: Tensor, max_norm: number, norm_type = 2.0): Tensor {
  if (input.is_fake || weight.is_fake) throw eagerOnly("embedding with max_norm (embedding_renorm_)");
  const w = T.detach(weight);
  const ids = [...new Set(T.flatten(input).tolist() as number[])].sort((a, b) => a - b);
  for (const i of ids) {
    const row = T.select(w, 0, i);
    const norm = Number(T.linalg_vector_norm(row, norm_type).item());
    if (norm > max_norm) T.mul_(row, max_norm / (norm + 1e-7));
  }
  return weight;
}

/** F.selu(input, inplace=False): scale · elu(input, alpha), PyTorch's constants. */
export const selu = nnF("selu", (input: Tensor, inplace = false): Tensor =>
  (noInplace("selu", inplace), T.elu(input, 1.6732632423543772848170429916717, 1.0507009873554804934193349852946, 1)));
/** F.logsigmoid(input): min(input, 0) − log1p(exp(−|input|)), as ATen's log_sigmoid. */
export const logsigmoid = nnB("logsigmoid", [req("input")], (input: Tensor): Tensor =>
  T.sub(T.clamp_max(input, 0), T.log1p(T.exp(T.neg(T.abs(input))))));
/** F.tanhshrink(input): input − tanh(input) */
export const tanhshrink = nnF("tanhshrink", (input: Tensor): Tensor => T.sub(input, T.tanh(input)));
/** F.softshrink(input, lambd=0.5): input ∓ lambd outside [−lambd, lambd], 0 inside. */
export const softshrink = nnB("softshrink", [req("input"), opt("lambd", 0.5)], (input: Tensor, lambd = 0.5): Tensor => {
  if (lambd < 0) throw new TorchRuntimeError(`lambda must be greater or equal to 0, but found to be ${lambd}.`);
  return T.where(T.gt(input, lambd), T.sub(input, lambd), T.where(T.lt(input, -lambd), T.add(input, lambd), 0));
});
/** F.hardshrink(input, lambd=0.5): input where |input| > lambd, else 0. */
export const hardshrink = nnB("hardshrink", [req("input"), opt("lambd", 0.5)], (input: Tensor, lambd = 0.5): Tensor =>
  T.where(T.logical_or(T.gt(input, lambd), T.lt(input, -lambd)), input, 0));
/** F.rrelu(input, lower=1/8, upper=1/3, training=False, inplace=False): leaky ReLU with slope (lower+upper)/2 in eval, a uniform random slope per element in training. */
export const rrelu = nnF("rrelu", (input: Tensor, lower = 0.125, upper = 1 / 3, training = false, inplace = false): Tensor => {
  noInplace("rrelu", inplace);
  if (!training) return T.leaky_relu(input, (lower + upper) / 2);
  const slope = T.add(T.mul(randLikeF(input), upper - lower), lower);
  return T.where(T.ge(input, 0), input, T.mul(input, slope));
});
/** F.adaptive_max_pool1d(input, output_size, return_indices=False): adaptive_max_pool2d over a height-1 view. */
export const adaptive_max_pool1d = nnF("adaptive_max_pool1d", function adaptive_max_pool1d(input: Tensor, output_size: Ints, return_indices = false): Tensor {
  if (input.ndim !== 2 && input.ndim !== 3) throw new TorchRuntimeError(`adaptive_max_pool1d(): Expected 2D or 3D tensor, but got: [${input.shape.map(String).join(", ")}]`);
  const r = adaptive_max_pool2d(T.unsqueeze(input, -2), [1, single(output_size)], return_indices);
  if (!return_indices) return T.squeeze(r, -2);
  const [v, i] = r as unknown as [Tensor, Tensor];
  return [T.squeeze(v, -2), T.squeeze(i, -2)] as unknown as Tensor;
}, "adaptive_max_pool1d_with_indices");

// How each PyTorch OpInfo entry (name|variant) is expressed with pt2js's API. `x` is the sample's
// input, `a` its positional args, `k` its kwargs — all converted to JS values (tensors, arrays,
// dtypes). nn.functional entries are expressed with the aten-level functions they call, the way
// src/nn's F will.
import { torch, Tensor } from "../../src/tensor/index.js";

type K = Record<string, unknown>;
type Fn = (x: any, a: any[], k: K) => unknown;
const get = <T>(k: K, name: string, dflt: T): T => (name in k ? (k[name] as T) : dflt);
const pair = (v: unknown) => (Array.isArray(v) ? v : [v, v]);
const T = torch as any;

/** A Python slice from the fixture's repr ("slice(0, 3, None)"), as x.at() takes it. */
export class SliceItem {
  constructor(readonly start: number | null, readonly stop: number | null, readonly step: number | null) {}
}

/** Thrown for samples our API cannot reproduce (random streams, features of other layers). */
export class SkipSample extends Error {}
const skipIf = (cond: boolean, why: string): undefined => {
  if (cond) throw new SkipSample(why);
  return undefined;
};

/** Calls torch.<name>(x, ...a, k?) — for ops whose Python and pt2js signatures agree. */
const same = (name: string): Fn => (x, a, k) => (Object.keys(k).length ? T[name](x, ...a, k) : T[name](x, ...a));
const binary = (name: string): Fn => (x, a, k) => T[name](x, a[0], ...(Object.keys(k).length ? [k] : []));

export const OPINFO: Record<string, Fn> = {
  abs: same("abs"), ceil: same("ceil"), cos: same("cos"), cosh: same("cosh"), exp: same("exp"), floor: same("floor"),
  log1p: same("log1p"), log: same("log"), logical_not: same("logical_not"), neg: same("neg"), sin: same("sin"),
  sinh: same("sinh"), sign: same("sign"), tan: same("tan"), tanh: same("tanh"), trunc: same("trunc"), expm1: same("expm1"),
  reciprocal: same("reciprocal"), rsqrt: same("rsqrt"), sqrt: same("sqrt"), square: same("square"), sigmoid: same("sigmoid"),
  erf: same("erf"), bitwise_not: same("bitwise_not"), clone: same("clone"), contiguous: same("contiguous"),
  round: same("round"), "round|decimals_0": same("round"), "round|decimals_3": same("round"), "round|decimals_neg_3": same("round"),
  add: binary("add"), mul: binary("mul"), sub: binary("sub"), atan2: binary("atan2"), eq: binary("eq"), ne: binary("ne"),
  ge: binary("ge"), gt: binary("gt"), le: binary("le"), lt: binary("lt"), fmod: binary("fmod"), remainder: binary("remainder"),
  floor_divide: binary("floor_divide"), maximum: binary("maximum"), minimum: binary("minimum"), "max|binary": binary("maximum"),
  "min|binary": binary("minimum"), logical_and: binary("logical_and"), logical_or: binary("logical_or"),
  logical_xor: binary("logical_xor"), bitwise_and: binary("bitwise_and"), bitwise_or: binary("bitwise_or"),
  bitwise_xor: binary("bitwise_xor"), pow: binary("pow"), "div|no_rounding_mode": binary("div"),
  "div|trunc_rounding": binary("div"), "div|floor_rounding": binary("div"), true_divide: binary("true_divide"),
  clamp_max: binary("clamp_max"), clamp_min: binary("clamp_min"),
  clamp: (x, a, k) => torch.clamp(x, a[0] ?? get(k, "min", null), a[1] ?? get(k, "max", null)),
  addmm: (x, a, k) => torch.addmm(x, a[0], a[1], k), "addmm|decomposed": (x, a, k) => torch.addmm(x, a[0], a[1], k),
  addmv: (x, a, k) => torch.addmv(x, a[0], a[1], k), baddbmm: (x, a, k) => torch.baddbmm(x, a[0], a[1], k),
  bmm: binary("bmm"), mm: binary("mm"), matmul: binary("matmul"),
  chunk: (x, a) => torch.chunk(x, a[0], a[1] ?? 0),
  cumsum: (x, a, k) => torch.cumsum(x, a[0] ?? k.dim, k),
  diff: (x, a, k) => torch.diff(x, ...a, k),
  expand: (x, a) => x.expand(a[0]), expand_as: binary("expand_as"),
  flip: (x, a, k) => torch.flip(x, a[0] ?? k.dims),
  masked_fill: (x, a) => torch.masked_fill(x, a[0], a[1]),
  "max|reduction_with_dim": (x, a, k) => torch.max(x, ...a, k), "min|reduction_with_dim": (x, a, k) => torch.min(x, ...a, k),
  "max|reduction_no_dim": (x) => torch.max(x), "min|reduction_no_dim": (x) => torch.min(x),
  softmax: (x, a, k) => torch.softmax(x, a[0] ?? k.dim, k), "softmax|with_dtype": (x, a, k) => torch.softmax(x, a[0] ?? k.dim, k),
  log_softmax: (x, a, k) => torch.log_softmax(x, a[0] ?? k.dim, k), "log_softmax|with_dtype": (x, a, k) => torch.log_softmax(x, a[0] ?? k.dim, k),
  native_layer_norm: (x, a) => T.ops.aten.native_layer_norm.default && callAten("native_layer_norm.default", [x, ...a]),
  native_batch_norm: (x, a) => callAten("native_batch_norm.default", [x, ...a]),
  _native_batch_norm_legit: (x, a) => callAten("_native_batch_norm_legit.default", [x, ...a]),
  "nn.functional.adaptive_avg_pool1d": (x, a) => torch.adaptive_avg_pool1d(x, a[0]),
  // F.adaptive_avg_pool2d resolves None entries of output_size to the input's size.
  "nn.functional.adaptive_avg_pool2d": (x, a) =>
    torch.adaptive_avg_pool2d(x, (pair(a[0]) as (number | null)[]).map((d, i) => d ?? (x.shape[x.dim() - 2 + i] as number))),
  "nn.functional.avg_pool1d": (x, a, k) => torch.avg_pool1d(x, a[0], a[1] ?? get(k, "stride", []), a[2] ?? get(k, "padding", 0),
    a[3] ?? get(k, "ceil_mode", false), a[4] ?? get(k, "count_include_pad", true)),
  "nn.functional.avg_pool2d": (x, a, k) => torch.avg_pool2d(x, a[0] ?? k.kernel_size, a[1] ?? get(k, "stride", []), a[2] ?? get(k, "padding", 0),
    a[3] ?? get(k, "ceil_mode", false), a[4] ?? get(k, "count_include_pad", true), a[5] ?? get(k, "divisor_override", null)),
  "nn.functional.relu": same("relu"), "nn.functional.hardswish": same("hardswish"), "nn.functional.silu": same("silu"),
  "nn.functional.hardsigmoid": same("hardsigmoid"), "nn.functional.mish": same("mish"), "nn.functional.relu6": same("relu6"),
  "nn.functional.leaky_relu": (x, a, k) => torch.leaky_relu(x, a[0] ?? get(k, "negative_slope", 0.01)),
  "nn.functional.elu": (x, a, k) => torch.elu(x, a[0] ?? get(k, "alpha", 1)),
  "nn.functional.hardtanh": (x, a, k) => torch.hardtanh(x, a[0] ?? get(k, "min_val", -1), a[1] ?? get(k, "max_val", 1)),
  "nn.functional.gelu": (x, _a, k) => torch.gelu(x, { approximate: get(k, "approximate", "none") }),
  "nn.functional.softplus": (x, a, k) => torch.softplus(x, a[0] ?? get(k, "beta", 1), a[1] ?? get(k, "threshold", 20)),
  "nn.functional.conv1d": (x, a, k) => torch.conv1d(x, a[0], a[1] ?? get(k, "bias", null), get(k, "stride", 1), get(k, "padding", 0), get(k, "dilation", 1), get(k, "groups", 1)),
  "nn.functional.conv2d": (x, a, k) => torch.conv2d(x, a[0], a[1] ?? get(k, "bias", null), get(k, "stride", 1), get(k, "padding", 0), get(k, "dilation", 1), get(k, "groups", 1)),
  "nn.functional.conv_transpose1d": (x, a, k) => torch.conv_transpose1d(x, a[0], a[1] ?? get(k, "bias", null), get(k, "stride", 1), get(k, "padding", 0), get(k, "output_padding", 0), get(k, "groups", 1), get(k, "dilation", 1)),
  "nn.functional.conv_transpose2d": (x, a, k) => torch.conv_transpose2d(x, a[0], a[1] ?? get(k, "bias", null), get(k, "stride", 1), get(k, "padding", 0), get(k, "output_padding", 0), get(k, "groups", 1), get(k, "dilation", 1)),
  "nn.functional.group_norm": (x, a, k) => torch.group_norm(x, a[0], get(k, "weight", null), get(k, "bias", null), get(k, "eps", 1e-5)),
  "nn.functional.layer_norm": (x, a, k) => torch.layer_norm(x, a[0], a[1] ?? get(k, "weight", null), a[2] ?? get(k, "bias", null), get(k, "eps", 1e-5)),
  "nn.functional.batch_norm": (x, a, k) => torch.batch_norm(x, a[2] ?? get(k, "weight", null), a[3] ?? get(k, "bias", null), a[0], a[1],
    get(k, "training", false), get(k, "momentum", 0.1), get(k, "eps", 1e-5)),
  constant_pad_nd: (x, a) => torch.constant_pad_nd(x, a[0], a[1] ?? 0),
  "nn.functional.pad|constant": (x, a, k) => torch.pad(x, a[0], a[1] ?? get(k, "mode", "constant"), a[2] ?? get(k, "value", null)),
  "nn.functional.pad|reflect": (x, a, k) => torch.pad(x, a[0], a[1] ?? get(k, "mode", "constant")),
  "nn.functional.pad|replicate": (x, a, k) => torch.pad(x, a[0], a[1] ?? get(k, "mode", "constant")),
  "nn.functional.pad|circular": (x, a, k) => torch.pad(x, a[0], a[1] ?? get(k, "mode", "constant")),
  "nn.functional.interpolate|nearest": (x, a, k) => interpolate(x, a[0] ?? get(k, "size", null), get(k, "scale_factor", null), "nearest", null, get(k, "recompute_scale_factor", null)),
  "nn.functional.interpolate|bilinear": (x, a, k) => interpolate(x, a[0] ?? get(k, "size", null), get(k, "scale_factor", null), "bilinear", get(k, "align_corners", null), get(k, "recompute_scale_factor", null)),
  "nn.functional.upsample_bilinear": (x, a, k) => interpolate(x, a[0] ?? get(k, "size", null), a[1] ?? get(k, "scale_factor", null), "bilinear", true),
  "nn.functional.upsample_nearest": (x, a, k) => interpolate(x, a[0] ?? get(k, "size", null), a[1] ?? get(k, "scale_factor", null), "nearest", null),
  "nn.functional.max_pool2d": (x, a, k) => {
    const args = [x, a[0] ?? k.kernel_size, a[1] ?? get(k, "stride", []), a[2] ?? get(k, "padding", 0), a[3] ?? get(k, "dilation", 1), a[4] ?? get(k, "ceil_mode", false)] as const;
    return get(k, "return_indices", false) ? torch.max_pool2d_with_indices(...args) : torch.max_pool2d(...args);
  },
  "nn.functional.linear": (x, a, k) => torch.linear(x, a[0], a[1] ?? get(k, "bias", null)),
  "nn.functional.scaled_dot_product_attention": (x, a, k) => skipIf(get(k, "dropout_p", 0) > 0, "random dropout") ?? torch.scaled_dot_product_attention(x, a[0], a[1], a[2] ?? get(k, "attn_mask", null),
    get(k, "dropout_p", 0), get(k, "is_causal", false), { scale: get(k, "scale", null), enable_gqa: get(k, "enable_gqa", false) }),
  "nn.functional.dropout": (x, a, k) => skipIf(get(k, "training", true) && get(k, "p", 0.5) > 0, "random dropout") ?? torch.dropout(x, a[0] ?? get(k, "p", 0.5), get(k, "training", true)),
  "nn.functional.one_hot": (x, a, k) => torch.one_hot(x, a[0] ?? get(k, "num_classes", -1)),
  "nn.functional.embedding": (x, a, k) => skipIf(get(k, "max_norm", null) !== null, "max_norm renormalizes the weight (F's job)") ?? torch.embedding(x, a[0], get(k, "padding_idx", null) ?? -1),
  topk: (x, a, k) => torch.topk(x, a[0], a[1] ?? get(k, "dim", -1), a[2] ?? get(k, "largest", true), a[3] ?? get(k, "sorted", true)),
  narrow: (x, a) => torch.narrow(x, a[0], a[1] instanceof Tensor ? (a[1].item() as number) : a[1], a[2]),
  permute: (x, a) => x.permute(a[0]),
  roll: (x, a, k) => torch.roll(x, a[0] ?? k.shifts, a[1] ?? get(k, "dims", [])),
  split: (x, a, k) => torch.split(x, a[0], a[1] ?? get(k, "dim", 0)), "split|list_args": (x, a, k) => torch.split(x, a[0], a[1] ?? get(k, "dim", 0)),
  split_with_sizes: (x, a, k) => torch.split_with_sizes(x, a[0], a[1] ?? get(k, "dim", 0)),
  select: (x, a) => torch.select(x, a[0], a[1]),
  slice: (x, a, k) => torch.slice(x, a[0] ?? get(k, "dim", 0), a[1] ?? get(k, "start", null), a[2] ?? get(k, "end", null), a[3] ?? get(k, "step", 1)),
  einsum: (x, a) => torch.einsum(a[0], x),
  reshape: (x, a) => x.reshape(a[0]), view: (x, a) => x.view(a[0]), view_as: binary("view_as"),
  flatten: (x, a, k) => torch.flatten(x, a[0] ?? get(k, "start_dim", 0), a[1] ?? get(k, "end_dim", -1)),
  unflatten: (x, a) => torch.unflatten(x, a[0], a[1]),
  gather: (x, a) => torch.gather(x, a[0], a[1]), index_select: (x, a) => torch.index_select(x, a[0], a[1]),
  index_add: (x, a, k) => torch.index_add(x, a[0], a[1], a[2], k),
  scatter: (x, a, k) => torch.scatter(x, a[0], a[1], a[2], k),
  sort: (x, a, k) => torch.sort(x, a[0] ?? get(k, "dim", -1), a[1] ?? get(k, "descending", false), "stable" in k ? { stable: k.stable } : {}),
  argsort: (x, a, k) => torch.argsort(x, a[0] ?? get(k, "dim", -1), a[1] ?? get(k, "descending", false), "stable" in k ? { stable: k.stable } : {}),
  stack: (x, a, k) => torch.stack(x, a[0] ?? get(k, "dim", 0)), cat: (x, a, k) => torch.cat(x, a[0] ?? get(k, "dim", 0)),
  unbind: (x, a, k) => torch.unbind(x, a[0] ?? get(k, "dim", 0)),
  repeat: (x, a) => x.repeat(a[0]),
  squeeze: (x, a) => torch.squeeze(x, a[0]), "squeeze|multiple": (x, a) => torch.squeeze(x, a[0]),
  unsqueeze: (x, a) => torch.unsqueeze(x, a[0]),
  transpose: (x, a) => torch.transpose(x, a[0], a[1]), t: same("t"),
  tril: (x, a, k) => torch.tril(x, a[0] ?? get(k, "diagonal", 0)), triu: (x, a, k) => torch.triu(x, a[0] ?? get(k, "diagonal", 0)),
  where: (x, a) => torch.where(a[0], x, a[1]),
  nonzero: (x, _a, k) => (get(k, "as_tuple", false) ? torch.unbind(torch.nonzero(x.dim() === 0 ? x.reshape(1) : x), 1) : torch.nonzero(x)),
  all: (x, a, k) => torch.all(x, ...a, k), any: (x, a, k) => torch.any(x, ...a, k),
  amax: (x, a, k) => torch.amax(x, ...a, k), amin: (x, a, k) => torch.amin(x, ...a, k),
  argmax: (x, a, k) => torch.argmax(x, ...a, k), argmin: (x, a, k) => torch.argmin(x, ...a, k),
  mean: (x, a, k) => torch.mean(x, ...a, k), sum: (x, a, k) => torch.sum(x, ...a, k), prod: (x, a, k) => torch.prod(x, ...a, k),
  std: (x, a, k) => torch.std(x, ...a, k), var: (x, a, k) => torch.var(x, ...a, k),
  "std|unbiased": (x, a) => torch.std(x, { unbiased: a[0] }), "var|unbiased": (x, a) => torch.var(x, { unbiased: a[0] }),
  zeros_like: (x, _a, k) => torch.zeros_like(x, k), ones_like: (x, _a, k) => torch.ones_like(x, k),
  full_like: (x, a, k) => torch.full_like(x, a[0], k),
  new_zeros: (x, a, k) => x.new_zeros(a[0], k), new_ones: (x, a, k) => x.new_ones(a[0], k), new_full: (x, a, k) => x.new_full(a[0], a[1], k),
  ones: (x, _a, k) => torch.ones(x, { dtype: k.dtype as any }), zeros: (x, _a, k) => torch.zeros(x, { dtype: k.dtype as any }),
  full: (x, a, k) => torch.full(x, a[0], { dtype: k.dtype as any }),
  scalar_tensor: (x, _a, k) => torch.scalar_tensor(x, { dtype: k.dtype as any }),
  arange: (x, a, k) => torch.arange(x, ...a, { dtype: k.dtype as any }),
  bfloat16: (x) => x.bfloat16(), bool: (x) => x.bool(), byte: (x) => x.byte(), char: (x) => x.char(), double: (x) => x.double(),
  float: (x) => x.float(), half: (x) => x.half(), int: (x) => x.int(), long: (x) => x.long(), short: (x) => x.short(),
  to: (x, a, k) => x.to(...a, k),
  rsub: binary("rsub"), __rsub__: binary("rsub"), __radd__: binary("add"), __rmul__: binary("mul"),
  __rdiv__: binary("rdiv"), __rpow__: binary("rpow"), __rmod__: binary("rmod"),
  logsumexp: (x, a, k) => torch.logsumexp(x, a[0] ?? k.dim, a[1] ?? get(k, "keepdim", false)),
  cumprod: (x, a, k) => torch.cumprod(x, a[0] ?? k.dim, k),
  "linalg.vector_norm": (x, a, k) => torch.linalg_vector_norm(x, a[0] ?? get(k, "ord", 2), a[1] ?? get(k, "dim", null),
    a[2] ?? get(k, "keepdim", false), "dtype" in k ? { dtype: k.dtype as any } : {}),
  index_put: (x, a, k) => torch.index_put(x, a[0], a[1], a[2] ?? get(k, "accumulate", false)),
  // Python's x[...]: nested int lists are index tensors (PyTorch lifts them as constants).
  __getitem__: (x, a) => x.at(...(Array.isArray(a[0]) && a[0].some((i: unknown) => Array.isArray(i) || i instanceof SliceItem)
    ? a[0] : [a[0]]).map((i: unknown) => (Array.isArray(i) ? torch.tensor(i as number[]) : i))),
  zero_: (x) => x.clone().zero_(), fill: (x, a, k) => x.clone().fill_(a[0] ?? k.value),
};

import { aten, dispatch } from "../../src/ops/index.js";
function callAten(key: string, args: unknown[]): unknown {
  const [p, o] = key.split(".") as [string, string];
  return dispatch(aten[p]![o]!, args, {});
}

/** F.interpolate for nearest / bilinear over 1-D and 2-D inputs, via the aten upsample ops. */
function interpolate(x: Tensor, size: unknown, scale: unknown, mode: string, alignCorners: boolean | null, recompute: boolean | null = null): Tensor {
  const k = x.dim() - 2;
  if (recompute && scale !== null) {
    // recompute_scale_factor: the size comes from the scale, and the kernel uses in/out.
    const sc = pair(scale) as number[];
    size = x.shape.slice(2).map((d, i) => Math.floor((d as number) * sc[i]!));
    scale = null;
  }
  const to2d = k === 1 ? x.unsqueeze(2) : x;
  const sz = size === null ? null : k === 1 ? [1, (Array.isArray(size) ? size[0] : size) as number] : pair(size);
  const sc = scale === null ? null : k === 1 ? [1, (Array.isArray(scale) ? scale[0] : scale) as number] : pair(scale);
  const r = mode === "nearest" ? torch.upsample_nearest2d(to2d, sz as number[], sz ? null : (sc as number[]))
    : torch.upsample_bilinear2d(to2d, sz as number[], alignCorners ?? false, sz ? null : (sc as number[]));
  return k === 1 ? r.squeeze(2) : r;
}

// How each PyTorch OpInfo entry (name|variant) is expressed with pt2js's API. `x` is the sample's
// input, `a` its positional args, `k` its kwargs — all converted to JS values (tensors, arrays,
// dtypes). nn.functional entries are expressed with the aten-level functions they call, the way
// src/nn's F will.
import { torch, Tensor } from "../../src/tensor/index.js";
import { functional as F } from "../../src/nn/index.js";

type K = Record<string, unknown>;
type Fn = (x: any, a: any[], k: K) => unknown;
const get = <T>(k: K, name: string, dflt: T): T => (name in k ? (k[name] as T) : dflt);
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

/** OpInfo's `op(sample.input, *sample.args, **sample.kwargs)` as pt2js spells it: the sample's own
 * kwargs are the trailing options object, never mapped by hand. */
const call = (fn: (...args: any[]) => unknown): Fn => (x, a, k) => (Object.keys(k).length ? fn(x, ...a, k) : fn(x, ...a));
const torchFn = (name: string): Fn => call((...args) => T[name](...args));
const nnFn = (name: string): Fn => call((...args) => (F as any)[name](...args));
const method = (name: string): Fn => (x, a, k) => (Object.keys(k).length ? x[name](...a, k) : x[name](...a));
const noRandom = (fn: Fn, random: (a: any[], k: K) => boolean): Fn => (x, a, k) => skipIf(random(a, k), "random stream") ?? fn(x, a, k);

/** The OpInfo entries whose `op` is not torch.<name> / F.<name> with the sample input first. */
const SPECIAL: Record<string, Fn> = {
  native_layer_norm: (x, a) => callAten("native_layer_norm.default", [x, ...a]),
  native_batch_norm: (x, a) => callAten("native_batch_norm.default", [x, ...a]),
  _native_batch_norm_legit: (x, a) => callAten("_native_batch_norm_legit.default", [x, ...a]),
  // OpInfo's op for these is a lambda over the sample input.
  where: (x, a, k) => torch.where(a[0], x, ...a.slice(1), ...(Object.keys(k).length ? [k] : [])),
  "nn.functional.embedding": (x, a, k) => (F.embedding as any)(a[0], x, ...a.slice(1), k),
  einsum: (x, a) => torch.einsum(a[0], x),
  "max|binary": torchFn("max"), "min|binary": torchFn("min"),
  "std|unbiased": torchFn("std"), "var|unbiased": torchFn("var"),
  "nn.functional.dropout": noRandom(nnFn("dropout"), (a, k) => get(k, "training", true) && (a[0] ?? get(k, "p", 0.5)) > 0),
  "nn.functional.scaled_dot_product_attention": noRandom(nnFn("scaled_dot_product_attention"), (a, k) => (a[3] ?? get(k, "dropout_p", 0)) > 0),
  "nn.functional.pad|constant": nnFn("pad"), "nn.functional.pad|reflect": nnFn("pad"), "nn.functional.pad|replicate": nnFn("pad"),
  "nn.functional.pad|circular": nnFn("pad"),
  "nn.functional.interpolate|nearest": (x, a, k) => (F.interpolate as any)(x, ...a, { ...k, mode: "nearest" }),
  "nn.functional.interpolate|bilinear": (x, a, k) => (F.interpolate as any)(x, ...a, { ...k, mode: "bilinear" }),
  "nn.functional.interpolate|linear": (x, a, k) => (F.interpolate as any)(x, ...a, { ...k, mode: "linear" }),
  "nn.functional.interpolate|trilinear": (x, a, k) => (F.interpolate as any)(x, ...a, { ...k, mode: "trilinear" }),
  bfloat16: method("bfloat16"), bool: method("bool"), byte: method("byte"), char: method("char"), double: method("double"),
  float: method("float"), half: method("half"), int: method("int"), long: method("long"), short: method("short"),
  to: method("to"), new_zeros: method("new_zeros"), new_ones: method("new_ones"), new_full: method("new_full"),
  permute: method("permute"), reshape: method("reshape"), view: method("view"), expand: method("expand"), repeat: method("repeat"),
  __rsub__: torchFn("rsub"), __radd__: torchFn("add"), __rmul__: torchFn("mul"),
  __rdiv__: torchFn("rdiv"), __rpow__: torchFn("rpow"), __rmod__: torchFn("rmod"),
  "linalg.vector_norm": call(torch.linalg.vector_norm),
  // Python's x[...]: nested int lists are index tensors (PyTorch lifts them as constants).
  __getitem__: (x, a) => x.at(...(Array.isArray(a[0]) && a[0].some((i: unknown) => Array.isArray(i) || i instanceof SliceItem)
    ? a[0] : [a[0]]).map((i: unknown) => (Array.isArray(i) ? torch.tensor(i as number[]) : i))),
  zero_: (x) => x.clone().zero_(), fill: (x, a, k) => x.clone().fill_(...a, k),
};

/** The pt2js call for an OpInfo entry (name|variant). */
export function opinfoCall(key: string): Fn | undefined {
  if (SPECIAL[key]) return SPECIAL[key];
  const name = key.split("|")[0]!;
  if (name.startsWith("nn.functional.")) {
    const f = name.slice("nn.functional.".length);
    return f in F ? nnFn(f) : undefined;
  }
  return name in T ? torchFn(name) : undefined;
}
import { aten, dispatch } from "../../src/ops/index.js";
function callAten(key: string, args: unknown[]): unknown {
  const [p, o] = key.split(".") as [string, string];
  return dispatch(aten[p]![o]!, args, {});
}


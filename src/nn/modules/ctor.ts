// nn module constructors bind their arguments by PyTorch's own signatures (the generated table
// src/bind/signatures.generated.ts, inspect.signature of each torch.nn class's __init__):
// `new nn.Conv2d(3, 8, 3, 2, 1)`, `new nn.Conv2d(3, 8, 3, { stride: 2, padding: 1 })` and
// `new nn.Conv2d({ in_channels: 3, out_channels: 8, kernel_size: 3, stride: 2, padding: 1 })`
// build the same layer; an unknown keyword is PyTorch's TypeError.
import { pythonSignature } from "../../bind/signatures.js";
import { PySignature, type PyParam } from "../../bind/python.js";
import { splitOptions } from "../../bind/options.js";
import type { SIGNATURES, SigRow } from "../../bind/signatures.generated.js";
import { DType } from "../../tensor/dtype.js";
import { TorchTypeError, TorchRuntimeError } from "../../ops/errors.js";
import { TorchValueError } from "../errors.js";
import { pyTypeName } from "../../py_type.js";

type ModuleSigs = typeof SIGNATURES.modules;
/** The keyword arguments of `nn.<Name>`'s constructor, from PyTorch's signature. */
export type CtorKwargs<N extends keyof ModuleSigs> = {
  -readonly [R in ModuleSigs[N][number] as R extends SigRow ? (R[1] extends 2 | 4 ? never : R[0]) : never]?: unknown;
};
/** A constructor call: positional arguments in PyTorch's order, optionally ending with the keyword-arguments object. */
export type CtorArgs<N extends keyof ModuleSigs> = (unknown | CtorKwargs<N>)[];
/** RNN / GRU / LSTM take (*args, **kwargs) and hand them to RNNBase.__init__(mode, ...). */
export type RNNCtorArgs = (unknown | CtorKwargs<"RNNBase"> | { nonlinearity?: unknown })[];

const SELF: PyParam = { name: "self", kind: "POSITIONAL_ONLY" };

/** Classes whose __init__ is a base class's: CPython names that base in its messages (`_BatchNorm.__init__()`). */
const INIT_OWNER: Readonly<Record<string, string>> = (() => {
  const t: Record<string, string> = {};
  const put = (owner: string, names: string[]) => names.forEach((n) => (t[n] = owner));
  put("_AdaptiveAvgPoolNd", ["AdaptiveAvgPool1d", "AdaptiveAvgPool2d", "AdaptiveAvgPool3d"]);
  put("_AdaptiveMaxPoolNd", ["AdaptiveMaxPool1d", "AdaptiveMaxPool2d", "AdaptiveMaxPool3d"]);
  put("_DropoutNd", ["Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout", "FeatureAlphaDropout"]);
  put("_BatchNorm", ["BatchNorm1d", "BatchNorm2d", "BatchNorm3d"]);
  put("_InstanceNorm", ["InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d"]);
  put("_LPPoolNd", ["LPPool1d", "LPPool2d", "LPPool3d"]);
  put("_MaxPoolNd", ["MaxPool1d", "MaxPool2d", "MaxPool3d"]);
  return t;
})();
const MARK = Symbol("self");
const cache = new Map<string, PySignature>();

/**
 * `name.__init__`'s signature with `self` in front, as CPython counts positional arguments
 * ("Linear.__init__() takes from 3 to 6 positional arguments but 7 were given"). A class without
 * its own __init__ (Tanh, Sigmoid, ...) has Module.__init__, which takes only `self` and says so
 * under the class's name.
 */
function ctorSignature(name: keyof ModuleSigs): PySignature {
  let s = cache.get(name);
  if (s === undefined) {
    const display = `${INIT_OWNER[name] ?? name}.__init__`;
    const base = pythonSignature("modules", name, display);
    const moduleDefault = name !== "Identity" && name !== "Sequential" && base.params.length === 2 &&
      base.params[0]!.kind === "VAR_POSITIONAL" && base.params[1]!.kind === "VAR_KEYWORD";
    cache.set(name, (s = new PySignature(display, moduleDefault ? [SELF] : [SELF, ...base.params])));
  }
  return s;
}

/** One value per parameter of `nn.<name>.__init__` (self excluded), from `(...positional, kwargs?)`. */
export function bindCtor(name: keyof ModuleSigs, args: readonly unknown[]): unknown[] {
  const [pos, kw] = splitOptions(args);
  return ctorSignature(name).bind([MARK, ...pos], kw).slice(1);
}

const RNN_BASE = (() => {
  let s: PySignature | undefined;
  return () => (s ??= new PySignature("RNNBase.__init__", [SELF, ...pythonSignature("modules", "RNNBase", "RNNBase.__init__").params]));
})();

/**
 * RNN / GRU / LSTM: `super().__init__(mode, *args, **kwargs)` as PyTorch's classes do. RNN takes
 * `nonlinearity` as its 4th positional argument or by keyword; RNN and GRU refuse `proj_size`.
 * Returns RNNBase's values after `mode` (input_size, hidden_size, num_layers, bias, batch_first,
 * dropout, bidirectional, proj_size, device, dtype) and, for RNN, the nonlinearity.
 */
export function bindRNN(kind: "RNN" | "GRU" | "LSTM", args: readonly unknown[]): [unknown[], string] {
  const [pos0, kw0] = splitOptions(args);
  let pos = [...pos0];
  const kw: Record<string, unknown> = { ...kw0 };
  if (kind !== "LSTM" && "proj_size" in kw) throw new TorchValueError("proj_size argument is only supported for LSTM, not RNN or GRU");
  let nonlinearity = "tanh";
  if (kind === "RNN") {
    if (pos.length > 3) {
      nonlinearity = pos[3] as string;
      pos = [...pos.slice(0, 3), ...pos.slice(4)];
    } else if ("nonlinearity" in kw) {
      nonlinearity = kw.nonlinearity as string;
      delete kw.nonlinearity;
    }
    if (nonlinearity !== "tanh" && nonlinearity !== "relu") throw new TorchValueError(`Unknown nonlinearity '${String(nonlinearity)}'. Select from 'tanh' or 'relu'.`);
  }
  const mode = kind === "RNN" ? (nonlinearity === "tanh" ? "RNN_TANH" : "RNN_RELU") : kind;
  return [RNN_BASE().bind([MARK, mode, ...pos], kw).slice(2), nonlinearity];
}

/** The factory kwargs every parametrized layer takes: only the CPU; a dtype or null. */
export function factoryKwargs(device: unknown, dtype: unknown): { dtype: DType | null } {
  if (device !== null && device !== undefined && device !== "cpu") throw new TorchRuntimeError(`pt2js runs on the CPU only; cannot create parameters on device '${String(device)}'`);
  if (dtype !== null && dtype !== undefined && !(dtype instanceof DType)) throw new TorchTypeError(`dtype must be a torch.dtype, not ${pyTypeName(dtype)}`);
  return { dtype: (dtype as DType | null | undefined) ?? null };
}

// Helpers for the PyTorch-shaped API: call an overload by key, split a trailing options object.
import { Tensor } from "../tensor/tensor.js";
import { DType } from "../tensor/dtype.js";
import { dispatch, type Kwargs } from "./dispatch.js";
import { op, type OpOverload } from "./registry.js";

const cache = new Map<string, OpOverload>();

/** Dispatches aten.<key> ("add.Tensor") with positional args and keyword args. */
export function call(key: string, args: readonly unknown[], kwargs: Kwargs = {}): unknown {
  let o = cache.get(key);
  if (o === undefined) {
    o = op(key);
    cache.set(key, o);
  }
  return dispatch(o, args, kwargs);
}

/** Like `call`, typed for ops returning one tensor. */
export const callT = (key: string, args: readonly unknown[], kwargs?: Kwargs): Tensor => call(key, args, kwargs) as Tensor;

/** True for a plain options object (keyword arguments), as opposed to a tensor, list, dtype or scalar. */
export function isOptions(x: unknown): x is Kwargs {
  return typeof x === "object" && x !== null && !Array.isArray(x) && !(x instanceof Tensor) && !(x instanceof DType) && !ArrayBuffer.isView(x);
}

/** Splits `args` into positional arguments and a trailing options object. */
export function splitKw(args: readonly unknown[]): [unknown[], Kwargs] {
  if (args.length > 0 && isOptions(args[args.length - 1])) return [args.slice(0, -1), args[args.length - 1] as Kwargs];
  return [args as unknown[], {}];
}

/** Sizes given as varargs or one array: `view(2, 3)` and `view([2, 3])`. */
export function sizeArgs(args: readonly unknown[]): unknown[] {
  return args.length === 1 && Array.isArray(args[0]) ? (args[0] as unknown[]) : (args as unknown[]);
}

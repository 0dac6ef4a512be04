// Calls an aten overload by key ("add.Tensor") from library code. User-facing functions bind their
// arguments first (src/bind); this is the dispatch step with arguments already in schema order.
import { Tensor } from "../tensor/tensor.js";
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

// Python's truth test (`if x:`, `bool(x)`), which JavaScript's `if` cannot intercept: call
// `truth(x)` where the Python model branches on a tensor or a symbolic value. For a tensor under
// export it is what non-strict export makes of Tensor.__bool__ — `(x != 0).item()`, traced — and
// then the guard on that value (GuardOnDataDependentSymNode when it depends on data).
import { getDispatchMode } from "../ops/dispatch.js";
import { TorchRuntimeError } from "../ops/errors.js";
import { SymBool } from "../symbolic/symbool.js";
import { SymInt } from "../symbolic/symint.js";
import { Tensor } from "../tensor/tensor.js";

export function truth(x: Tensor | SymBool | SymInt | boolean | number): boolean {
  if (typeof x === "boolean") return x;
  if (typeof x === "number") return x !== 0;
  if (x instanceof SymBool) return x.guard();
  if (x instanceof SymInt) {
    const ne = x.ne(0);
    return typeof ne === "boolean" ? ne : ne.guard();
  }
  if (!(x instanceof Tensor)) throw new TorchRuntimeError(`truth(): expected a tensor, a symbolic value or a boolean, got ${String(x)}`);
  const n = x.numel();
  if (typeof n === "number" && n !== 1) {
    throw new TorchRuntimeError(`Boolean value of Tensor with ${n === 0 ? "no values" : "more than one value"} is ambiguous`);
  }
  if (getDispatchMode() === null && !x.is_fake) return x._item() !== 0 && x._item() !== false;
  const v = (x.ne(0).item() as unknown) as SymBool | boolean;
  return typeof v === "boolean" ? v : v.guard();
}

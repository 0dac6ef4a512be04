// Helpers of the decompositions: calling an op through the dispatcher (so the tracer records it, or
// decomposes it in turn) and size checks that never add guards (PyTorch's guard_or_false).
import { call } from "../../ops/call.js";
import type { Kwargs } from "../../ops/dispatch.js";
import type { OpOverload } from "../../ops/registry.js";
import { SymInt, setSymIntOpHook, type Size } from "../../symbolic/symint.js";
import { sizeEqSym } from "../../symbolic/size.js";
import { guardOrFalse } from "../../symbolic/symbool.js";
import type { Tensor } from "../../tensor/tensor.js";

/** A decomposition: the op's arguments in schema order (defaults filled in) → its result. */
export type Decomposition = (args: unknown[], op: OpOverload) => unknown;

/** aten.<key>(...args, kwargs) through the dispatcher. */
export const aten = (key: string, args: readonly unknown[], kwargs?: Kwargs): Tensor => call(key, args, kwargs) as Tensor;
export const atenList = (key: string, args: readonly unknown[], kwargs?: Kwargs): Tensor[] => call(key, args, kwargs) as Tensor[];

/** Whether two sizes are known to be equal, as guard_or_false decides (not traced). */
export function sizeEq(a: Size, b: Size): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return untraced(() => guardOrFalse(sizeEqSym(a, b)));
}

/** Runs size bookkeeping of a decomposition without recording it in the graph. */
export function untraced<T>(fn: () => T): T {
  const previous = setSymIntOpHook(null);
  try {
    return fn();
  } finally {
    setSymIntOpHook(previous);
  }
}

/** The product of sizes as PyTorch multiplies them (starting from 1; symbolic products are traced). */
export function product(sizes: readonly Size[]): Size {
  let p: Size = 1;
  for (const s of sizes) p = mul(p, s);
  return p;
}

export function mul(a: Size, b: Size): Size {
  if (a instanceof SymInt) return a.mul(b);
  if (b instanceof SymInt) return a === 1 ? b : b.mul(a);
  return a * b;
}

export const wrap = (d: number, n: number): number => (d < 0 ? d + n : d);

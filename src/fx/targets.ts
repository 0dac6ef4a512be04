// Targets that belong to Python itself rather than to the op registry: the `operator` module
// functions FX graphs call on SymInts and tuples (`getitem`, `add`, `ge`, ...). Their qualified
// name is `_operator.<name>`, as PyTorch serializes them; the printer writes them as Python
// operators (`cond[0]`, `item >= 0`).
import type { Target } from "./types.js";

const higherOrderOps = new Map<string, Target>();

/**
 * A callable higher-order op target (`torch.ops.higher_order.while_loop`): `impl` runs it on
 * values (child GraphModules for its subgraphs), so torch.fx.Interpreter can call it. One per
 * name: a loaded program's nodes get the same target.
 */
export function higherOrderTarget(qualifiedName: string, name: string, impl: (...args: never[]) => unknown): Target {
  const fn = (...args: unknown[]) => (impl as (...a: unknown[]) => unknown)(...args);
  Object.defineProperty(fn, "name", { value: name });
  Object.defineProperty(fn, "qualifiedName", { value: qualifiedName });
  Object.defineProperty(fn, "isImpure", { value: false });
  const t = Object.freeze(fn) as unknown as Target;
  higherOrderOps.set(qualifiedName, t);
  return t;
}

/** The callable target registered for a higher-order op's qualified name, if any. */
export function registeredHigherOrder(qualifiedName: string): Target | undefined {
  return higherOrderOps.get(qualifiedName);
}

/** A plain target object (the op registry has its own richer ones). */
export function makeTarget(qualifiedName: string, name: string, isImpure = false): Target {
  return Object.freeze({ qualifiedName, name, isImpure });
}

const NAMES = [
  "getitem", "add", "sub", "mul", "floordiv", "truediv", "mod", "pow", "lshift", "rshift", "and_",
  "or_", "xor", "matmul", "eq", "ne", "lt", "le", "gt", "ge", "pos", "neg", "invert", "not_",
  "abs", "iadd", "isub", "imul", "setitem",
] as const;

type OperatorName = (typeof NAMES)[number];

// These mutate their first argument, so dead-code elimination must keep them.
const MUTATING = new Set<string>(["iadd", "isub", "imul", "setitem"]);

/** `operator.getitem` and friends, one frozen object each (targets compare by identity). */
export const operator: Readonly<Record<OperatorName, Target>> = Object.freeze(
  Object.fromEntries(NAMES.map((n) => [n, makeTarget(`_operator.${n}`, n, MUTATING.has(n))])) as Record<OperatorName, Target>,
);

// The shapes of things the FX API stores: op targets, argument values and node metadata.
import type { Node } from "./node.js";
import type { DType, Device, Layout, MemoryFormat, PyFloat, Slice, Tuple } from "./values.js";

/** FX opcodes. */
export type Opcode = "placeholder" | "get_attr" | "call_function" | "call_method" | "call_module" | "output";

/**
 * What a `call_function` node calls. The op registry (src/ops) supplies real targets.
 * - `qualifiedName`: what the printer writes, e.g. `torch.ops.aten.linear.default`,
 *   `operator.getitem`, `torch.ops.higher_order.cond`.
 * - `name`: Python's `__name__`, the base of the node's default name: `linear` for a traced
 *   ATen op (export names nodes after the overload packet), `_assert_scalar.default`
 *   (which names the node `_assert_scalar_default`), `getitem`.
 * - `isImpure`: the call has side effects (asserts, mutating ops); dead-code elimination keeps it.
 */
export interface Target {
  readonly qualifiedName: string;
  readonly name: string;
  readonly isImpure?: boolean;
}

/** A symbolic value (SymInt/SymBool/SymFloat or an expression): `toString()` is sympy's str. */
export interface SymbolicValue {
  toString(): string;
}

/**
 * Fake-tensor metadata in `node.meta.val`. `dtype` is a torch dtype name ("float32", "int64",
 * "bool"); sizes are numbers or symbolic values. `wrapper` names a tensor subclass the printer
 * shows around the annotation (e.g. "Parameter"); leave it out for plain fake tensors.
 */
export interface TensorMeta {
  readonly dtype: string;
  readonly shape: ReadonlyArray<number | SymbolicValue>;
  readonly wrapper?: string;
}

/** What `node.meta.val` may hold. */
export type MetaValue = TensorMeta | SymbolicValue | number | boolean | null | undefined | readonly MetaValue[];

/** Per-node metadata, as in FX `node.meta` (open: passes may add their own keys). */
export interface NodeMeta {
  val?: MetaValue;
  /** Python-style trace: `File "model.ts", line 12, in forward\n    code` frames, innermost last. */
  stack_trace?: string | null;
  nn_module_stack?: Record<string, [string, string]> | null;
  source_fn_stack?: Array<[string, string]> | null;
  torch_fn?: [string, string] | null;
  [key: string]: unknown;
}

/** A value a node may take as an argument. */
export type Argument =
  | Node
  | number
  | bigint // integers beyond 2^53, e.g. INT64_MAX as a slice end
  | boolean
  | string
  | null
  | PyFloat
  | DType
  | Device
  | Layout
  | MemoryFormat
  | Tuple<Argument>
  | Slice<Argument>
  | Target
  | SymbolicValue
  | readonly Argument[];

export type Kwargs = Readonly<Record<string, Argument>>;

/** Whether a meta value is tensor metadata. */
export function isTensorMeta(v: unknown): v is TensorMeta {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as TensorMeta).dtype === "string" &&
    Array.isArray((v as TensorMeta).shape)
  );
}

/** Whether `v` is an op target object. */
export function isTarget(v: unknown): v is Target {
  return (
    (typeof v === "object" || typeof v === "function") &&
    v !== null &&
    typeof (v as Target).qualifiedName === "string" &&
    typeof (v as Target).name === "string"
  );
}

/** A symbolic value: an object with its own `toString` that is none of the known value kinds. */
export function isSymbolic(v: unknown): v is SymbolicValue {
  return (
    typeof v === "object" &&
    v !== null &&
    !Array.isArray(v) &&
    (v as { toString: unknown }).toString !== Object.prototype.toString &&
    typeof (v as { toString: unknown }).toString === "function"
  );
}

// What `node.target` gives for an ATen call: PyTorch's node.target *is* the OpOverload
// (`node.target == torch.ops.aten.add.Tensor`). The graph stores a plain Target; the op registry
// (src/ops) registers how to find the OpOverload for one, so FX does not depend on the ops layer.
let targetResolver: ((qualifiedName: string) => Target | undefined) | null = null;

/** @internal Set by the op registry. */
export function _setTargetResolver(fn: ((qualifiedName: string) => Target | undefined) | null): void {
  targetResolver = fn;
}

/** The registered object for a call target (the OpOverload of an ATen op), or the target itself. */
export function resolveTarget(t: Target): Target {
  return targetResolver?.(t.qualifiedName) ?? t;
}

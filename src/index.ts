// pt2js: torch.export for JavaScript. The runtime-neutral API; the entries in src/entry load the
// WASM core first (top-level await), so every call below is synchronous.
import { torch as tensorAndNn, nn, F } from "./torch.js";
import { torchExport } from "./export/index.js";

/** The `torch` namespace: dtypes, factories, ops, `torch.nn`, and `torch.export`. */
export const torch = { ...tensorAndNn, export: torchExport };
export { nn, F };
export { Tensor } from "./tensor/index.js";
export type { DType } from "./tensor/dtype.js";
export { Dim, dims, type ExportOptions } from "./export/index.js";
export type { ExportKwargs } from "./export/api.js";
export type { DynamicShapes, DynamicShape, DynamicShapeFor, DimSpec, TensorShapeSpec, ForwardArgs, ForwardReturn } from "./export/dynamic_shapes_types.js";
export type { ExportedProgramModule } from "./program/unlift.js";
export { ExportedProgram } from "./program/exported_program.js";
/** torch.fx: Graph, Node, GraphModule, Interpreter, Transformer and the `operator` targets, for graph passes. */
export * as fx from "./fx/index.js";
export { tuple, tree_flatten, tree_unflatten, treespec_dumps, treespec_loads, register_pytree_node, _list_flatten, _list_flatten_with_keys, _list_unflatten } from "./pytree/index.js";
export { Expr } from "./core/expr.js";
/** Python's operators as functions on numbers and SymInts (`operator.floordiv(x.shape[0], 2)`). */
export { operator, type SymNumber } from "./symbolic/sym_ops.js";
export { SymInt, SymBool, SymFloat } from "./symbolic/index.js";
export { init, isInitialized, coreVersion, type CoreSource } from "./core/index.js";
// Every class in core/errors.ts is public (that module holds nothing else).
export * from "./core/errors.js";
// Errors of loading and saving archives (zip container, JSON, schema, load limits): all public.
export * from "./serde/errors.js";
export { SerializeError } from "./program/serialize_errors.js";
export { UserError, AssertionError, CondOpArgsMismatchError, IndexError, ValueError, NotImplementedError as ExportNotImplementedError } from "./export/errors.js";
// Every other error a user can catch by class, named after the Python exception PyTorch raises.
export { TorchRuntimeError, TorchIndexError, TorchTypeError, TorchValueError, NotImplementedOpError } from "./ops/errors.js";
export { TorchAttributeError, TorchKeyError, NotImplementedError, SafetensorsError } from "./nn/errors.js";
export * from "./program/guards_errors.js";
export * from "./pytree/errors.js";
export { DecompositionVerificationError } from "./program/verifier.js";
export { UnflattenError } from "./program/unflatten_runtime.js";
export { SymIntConversionError } from "./symbolic/checking.js";
export { KeyError } from "./program/decompositions/index.js";
/** Where PyTorch's warnings (UserWarning ...) go: console.warn unless `warnings.setHandler(fn)` says otherwise. */
export * as warnings from "./warnings.js";

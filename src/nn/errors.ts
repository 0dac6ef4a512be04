// Errors of the nn layer, named after the Python exception PyTorch raises (the tensor-level ones
// are re-exported from src/ops/errors.ts so nn users import one place).
import { Pt2jsError } from "../core/errors.js";
export { TorchRuntimeError, TorchTypeError, TorchValueError, TorchIndexError } from "../ops/errors.js";

/** PyTorch's AttributeError (get_submodule on a missing or non-module attribute). */
export class TorchAttributeError extends Pt2jsError {}
/** PyTorch's KeyError (bad parameter/buffer/module names, missing ModuleDict keys). */
export class TorchKeyError extends Pt2jsError {}
/** Python's NotImplementedError (a Module without forward). */
export class NotImplementedError extends Pt2jsError {}
/** A malformed safetensors file. */
export class SafetensorsError extends Pt2jsError {}

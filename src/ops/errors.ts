// Errors raised by tensor operations, named after the Python exception PyTorch raises, so users
// (and the conformance tests) can match both the class and PyTorch's wording.
import { Pt2jsError } from "../core/errors.js";

/** PyTorch's RuntimeError (shape mismatches, unsupported combinations, ...). */
export class TorchRuntimeError extends Pt2jsError {}
/** PyTorch's IndexError (dimension or index out of range). */
export class TorchIndexError extends Pt2jsError {}
/** PyTorch's TypeError (argument of the wrong kind, no matching overload). */
export class TorchTypeError extends Pt2jsError {}
/** PyTorch's ValueError. */
export class TorchValueError extends Pt2jsError {}
/** An op or argument combination that pt2js does not implement (yet). */
export class NotImplementedOpError extends Pt2jsError {}

/** `TORCH_CHECK`: raise a RuntimeError with `message` unless `cond` holds. */
export function check(cond: boolean, message: string | (() => string)): asserts cond {
  if (!cond) throw new TorchRuntimeError(typeof message === "string" ? message : message());
}

// Turns the core's error record into a thrown typed error. Called after core functions that can
// fail on user input (they return a sentinel and record the error).
import { core } from "./loader.js";
import * as errors from "./errors.js";

// Indexed by assembly/errors.ts ErrorCode.
const byCode: Array<new (message: string) => errors.Pt2jsError> = [
  errors.Pt2jsError,
  errors.OverflowError,
  errors.ZeroDivisionError,
  errors.UnknownSymbolError,
  errors.ExprParseError,
  errors.InvalidArgumentError,
  errors.GraphError,
  errors.GuardError,
  errors.ConstraintViolationError,
];

/** The typed error for a core error record. */
export function errorFromCore(code: number, message: string): errors.Pt2jsError {
  const ErrorClass = byCode[code] ?? errors.Pt2jsError;
  return new ErrorClass(message);
}

/** Throws the pending core error, if any; otherwise returns `value`. */
export function checked<T>(value: T): T {
  const exports = core();
  const code = exports.lastErrorCode();
  if (code !== 0) throw errorFromCore(code, exports.takeErrorMessage());
  return value;
}

// Turns the core's error record into a thrown typed error. Called after core functions that can
// fail on user input (they return a sentinel and record the error).
import { core } from "./loader.js";
import { errorFromCore } from "./errors.js";

/** Throws the pending core error, if any; otherwise returns `value`. */
export function checked<T>(value: T): T {
  const exports = core();
  const code = exports.lastErrorCode();
  if (code !== 0) throw errorFromCore(code, exports.takeErrorMessage());
  return value;
}

// What happens when a guard cannot be decided because it depends on data (an unbacked symbol):
// by default the GuardError propagates; draft_export installs a fallback that decides it from the
// values a real run produced, and records the problem for its report.
import type { Expr } from "../core/expr.js";
import { GuardError } from "../core/errors.js";

/** Returns the value to use for `expr` (a boolean or integer expression), or null to raise. */
export type DataDependentFallback = (expr: Expr, error: GuardError) => number | null;

let fallback: DataDependentFallback | null = null;

/** Installs the fallback (null: none) and returns the previous one, for the caller to restore. */
export function setDataDependentFallback(f: DataDependentFallback | null): DataDependentFallback | null {
  const prev = fallback;
  fallback = f;
  return prev;
}

/** Runs a guard; a data-dependent GuardError goes to the fallback, if one is installed. */
export function decideOrFallback(expr: Expr, decide: () => number): number {
  try {
    return decide();
  } catch (error) {
    if (fallback === null || !(error instanceof GuardError) || !/data-dependent expression/.test(error.message)) throw error;
    const value = fallback(expr, error);
    if (value === null) throw error;
    return value;
  }
}

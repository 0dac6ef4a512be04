// WASM exports for the constraint solver: TypeScript describes the export call's inputs and
// Dims one item at a time (strings and numbers only), runs the solver, then reads the results.
import { raise, ErrorCode } from "../errors";
import { NO_EXPR } from "./expr_store";
import { ConstraintKind } from "./shape_env";
import { envAt, extFromF64, validExpr } from "./shape_env_exports";
import { SolverInput, SolverResult, TrackedInput, DerivedEquality, produceGuardsAndSolve } from "./solver";

// Keyed by ShapeEnv handle; dropped by solverFree (src/core calls it when freeing the env).
const inputs = new Map<i32, SolverInput>();
const results = new Map<i32, SolverResult>();

function inputOf(h: i32): SolverInput | null {
  if (envAt(h) == null) return null;
  if (!inputs.has(h)) inputs.set(h, new SolverInput());
  return inputs.get(h);
}

function resultOf(h: i32): SolverResult | null {
  if (!results.has(h)) {
    raise(ErrorCode.InvalidArgument, "solver: no results; call solverRun first");
    return null;
  }
  return results.get(h);
}

export function solverReset(h: i32): void {
  inputs.delete(h);
  results.delete(h);
}

export function solverFree(h: i32): void {
  inputs.delete(h);
  results.delete(h);
}

/** An input dimension (isSize) or int input: its source, traced expression and constraint
 * (`ck` 0 none, 1 StrictMinMax [lo, hi] (±Infinity for int_oo), 2 RelaxedUnspec). */
export function solverAddInput(h: i32, source: string, expr: u32, ck: i32, lo: f64, hi: f64, warnOnly: bool, isSize: bool): void {
  const inp = inputOf(h);
  if (inp == null) return;
  if (ck < 0 || ck > 2) {
    raise(ErrorCode.InvalidArgument, `solver: unknown constraint kind ${ck}`);
    return;
  }
  if (!validExpr(expr)) return;
  inp.inputs.push(new TrackedInput(source, expr, <ConstraintKind>ck, extFromF64(lo), extFromF64(hi), warnOnly, isSize));
}

/** Two sources with the same Dim (EqualityConstraint.source_pairs). */
export function solverAddSourcePair(h: i32, a: string, b: string): void {
  const inp = inputOf(h);
  if (inp == null) return;
  inp.pairsA.push(a);
  inp.pairsB.push(b);
}

/** source == a * root + b, root being `rootSource` or, when it is "", the phantom `rootSym`. */
export function solverAddDerivedEquality(h: i32, source: string, rootSource: string, rootSym: u32, a: f64, b: f64): void {
  const inp = inputOf(h);
  if (inp == null) return;
  if (rootSource.length == 0 && !validExpr(rootSym)) return;
  inp.derived.push(new DerivedEquality(source, rootSource, rootSym, <i64>a, <i64>b));
}

export function solverAddPhantom(h: i32, sym: u32): void {
  const inp = inputOf(h);
  if (inp != null && validExpr(sym)) inp.phantoms.push(sym);
}

/** A source whose dim is a hint (AUTO/DYNAMIC): equalities involving it never fail. */
export function solverAddRelaxedSource(h: i32, source: string): void {
  const inp = inputOf(h);
  if (inp != null) inp.relaxed.push(source);
}

/** Runs produce_guards and the solver: 1 when there is no violation, 0 when there are (read
 * solverErrorText), -1 on a recorded error. */
export function solverRun(h: i32): i32 {
  const env = envAt(h);
  const inp = inputOf(h);
  if (env == null || inp == null) return -1;
  const r = produceGuardsAndSolve(env, inp);
  if (r == null) return -1;
  results.set(h, r);
  return r.errorText.length > 0 ? 0 : 1;
}

export function solverErrorText(h: i32): string {
  const r = resultOf(h);
  return r == null ? "" : r.errorText;
}

export function solverViolationCount(h: i32): i32 {
  const r = resultOf(h);
  return r == null ? 0 : r.violations.length;
}

export function solverViolationMessage(h: i32, i: i32): string {
  const r = resultOf(h);
  return r == null || i < 0 || i >= r.violations.length ? "" : r.violations[i].msg;
}

export function solverViolationWarnOnly(h: i32, i: i32): bool {
  const r = resultOf(h);
  return r != null && i >= 0 && i < r.violations.length && r.violations[i].warnOnly;
}

export function solverStaticResultCount(h: i32): i32 {
  const r = resultOf(h);
  return r == null ? 0 : r.staticResults.length;
}

export function solverStaticResult(h: i32, i: i32): string {
  const r = resultOf(h);
  return r == null || i < 0 || i >= r.staticResults.length ? "" : r.staticResults[i];
}

export function solverDynamicResultCount(h: i32): i32 {
  const r = resultOf(h);
  return r == null ? 0 : r.dynamicResults.length;
}

export function solverDynamicResult(h: i32, i: i32): string {
  const r = resultOf(h);
  return r == null || i < 0 || i >= r.dynamicResults.length ? "" : r.dynamicResults[i];
}

export function solverForcedCount(h: i32): i32 {
  const r = resultOf(h);
  return r == null ? 0 : r.forcedKeys.length;
}

export function solverForcedKey(h: i32, i: i32): string {
  const r = resultOf(h);
  return r == null || i < 0 || i >= r.forcedKeys.length ? "" : r.forcedKeys[i];
}

export function solverForcedValue(h: i32, i: i32): f64 {
  const r = resultOf(h);
  return r == null || i < 0 || i >= r.forcedValues.length ? NaN : <f64>r.forcedValues[i];
}

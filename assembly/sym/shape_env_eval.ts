// Deciding symbolic booleans: static evaluation from ranges, replacements and axioms
// (_maybe_evaluate_static), else a guard decided by the hints and recorded (evaluate_expr);
// torch._check / _check_is_size (guard_or_defer_runtime_assert); guard_int specialization.
import { raise, ErrorCode, hasError, takeErrorMessage } from "../errors";
import { ExprId, Kind, NO_EXPR, TRUE, FALSE, ZERO, ONE, kindOf, argCount, argAt, payloadOf, symbolName } from "./expr_store";
import { integer, add, sub, termsOf, termMono } from "./expr_arith";
import { symbol } from "./expr";
import { substitute, construct } from "./expr_subst";
import { eq, ne, lt, le, gt, ge, not, isRelation, isBoolean, decideBySign } from "./expr_rel";
import { ValueRange, boundOf } from "./ranges";
import { ShapeEnv, Guard, RuntimeAssert } from "./shape_env";
import { maybeGuardRel } from "./shape_env_learn";
import { symbolsOf, substituteValues, containsKind } from "./shape_env_subst";
import { dataDependentMessage } from "./guard_messages";
import { toStr } from "./print";

/** Decides relation kind `k` over the range `r` of lhs - rhs: TRUE, FALSE or NO_EXPR. Unlike
 * relation construction (decideBySign alone), a difference pinned to exactly 0 decides Eq/Ne. */
function decideByDifference(k: Kind, r: ValueRange): ExprId {
  if ((k == Kind.Eq || k == Kind.Ne) && r.lo() == 0 && r.hi() == 0) return k == Kind.Eq ? TRUE : FALSE;
  return decideBySign(k, r);
}

/** The min_max_replacements step of ShapeEnv.simplify: `Max(1, x)` becomes `x` where x's range
 * starts at 1 or above, `Max(0, x)` where it starts at 0 or above (the `max(1, size)` factors of
 * contiguous strides). Max with more than two arguments, and Min, are left alone, as PyTorch does. */
export function dropTrivialMax(env: ShapeEnv, e: ExprId): ExprId {
  if (e == NO_EXPR || !containsKind(e, Kind.Max)) return e;
  return dropMaxIn(env, e);
}

function dropMaxIn(env: ShapeEnv, e: ExprId): ExprId {
  const n = argCount(e);
  if (n == 0) return e;
  const args = new Array<u32>(n);
  let changed = false;
  for (let i = 0; i < n; i++) {
    const a = argAt(e, i);
    const b = containsKind(a, Kind.Max) ? dropMaxIn(env, a) : a;
    if (b == NO_EXPR) return NO_EXPR;
    if (b != a) changed = true;
    unchecked((args[i] = b));
  }
  if (kindOf(e) == Kind.Max && n == 2) {
    let c = args[0];
    let x = args[1];
    if (!(c == ZERO || c == ONE)) {
      c = args[1];
      x = args[0];
    }
    if (c == ZERO || c == ONE) {
      const hadError = hasError();
      const r = env.bound(x);
      if (!hadError && hasError()) takeErrorMessage();
      else if (!r.isBool && r.lo() >= (c == ONE ? 1 : 0)) return x;
    }
  }
  return changed ? construct(kindOf(e), args) : e;
}

/** _maybe_evaluate_static: TRUE/FALSE (or an Integer for integer expressions) when the
 * expression is decided without a guard, NO_EXPR when it is not. */
export function maybeEvaluateStatic(env: ShapeEnv, expr: ExprId, useAxioms: bool): ExprId {
  const e = dropTrivialMax(env, env.resolve(expr));
  if (e == NO_EXPR) return NO_EXPR;
  const k = kindOf(e);
  if (k == Kind.True || k == Kind.False || k == Kind.Integer) return e;
  if (useAxioms && env.axioms.has(e)) return env.axioms.get(e) ? TRUE : FALSE;
  if (k == Kind.And || k == Kind.Or) {
    const absorbing = k == Kind.And ? FALSE : TRUE;
    let all = true;
    for (let i = 0, n = argCount(e); i < n; i++) {
      const r = maybeEvaluateStatic(env, argAt(e, i), useAxioms);
      if (r == absorbing) return absorbing;
      if (r == NO_EXPR) all = false;
    }
    return all ? (k == Kind.And ? TRUE : FALSE) : NO_EXPR;
  }
  if (k == Kind.Not) {
    const r = maybeEvaluateStatic(env, argAt(e, 0), useAxioms);
    return r == TRUE ? FALSE : r == FALSE ? TRUE : NO_EXPR;
  }
  if (isRelation(e)) {
    const a = argAt(e, 0);
    const b = argAt(e, 1);
    // Divisibility facts are not used here: PyTorch uses them only to turn FloorDiv into
    // CleanDiv, so a recorded Eq(Mod(p, q), 0) is re-issued by produce_guards.
    const hadError = hasError();
    const d = sub(a, b);
    if (d == NO_EXPR) return NO_EXPR;
    const r = env.bound(d);
    if (!hadError && hasError()) return NO_EXPR;
    const decided = decideByDifference(k, r);
    if (decided != NO_EXPR) return decided;
    return decideShifted(env, k, d);
  }
  // Integer expressions: a singleton bound is a constant.
  const r = env.bound(e);
  if (!r.isBool && r.isSingleton()) return integer(r.lower);
  return NO_EXPR;
}

/** The range trick of _maybe_evaluate_static for non-linear differences: each symbol with a
 * finite lower bound L is written t + (L - 1) with t >= 1, and the expanded polynomial is
 * bounded again (interval arithmetic alone loses that s*t - s >= 0 when s, t >= 2). */
function decideShifted(env: ShapeEnv, k: Kind, d: ExprId): ExprId {
  // Interval arithmetic is exact on a linear form (each symbol occurs once): nothing to gain.
  const terms = termsOf(d);
  let linear = true;
  for (let i = 0; i < terms.length; i++) {
    const m = termMono(terms[i]);
    if (m != ONE && kindOf(m) != Kind.Symbol) linear = false;
  }
  if (linear) return NO_EXPR;
  const free = symbolsOf(d);
  const from = new Array<u32>();
  const to = new Array<u32>();
  const syms = new Array<u32>();
  const ranges = new Array<ValueRange>();
  for (let i = 0; i < free.length; i++) {
    const s = free[i];
    const r = env.rangeOf(s);
    if (r.lowerInf) continue;
    const t = symbol("__shift_" + symbolName(s), true, true);
    from.push(s);
    to.push(add(t, integer(r.lower - 1)));
    syms.push(t);
    ranges.push(r.upperInf ? new ValueRange(1, 0, false, true) : new ValueRange(1, r.upper - r.lower + 1));
  }
  if (from.length == 0) return NO_EXPR;
  const hadError = hasError();
  const shifted = substitute(d, from, to);
  if (shifted == NO_EXPR) {
    if (!hadError && hasError()) takeErrorMessage();
    return NO_EXPR;
  }
  for (let i = 0; i < env.syms.length; i++) {
    if (!from.includes(env.syms[i])) {
      syms.push(env.syms[i]);
      ranges.push(env.ranges[i]);
    }
  }
  return decideByDifference(k, boundOf(shifted, syms, ranges));
}

/** The value of an expression with every symbol at its hint (size_hint); NO_EXPR when some
 * symbol has none. */
export function withHints(env: ShapeEnv, e: ExprId): ExprId {
  const free = symbolsOf(e);
  const vals = new Array<i64>(free.length);
  for (let i = 0; i < free.length; i++) {
    if (!env.hasHint(free[i])) return NO_EXPR;
    vals[i] = env.hintOf(free[i]);
  }
  return substituteValues(e, free, vals);
}

/** Records the implications of a true guard as axioms (get_implications). */
export function addAxioms(env: ShapeEnv, g: ExprId): void {
  setAxiom(env, g, true);
  if (isBoolean(g)) setAxiom(env, not(g), false);
  if (!isRelation(g)) return;
  const a = argAt(g, 0);
  const b = argAt(g, 1);
  const k = kindOf(g);
  if (k == Kind.Eq || k == Kind.Ne) {
    // Commutativity of == and != (get_implications): Eq(a, b) also decides Eq(b, a), Ne(b, a).
    const holds = k == Kind.Eq;
    setAxiom(env, eq(b, a), holds);
    setAxiom(env, ne(b, a), !holds);
    setAxiom(env, holds ? ne(a, b) : eq(a, b), false);
  }
  if (k == Kind.Eq) {
    setAxiom(env, le(a, b), true);
    setAxiom(env, ge(a, b), true);
    setAxiom(env, lt(a, b), false);
    setAxiom(env, gt(a, b), false);
  } else if (k == Kind.Lt || k == Kind.Gt) {
    setAxiom(env, k == Kind.Lt ? le(a, b) : ge(a, b), true);
    setAxiom(env, ne(a, b), true);
    setAxiom(env, eq(a, b), false);
  }
}

function setAxiom(env: ShapeEnv, e: ExprId, v: bool): void {
  if (e == NO_EXPR) return;
  const k = kindOf(e);
  if (k == Kind.True || k == Kind.False) return;
  env.axioms.set(e, v);
}

function recordGuard(env: ShapeEnv, g: ExprId, sloc: string, what: string): void {
  maybeGuardRel(env, g);
  if (env.preferDeferredRuntimeAsserts) {
    // guard_or_defer_runtime_assert(g, "evaluate_expr: ..."): a guard that _maybe_guard_rel just
    // made statically known (a replacement, a refined range) is dropped, not deferred.
    const hadError = hasError();
    const st = maybeEvaluateStatic(env, g, true);
    if (!hadError && hasError()) takeErrorMessage();
    if (st == TRUE || st == FALSE) return;
    env.deferred.push(new RuntimeAssert(g, `${what}: ${toStr(g)}`, NO_EXPR));
  } else {
    env.guards.push(new Guard(g, sloc));
  }
  addAxioms(env, g);
}

const UNDECIDED: i32 = 2;

/** The opening evaluate_expr and torch._check share: 1/0 when `expr` is decided without a
 * guard, -1 on error (not a boolean, or an error recorded while deciding), else UNDECIDED.
 * `who` names the caller in the error message. */
function decideStatically(env: ShapeEnv, expr: ExprId, sloc: string, who: string): i32 {
  if (expr == NO_EXPR) return -1;
  if (!isBoolean(expr)) {
    raise(ErrorCode.InvalidArgument, who + ": expected a boolean expression");
    return -1;
  }
  env.currentSloc = sloc;
  const st = maybeEvaluateStatic(env, expr, true);
  if (st == TRUE) return 1;
  if (st == FALSE) return 0;
  if (hasError()) return -1;
  return UNDECIDED;
}

/** evaluate_expr on a boolean: 1/0, or -1 with a recorded error (data-dependent guard). */
export function evaluateBool(env: ShapeEnv, expr: ExprId, sloc: string): i32 {
  return evaluateBoolOr(env, expr, sloc, -1);
}

/** evaluate_expr(fallback_value=...): as evaluateBool, but an expression that depends on
 * unbacked symbols gives `fallback` (0/1) without a guard or an error (guard_or_false /
 * guard_or_true). A fallback of -1 means none. */
export function evaluateBoolOr(env: ShapeEnv, expr: ExprId, sloc: string, fallback: i32): i32 {
  const decided = decideStatically(env, expr, sloc, "evaluate_guard");
  if (decided != UNDECIDED) return decided;
  const e = env.resolve(expr);
  const v = withHints(env, e);
  if (v == NO_EXPR) {
    if (hasError()) return -1;
    if (fallback >= 0) return fallback;
    raise(ErrorCode.GuardError, dataDependentMessage(env, e, true, sloc));
    return -1;
  }
  if (v != TRUE && v != FALSE) {
    raise(ErrorCode.GuardError, "evaluate_guard: the expression did not evaluate to a boolean under the hints");
    return -1;
  }
  const g = v == TRUE ? e : not(e);
  recordGuard(env, g, sloc, "evaluate_expr");
  return v == TRUE ? 1 : 0;
}

/** guard_int: the hint value of an integer expression, guarding Eq(expr, value). Returns
 * f64 NaN with a recorded error when data-dependent. */
export function evaluateInt(env: ShapeEnv, expr: ExprId, sloc: string): f64 {
  if (expr == NO_EXPR) return NaN;
  if (isBoolean(expr)) return <f64>evaluateBool(env, expr, sloc);
  env.currentSloc = sloc;
  const e = env.resolve(expr);
  if (e == NO_EXPR) return NaN;
  if (kindOf(e) == Kind.Integer) return <f64>payloadOf(e);
  const r = env.bound(e);
  if (r.isSingleton()) return <f64>r.lower;
  const v = withHints(env, e);
  if (v == NO_EXPR || kindOf(v) != Kind.Integer) {
    if (!hasError()) raise(ErrorCode.GuardError, dataDependentMessage(env, e, false, sloc));
    return NaN;
  }
  recordGuard(env, eq(e, v), sloc, "evaluate_expr");
  return <f64>payloadOf(v);
}

/** The highest-numbered unbacked symbol in `e` (the key of a deferred runtime assert). */
function latestUnbacked(env: ShapeEnv, e: ExprId): ExprId {
  const free = symbolsOf(e);
  let best: ExprId = NO_EXPR;
  let bestIndex = -1;
  for (let i = 0; i < free.length; i++) {
    const s = free[i];
    if (env.isKnownSymbol(s) && !env.hasHint(s)) {
      const idx = env.indexOf(s);
      if (idx > bestIndex) {
        bestIndex = idx;
        best = s;
      }
    }
  }
  return best;
}

/** torch._check(cond) (expect_true / guard_or_defer_runtime_assert): 1 when it holds or was
 * deferred as a runtime assert, 0 when it is known false, -1 on error. */
export function check(env: ShapeEnv, expr: ExprId, msg: string, sloc: string): i32 {
  const decided = decideStatically(env, expr, sloc, "torch._check");
  if (decided != UNDECIDED) return decided;
  const e = env.resolve(expr);
  if (env.allHinted(e) && !env.preferDeferredRuntimeAsserts) return evaluateBool(env, e, sloc);
  maybeGuardRel(env, e);
  env.deferred.push(new RuntimeAssert(e, msg, latestUnbacked(env, e)));
  addAxioms(env, e);
  return 1;
}

/** torch._check_is_size(sym, max=None): _check(sym >= 0) and, for an unbacked symbol, the
 * range [0, max] with size-like reasoning. */
export function checkIsSize(env: ShapeEnv, expr: ExprId, maxValue: i64, hasMax: bool, sloc: string): i32 {
  const r = check(env, ge(expr, ZERO), "", sloc);
  if (r != 1) return r;
  const e = env.resolve(expr);
  if (kindOf(e) == Kind.Symbol && env.isKnownSymbol(e) && !env.hasHint(e)) {
    const vr = hasMax ? new ValueRange(0, maxValue, false, false) : new ValueRange(0, 0, false, true);
    env.constrainRange(e, vr, true);
  }
  return 1;
}

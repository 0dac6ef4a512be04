// Relations (Eq, Ne, <, <=, >, >=) and boolean connectives. Arguments keep the order given, as
// sympy's relational constructors do; a relation folds to True/False when the difference of its
// sides is decided by the symbols' assumptions (positive integer symbols are >= 1), which is
// what sympy's assumption system decides for the linear forms PyTorch builds.
import { Op, recall, remember } from "./expr_memo";
import { raise, ErrorCode, hasError, takeErrorMessage, lastErrorCode } from "../errors";
import { ExprId, Kind, NO_EXPR, TRUE, FALSE, INT_OO, NEG_INT_OO, intern, kindOf, argCount, argAt } from "./expr_store";
import { isNumeric, isInfinity, sub } from "./expr_arith";
import { assumedBound, ValueRange } from "./ranges";

export function isBoolean(e: ExprId): bool {
  const k = kindOf(e);
  return k >= Kind.Eq && k <= Kind.False;
}

export function isRelation(e: ExprId): bool {
  const k = kindOf(e);
  return k >= Kind.Eq && k <= Kind.Ge;
}

/** The relation kind after swapping sides (a < b is b > a); used when solving
 * relations (shape_env_learn, solver_dims). */
export function flippedKind(k: Kind): Kind {
  switch (k) {
    case Kind.Lt: return Kind.Gt;
    case Kind.Gt: return Kind.Lt;
    case Kind.Le: return Kind.Ge;
    case Kind.Ge: return Kind.Le;
  }
  return k;
}

/** Range of a - b from assumptions, or null when it cannot be formed. */
function differenceRange(a: ExprId, b: ExprId): ValueRange | null {
  if (isInfinity(a) || isInfinity(b)) {
    // Every expression other than the infinities is finite, so the sign of a - b is known.
    const sa = a == INT_OO ? 1 : a == NEG_INT_OO ? -1 : 0;
    const sb = b == INT_OO ? 1 : b == NEG_INT_OO ? -1 : 0;
    const d: i64 = sa > sb ? 1 : sa < sb ? -1 : 0;
    return ValueRange.singleton(d);
  }
  // The difference is only a probe: an overflow here must not surface as the caller's error.
  const hadError = hasError();
  const d = sub(a, b);
  if (d == NO_EXPR) {
    if (!hadError && lastErrorCode() != 0) takeErrorMessage();
    return null;
  }
  return assumedBound(d);
}

/** Relation kind `k` over the range `r` of lhs - rhs, decided from the sign of the range alone:
 * TRUE, FALSE or NO_EXPR. Shared with ShapeEnv's static evaluation (shape_env_eval). */
export function decideBySign(k: Kind, r: ValueRange): ExprId {
  const lo = r.lo();
  const hi = r.hi();
  switch (k) {
    case Kind.Eq:
      if (lo > 0 || hi < 0) return FALSE;
      break;
    case Kind.Ne:
      if (lo > 0 || hi < 0) return TRUE;
      break;
    case Kind.Lt:
      if (hi < 0) return TRUE;
      if (lo >= 0) return FALSE;
      break;
    case Kind.Le:
      if (hi <= 0) return TRUE;
      if (lo > 0) return FALSE;
      break;
    case Kind.Gt:
      if (lo > 0) return TRUE;
      if (hi <= 0) return FALSE;
      break;
    case Kind.Ge:
      if (lo >= 0) return TRUE;
      if (hi < 0) return FALSE;
      break;
  }
  return NO_EXPR;
}

function relation(kind: Kind, a: ExprId, b: ExprId): ExprId {
  if (a == NO_EXPR || b == NO_EXPR) return NO_EXPR;
  if (!isNumeric(a) || !isNumeric(b)) {
    raise(ErrorCode.InvalidArgument, "relations compare integer expressions, not booleans");
    return NO_EXPR;
  }
  if (a == b) return kind == Kind.Eq || kind == Kind.Le || kind == Kind.Ge ? TRUE : FALSE;
  const r = differenceRange(a, b);
  if (r != null) {
    // Only the sign of the difference folds a relation here: sympy does not decide Eq/Ne from
    // a difference that is merely bounded to [0, 0] (its assumptions do not pin a value).
    const d = decideBySign(kind, r);
    if (d != NO_EXPR) return d;
  }
  return intern(kind, 0, [a, b]);
}

export function eq(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Eq, a, b);
  return known != NO_EXPR ? known : remember(Op.Eq, a, b, relation(Kind.Eq, a, b));
}
export function ne(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Ne, a, b);
  return known != NO_EXPR ? known : remember(Op.Ne, a, b, relation(Kind.Ne, a, b));
}
export function lt(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Lt, a, b);
  return known != NO_EXPR ? known : remember(Op.Lt, a, b, relation(Kind.Lt, a, b));
}
export function le(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Le, a, b);
  return known != NO_EXPR ? known : remember(Op.Le, a, b, relation(Kind.Le, a, b));
}
export function gt(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Gt, a, b);
  return known != NO_EXPR ? known : remember(Op.Gt, a, b, relation(Kind.Gt, a, b));
}
export function ge(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Ge, a, b);
  return known != NO_EXPR ? known : remember(Op.Ge, a, b, relation(Kind.Ge, a, b));
}

/** The relation's negation (Not(a < b) is a >= b), as sympy's Relational.negated. */
function negatedKind(k: Kind): Kind {
  switch (k) {
    case Kind.Eq: return Kind.Ne;
    case Kind.Ne: return Kind.Eq;
    case Kind.Lt: return Kind.Ge;
    case Kind.Ge: return Kind.Lt;
    case Kind.Le: return Kind.Gt;
    case Kind.Gt: return Kind.Le;
  }
  return k;
}

function checkBool(a: ExprId, op: string): bool {
  if (a == NO_EXPR) return false;
  if (!isBoolean(a)) {
    raise(ErrorCode.InvalidArgument, `${op}: operand must be a boolean expression`);
    return false;
  }
  return true;
}

export function not(a: ExprId): ExprId {
  if (!checkBool(a, "Not")) return NO_EXPR;
  const k = kindOf(a);
  if (a == TRUE) return FALSE;
  if (a == FALSE) return TRUE;
  if (k == Kind.Not) return argAt(a, 0);
  if (isRelation(a)) return relation(negatedKind(k), argAt(a, 0), argAt(a, 1));
  return intern(Kind.Not, 0, [a]);
}

function sortedUnique(xs: Array<u32>): Array<u32> {
  xs.sort((x: u32, y: u32): i32 => (x < y ? -1 : x > y ? 1 : 0));
  const out = new Array<u32>();
  for (let i = 0; i < xs.length; i++) if (i == 0 || xs[i] != xs[i - 1]) out.push(xs[i]);
  return out;
}

/** And/Or: flatten, drop the identity, short-circuit on the zero, drop duplicates, and collapse
 * `x` with its negation. */
function lattice(kind: Kind, a: ExprId, b: ExprId): ExprId {
  const name = kind == Kind.And ? "And" : "Or";
  if (!checkBool(a, name) || !checkBool(b, name)) return NO_EXPR;
  const identity = kind == Kind.And ? TRUE : FALSE;
  const zero = kind == Kind.And ? FALSE : TRUE;
  const items = new Array<u32>();
  const inputs = [a, b];
  for (let i = 0; i < 2; i++) {
    const x = inputs[i];
    if (kindOf(x) == kind) {
      for (let j = 0, n = argCount(x); j < n; j++) items.push(argAt(x, j));
    } else {
      items.push(x);
    }
  }
  const kept = new Array<u32>();
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (x == zero) return zero;
    if (x != identity) kept.push(x);
  }
  const args = sortedUnique(kept);
  for (let i = 0; i < args.length; i++) {
    const k = kindOf(args[i]);
    if (isRelation(args[i])) {
      const negated = intern(negatedKind(k), 0, [argAt(args[i], 0), argAt(args[i], 1)]);
      if (args.includes(negated)) return zero;
    } else if (k == Kind.Not && args.includes(argAt(args[i], 0))) {
      return zero;
    }
  }
  if (args.length == 0) return identity;
  if (args.length == 1) return args[0];
  return intern(kind, 0, args);
}

export function and(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.And, a, b);
  if (known != NO_EXPR) return known;
  return remember(Op.And, a, b, andUncached(a, b));
}

function andUncached(a: ExprId, b: ExprId): ExprId { return lattice(Kind.And, a, b); }
export function or(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Or, a, b);
  if (known != NO_EXPR) return known;
  return remember(Op.Or, a, b, orUncached(a, b));
}

function orUncached(a: ExprId, b: ExprId): ExprId { return lattice(Kind.Or, a, b); }

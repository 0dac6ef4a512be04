// Generic rebuild, free symbols, simultaneous substitution and exact evaluation.
import { raise, ErrorCode } from "../errors";
import { checkedAdd, checkedMul, checkedPow, pyFloorDiv, pyMod, failures, fail } from "./int";
import {
  ExprId, Kind, NO_EXPR, ZERO, ONE, TRUE, FALSE,
  kindOf, argCount, argAt, argsOf, payloadOf, symbolName, isValid,
} from "./expr_store";
import { add, mul, pow } from "./expr_arith";
import { floorDiv, cleanDiv, mod, modularIndexing } from "./expr_div";
import { minMaxOf } from "./expr_minmax";
import { eq, ne, lt, le, gt, ge, and, or, not } from "./expr_rel";
import { intTrueDiv, toFloat, roundToInt, floatValue, roundHalfEven, floatToI64, isFloatValued } from "./expr_float";

/** Builds `kind(args...)` through the canonicalizing constructors. */
export function construct(kind: Kind, args: Array<u32>): ExprId {
  for (let i = 0; i < args.length; i++) if (args[i] == NO_EXPR) return NO_EXPR;
  const n = args.length;
  switch (kind) {
    case Kind.Add: {
      let r = ZERO;
      for (let i = 0; i < n; i++) r = add(r, args[i]);
      return r;
    }
    case Kind.Mul: {
      let r = ONE;
      for (let i = 0; i < n; i++) r = mul(r, args[i]);
      return r;
    }
    case Kind.And: {
      let r = TRUE;
      for (let i = 0; i < n; i++) r = and(r, args[i]);
      return r;
    }
    case Kind.Or: {
      let r = FALSE;
      for (let i = 0; i < n; i++) r = or(r, args[i]);
      return r;
    }
    case Kind.Max:
    case Kind.Min:
      return minMaxOf(kind, args);
  }
  const unary = kind == Kind.Not || kind == Kind.ToFloat || kind == Kind.RoundToInt;
  const arity = unary ? 1 : kind == Kind.ModularIndexing ? 3 : 2;
  if (n != arity) {
    raise(ErrorCode.InvalidArgument, `expected ${arity} arguments, got ${n}`);
    return NO_EXPR;
  }
  switch (kind) {
    case Kind.Pow:
      if (kindOf(args[1]) != Kind.Integer) {
        raise(ErrorCode.InvalidArgument, "Pow: exponent must be an integer constant");
        return NO_EXPR;
      }
      return pow(args[0], payloadOf(args[1]));
    case Kind.FloorDiv: return floorDiv(args[0], args[1]);
    case Kind.CleanDiv: return cleanDiv(args[0], args[1]);
    case Kind.Mod: return mod(args[0], args[1]);
    case Kind.ModularIndexing: return modularIndexing(args[0], args[1], args[2]);
    case Kind.Eq: return eq(args[0], args[1]);
    case Kind.Ne: return ne(args[0], args[1]);
    case Kind.Lt: return lt(args[0], args[1]);
    case Kind.Le: return le(args[0], args[1]);
    case Kind.Gt: return gt(args[0], args[1]);
    case Kind.Ge: return ge(args[0], args[1]);
    case Kind.Not: return not(args[0]);
    case Kind.IntTrueDiv: return intTrueDiv(args[0], args[1]);
    case Kind.ToFloat: return toFloat(args[0]);
    case Kind.RoundToInt: return roundToInt(args[0]);
  }
  raise(ErrorCode.InvalidArgument, `cannot construct expression kind ${<i32>kind}`);
  return NO_EXPR;
}

function collectSymbols(e: ExprId, out: Array<u32>): void {
  if (kindOf(e) == Kind.Symbol) {
    if (!out.includes(e)) out.push(e);
    return;
  }
  for (let i = 0, n = argCount(e); i < n; i++) collectSymbols(argAt(e, i), out);
}

/** The symbols in `e`, sorted by name (sympy's order for symbols). */
export function freeSymbols(e: ExprId): Array<u32> {
  const out = new Array<u32>();
  if (e == NO_EXPR || !isValid(e)) return out;
  collectSymbols(e, out);
  out.sort((a: u32, b: u32): i32 => {
    const na = symbolName(a);
    const nb = symbolName(b);
    return na < nb ? -1 : na > nb ? 1 : a < b ? -1 : a > b ? 1 : 0;
  });
  return out;
}

/** Replaces every `from[i]` by `to[i]` at once (no replacement sees another's result). */
export function substitute(e: ExprId, from: Array<u32>, to: Array<u32>): ExprId {
  if (e == NO_EXPR) return NO_EXPR;
  if (from.length != to.length) {
    raise(ErrorCode.InvalidArgument, "substitute: from and to differ in length");
    return NO_EXPR;
  }
  const memo = new Map<u32, u32>();
  return subst(e, from, to, memo);
}

function subst(e: ExprId, from: Array<u32>, to: Array<u32>, memo: Map<u32, u32>): ExprId {
  const i = from.indexOf(e);
  if (i >= 0) return to[i];
  const n = argCount(e);
  if (n == 0) return e;
  if (memo.has(e)) return memo.get(e);
  const args = argsOf(e);
  let changed = false;
  for (let j = 0; j < n; j++) {
    const a = subst(args[j], from, to, memo);
    if (a == NO_EXPR) return NO_EXPR;
    if (a != args[j]) changed = true;
    args[j] = a;
  }
  const r = changed ? construct(kindOf(e), args) : e;
  memo.set(e, r);
  return r;
}

// Symbol values for evaluation, indexed by symbol index; a value counts only when its
// generation is the current one, so clearing is O(1).
const boundValues = new Array<i64>();
const boundGeneration = new Array<u32>();
let generation: u32 = 1;

/** Forgets every value set by setValue. */
export function clearValues(): void {
  generation++;
}

/** Gives symbol `s` the value `v` for evaluateBound. */
export function setValue(s: ExprId, v: i64): void {
  if (kindOf(s) != Kind.Symbol) {
    raise(ErrorCode.InvalidArgument, "only symbols take values");
    return;
  }
  const i = <i32>payloadOf(s);
  while (boundValues.length <= i) {
    boundValues.push(0);
    boundGeneration.push(0);
  }
  boundValues[i] = v;
  boundGeneration[i] = generation;
}

/** Exact value of `e` with the values set by setValue; booleans give 0/1. Records
 * UnknownSymbol for a symbol without a value, Overflow / ZeroDivision where Python would fail
 * (or overflow i64), and returns 0 then. */
export function evaluateBound(e: ExprId): i64 {
  if (e == NO_EXPR) return 0;
  const before = failures();
  evalFailed = false;
  const v = evalNode(e);
  return failures() != before ? 0 : v;
}

// Set on the first failure so the rest of the walk stops early.
let evalFailed = false;

/** Exact value of `e` with `values[i]` for `syms[i]` (see evaluateBound). */
export function evaluate(e: ExprId, syms: Array<u32>, values: Array<i64>): i64 {
  if (e == NO_EXPR) return 0;
  if (syms.length != values.length) {
    raise(ErrorCode.InvalidArgument, "evaluate: syms and values differ in length");
    return 0;
  }
  clearValues();
  for (let i = 0; i < syms.length; i++) setValue(syms[i], values[i]);
  return evaluateBound(e);
}

function symbolValue(e: ExprId): i64 {
  const i = <i32>payloadOf(e);
  if (i < boundValues.length && unchecked(boundGeneration[i]) == generation) return unchecked(boundValues[i]);
  fail(ErrorCode.UnknownSymbol, `no value for symbol ${symbolName(e)}`);
  evalFailed = true;
  return 0;
}

function evalNode(e: ExprId): i64 {
  if (evalFailed) return 0;
  const k = kindOf(e);
  const n = argCount(e);
  switch (k) {
    case Kind.Integer: return payloadOf(e);
    case Kind.True: return 1;
    case Kind.False: return 0;
    case Kind.Symbol:
      return symbolValue(e);
    case Kind.IntInfinity:
    case Kind.NegIntInfinity:
      raise(ErrorCode.InvalidArgument, "cannot evaluate int_oo to an integer");
      return 0;
    case Kind.Add: {
      let r: i64 = 0;
      for (let i = 0; i < n; i++) r = checkedAdd(r, evalNode(argAt(e, i)));
      return r;
    }
    case Kind.Mul: {
      let r: i64 = 1;
      for (let i = 0; i < n; i++) r = checkedMul(r, evalNode(argAt(e, i)));
      return r;
    }
    case Kind.Pow:
      return checkedPow(evalNode(argAt(e, 0)), payloadOf(argAt(e, 1)));
    case Kind.FloorDiv:
    case Kind.CleanDiv:
      return pyFloorDiv(evalNode(argAt(e, 0)), evalNode(argAt(e, 1)));
    case Kind.Mod:
      return pyMod(evalNode(argAt(e, 0)), evalNode(argAt(e, 1)));
    case Kind.ModularIndexing: {
      const q = pyFloorDiv(evalNode(argAt(e, 0)), evalNode(argAt(e, 1)));
      return pyMod(q, evalNode(argAt(e, 2)));
    }
    case Kind.Max:
    case Kind.Min: {
      let r = evalNode(argAt(e, 0));
      for (let i = 1; i < n; i++) {
        const v = evalNode(argAt(e, i));
        r = k == Kind.Max ? (v > r ? v : r) : v < r ? v : r;
      }
      return r;
    }
    case Kind.Eq: return evalNode(argAt(e, 0)) == evalNode(argAt(e, 1)) ? 1 : 0;
    case Kind.Ne: return evalNode(argAt(e, 0)) != evalNode(argAt(e, 1)) ? 1 : 0;
    case Kind.Lt: return evalNode(argAt(e, 0)) < evalNode(argAt(e, 1)) ? 1 : 0;
    case Kind.Le: return evalNode(argAt(e, 0)) <= evalNode(argAt(e, 1)) ? 1 : 0;
    case Kind.Gt: return evalNode(argAt(e, 0)) > evalNode(argAt(e, 1)) ? 1 : 0;
    case Kind.Ge: return evalNode(argAt(e, 0)) >= evalNode(argAt(e, 1)) ? 1 : 0;
    case Kind.Not: return evalNode(argAt(e, 0)) == 0 ? 1 : 0;
    case Kind.And: {
      // Every argument is evaluated so an unknown symbol is reported even after a False.
      let r: i64 = 1;
      for (let i = 0; i < n; i++) if (evalNode(argAt(e, i)) == 0) r = 0;
      return r;
    }
    case Kind.Or: {
      let r: i64 = 0;
      for (let i = 0; i < n; i++) if (evalNode(argAt(e, i)) != 0) r = 1;
      return r;
    }
    case Kind.RoundToInt: {
      const x = evalReal(argAt(e, 0));
      if (evalFailed) return 0;
      const r = roundHalfEven(x);
      if (!isFinite(r)) {
        fail(ErrorCode.Overflow, `cannot convert float ${r} to integer`);
        evalFailed = true;
        return 0;
      }
      const before = failures();
      const v = floatToI64(r);
      if (failures() != before) evalFailed = true;
      return v;
    }
    case Kind.Float:
    case Kind.IntTrueDiv:
    case Kind.ToFloat:
      fail(ErrorCode.InvalidArgument, "cannot evaluate a float expression to an integer");
      evalFailed = true;
      return 0;
  }
  return 0;
}

/** Value of a float (or integer) expression as Python computes it: int / int is the correctly
 * rounded quotient (exact for |values| <= 2^53), float(int) the nearest double. */
function evalReal(e: ExprId): f64 {
  if (evalFailed) return 0;
  switch (kindOf(e)) {
    case Kind.Float: return floatValue(e);
    case Kind.ToFloat: return <f64>evalNode(argAt(e, 0));
    case Kind.IntTrueDiv: {
      const a = evalNode(argAt(e, 0));
      const b = evalNode(argAt(e, 1));
      if (evalFailed) return 0;
      if (b == 0) {
        fail(ErrorCode.ZeroDivision, "division by zero");
        evalFailed = true;
        return 0;
      }
      return <f64>a / <f64>b;
    }
  }
  return <f64>evalNode(e);
}

/** Value of a float-valued (or integer) expression with the values set by setValue; records
 * the errors evaluateBound does and returns 0 then. */
export function evaluateRealBound(e: ExprId): f64 {
  if (e == NO_EXPR) return 0;
  const before = failures();
  evalFailed = false;
  const v = isFloatValued(e) ? evalReal(e) : <f64>evalNode(e);
  return failures() != before ? 0 : v;
}

// WASM exports of the expression core, called by src/core/expr.ts and src/core/ranges.ts.
// Every id from JavaScript is validated (an out-of-range id would trap). Integers cross as f64
// and must be exact (|v| <= 2^53); int_oo crosses as ±Infinity.
import { raise, ErrorCode, hasError } from "../errors";
import {
  ExprId, Kind, NO_EXPR, MAX_EXPR_DEPTH, depthOf, kindOf, argCount, argAt, payloadOf, symbolName, isValid, nodeCount,
  symbolPositive, symbolInteger,
} from "./expr_store";
import {
  integer, add, sub, mul, neg, pow, floorDiv, cleanDiv, mod, modularIndexing, max, min,
  eq, ne, lt, le, gt, ge, and, or, not, freeSymbols, substitute, evaluate, symbol,
  clearValues, setValue, evaluateBound, evaluateRealBound,
  intTrueDiv, toFloat, roundToInt, floatConst, floatValue,
  trueExpr, falseExpr, intInfinity, negIntInfinity,
} from "./expr";
import { toStr, toSrepr } from "./print";
import { failures } from "./int";
import { parseStr, parseSrepr } from "./parse";
import { ValueRange, boundOf } from "./ranges";

const MAX_SAFE: f64 = 9007199254740991;

function ok(e: ExprId): bool {
  if (e == NO_EXPR) {
    if (!hasError()) raise(ErrorCode.InvalidArgument, "invalid expression id (a previous call failed)");
    return false;
  }
  if (!isValid(e)) {
    raise(ErrorCode.InvalidArgument, `unknown expression id ${e}`);
    return false;
  }
  return true;
}

/** Passes a result on, refusing expressions nested deeper than MAX_EXPR_DEPTH. */
function out(e: ExprId): u32 {
  if (e != NO_EXPR && depthOf(e) > MAX_EXPR_DEPTH) {
    raise(ErrorCode.InvalidArgument, `expression nested deeper than ${MAX_EXPR_DEPTH} levels`);
    return NO_EXPR;
  }
  return e;
}

function ok2(a: ExprId, b: ExprId): bool {
  return ok(a) && ok(b);
}

function safeInt(v: f64, what: string): bool {
  if (!(Math.abs(v) <= MAX_SAFE) || Math.floor(v) != v) {
    raise(ErrorCode.InvalidArgument, `${what} must be an integer with |value| <= 2^53 - 1, got ${v}`);
    return false;
  }
  return true;
}

function idsOf(a: Uint32Array): Array<u32> | null {
  const out = new Array<u32>(a.length);
  for (let i = 0; i < a.length; i++) {
    if (!ok(a[i])) return null;
    out[i] = a[i];
  }
  return out;
}

export function exprNodeCount(): i32 { return nodeCount(); }
export function exprIsValid(e: u32): bool { return isValid(e); }
export function exprKind(e: u32): i32 { return ok(e) ? <i32>kindOf(e) : -1; }
export function exprArgCount(e: u32): i32 { return ok(e) ? argCount(e) : 0; }
export function exprArg(e: u32, i: i32): u32 {
  if (!ok(e)) return NO_EXPR;
  if (i < 0 || i >= argCount(e)) {
    raise(ErrorCode.InvalidArgument, `argument index ${i} out of range`);
    return NO_EXPR;
  }
  return argAt(e, i);
}

/** Value of an Integer expression; NaN for other kinds, records Overflow beyond 2^53. */
export function exprIntValue(e: u32): f64 {
  if (!ok(e) || kindOf(e) != Kind.Integer) return NaN;
  const v = payloadOf(e);
  if (v > <i64>MAX_SAFE || v < -<i64>MAX_SAFE) {
    raise(ErrorCode.Overflow, `integer ${v} does not fit a JavaScript number exactly`);
    return NaN;
  }
  return <f64>v;
}

export function exprInteger(v: f64): u32 { return safeInt(v, "integer") ? integer(<i64>v) : NO_EXPR; }
export function exprSymbol(name: string, positive: bool, isInt: bool): u32 { return symbol(name, positive, isInt); }
export function exprSymbolName(e: u32): string { return ok(e) && kindOf(e) == Kind.Symbol ? symbolName(e) : ""; }
export function exprSymbolPositive(e: u32): bool { return ok(e) && kindOf(e) == Kind.Symbol && symbolPositive(e); }
export function exprSymbolInteger(e: u32): bool { return ok(e) && kindOf(e) == Kind.Symbol && symbolInteger(e); }

export function exprTrue(): u32 { return trueExpr(); }
export function exprFalse(): u32 { return falseExpr(); }
export function exprIntOo(): u32 { return intInfinity(); }
export function exprNegIntOo(): u32 { return negIntInfinity(); }

export function exprAdd(a: u32, b: u32): u32 { return ok2(a, b) ? out(add(a, b)) : NO_EXPR; }
export function exprSub(a: u32, b: u32): u32 { return ok2(a, b) ? out(sub(a, b)) : NO_EXPR; }
export function exprMul(a: u32, b: u32): u32 { return ok2(a, b) ? out(mul(a, b)) : NO_EXPR; }
export function exprNeg(a: u32): u32 { return ok(a) ? out(neg(a)) : NO_EXPR; }
export function exprPow(a: u32, k: f64): u32 { return ok(a) && safeInt(k, "exponent") ? out(pow(a, <i64>k)) : NO_EXPR; }
export function exprFloorDiv(a: u32, b: u32): u32 { return ok2(a, b) ? out(floorDiv(a, b)) : NO_EXPR; }
export function exprCleanDiv(a: u32, b: u32): u32 { return ok2(a, b) ? out(cleanDiv(a, b)) : NO_EXPR; }
export function exprMod(a: u32, b: u32): u32 { return ok2(a, b) ? out(mod(a, b)) : NO_EXPR; }
export function exprModularIndexing(a: u32, b: u32, c: u32): u32 {
  return ok2(a, b) && ok(c) ? modularIndexing(a, b, c) : NO_EXPR;
}
export function exprMax(a: u32, b: u32): u32 { return ok2(a, b) ? out(max(a, b)) : NO_EXPR; }
export function exprMin(a: u32, b: u32): u32 { return ok2(a, b) ? out(min(a, b)) : NO_EXPR; }
export function exprEq(a: u32, b: u32): u32 { return ok2(a, b) ? out(eq(a, b)) : NO_EXPR; }
export function exprNe(a: u32, b: u32): u32 { return ok2(a, b) ? out(ne(a, b)) : NO_EXPR; }
export function exprLt(a: u32, b: u32): u32 { return ok2(a, b) ? out(lt(a, b)) : NO_EXPR; }
export function exprLe(a: u32, b: u32): u32 { return ok2(a, b) ? out(le(a, b)) : NO_EXPR; }
export function exprGt(a: u32, b: u32): u32 { return ok2(a, b) ? out(gt(a, b)) : NO_EXPR; }
export function exprGe(a: u32, b: u32): u32 { return ok2(a, b) ? out(ge(a, b)) : NO_EXPR; }
export function exprAnd(a: u32, b: u32): u32 { return ok2(a, b) ? out(and(a, b)) : NO_EXPR; }
export function exprOr(a: u32, b: u32): u32 { return ok2(a, b) ? out(or(a, b)) : NO_EXPR; }
export function exprNot(a: u32): u32 { return ok(a) ? out(not(a)) : NO_EXPR; }

export function exprIntTrueDiv(a: u32, b: u32): u32 { return ok2(a, b) ? out(intTrueDiv(a, b)) : NO_EXPR; }
export function exprToFloat(a: u32): u32 { return ok(a) ? out(toFloat(a)) : NO_EXPR; }
export function exprRoundToInt(a: u32): u32 { return ok(a) ? out(roundToInt(a)) : NO_EXPR; }
/** sympy Float(v) for a finite v. */
export function exprFloat(v: f64): u32 { return floatConst(v); }
/** Value of a Float expression; NaN for other kinds. */
export function exprFloatValue(e: u32): f64 { return ok(e) && kindOf(e) == Kind.Float ? floatValue(e) : NaN; }

export function exprToStr(e: u32): string { return ok(e) ? toStr(e) : ""; }
export function exprToSrepr(e: u32): string { return ok(e) ? toSrepr(e) : ""; }
export function exprParseStr(s: string): u32 { return out(parseStr(s)); }
export function exprParseSrepr(s: string): u32 { return out(parseSrepr(s)); }

export function exprFreeSymbols(e: u32): Uint32Array {
  if (!ok(e)) return new Uint32Array(0);
  const syms = freeSymbols(e);
  const out = new Uint32Array(syms.length);
  for (let i = 0; i < syms.length; i++) out[i] = syms[i];
  return out;
}

export function exprSubstitute(e: u32, from: Uint32Array, to: Uint32Array): u32 {
  if (!ok(e)) return NO_EXPR;
  const f = idsOf(from);
  const t = idsOf(to);
  if (f == null || t == null) return NO_EXPR;
  return out(substitute(e, f, t));
}

/** Value of `e` with values[i] for syms[i]; records Overflow when the result is beyond 2^53. */
export function exprEvaluate(e: u32, syms: Uint32Array, values: Float64Array): f64 {
  if (!ok(e)) return NaN;
  const s = idsOf(syms);
  if (s == null) return NaN;
  const vals = new Array<i64>(values.length);
  for (let i = 0; i < values.length; i++) {
    if (!safeInt(values[i], "symbol value")) return NaN;
    vals[i] = <i64>values[i];
  }
  const before = failures();
  const r = evaluate(e, s, vals);
  if (failures() != before) return NaN;
  if (r > <i64>MAX_SAFE || r < -<i64>MAX_SAFE) {
    raise(ErrorCode.Overflow, `value ${r} does not fit a JavaScript number exactly`);
    return NaN;
  }
  return <f64>r;
}

/** Forgets the values given by exprSetValue. */
export function exprClearValues(): void { clearValues(); }

/** Gives symbol `s` a value for exprEvaluateBound (values persist until exprClearValues). */
export function exprSetValue(s: u32, v: f64): void {
  if (ok(s) && safeInt(v, "symbol value")) setValue(s, <i64>v);
}

/** Value of `e` with the values given by exprSetValue; records Overflow beyond 2^53. */
export function exprEvaluateBound(e: u32): f64 {
  if (!ok(e)) return NaN;
  const before = failures();
  const r = evaluateBound(e);
  if (failures() != before) return NaN;
  if (r > <i64>MAX_SAFE || r < -<i64>MAX_SAFE) {
    raise(ErrorCode.Overflow, `value ${r} does not fit a JavaScript number exactly`);
    return NaN;
  }
  return <f64>r;
}

/** Value of a float-valued (or integer) expression with the values given by exprSetValue, as
 * Python computes it (IntTrueDiv is int / int). NaN with a recorded error on failure. */
export function exprEvaluateRealBound(e: u32): f64 {
  if (!ok(e)) return NaN;
  const before = failures();
  const r = evaluateRealBound(e);
  return failures() != before ? NaN : r;
}

function endToF64(v: i64): f64 {
  if (v == i64.MAX_VALUE) return Infinity;
  if (v == i64.MIN_VALUE) return -Infinity;
  return <f64>v;
}

function rangeFromF64(lo: f64, hi: f64): ValueRange | null {
  const loInf = lo == -Infinity;
  const hiInf = hi == Infinity;
  const finiteOrInf = (v: f64): bool => v == Infinity || v == -Infinity;
  if ((!finiteOrInf(lo) && !safeInt(lo, "range lower bound")) || (!finiteOrInf(hi) && !safeInt(hi, "range upper bound"))) return null;
  if (lo > hi) {
    raise(ErrorCode.InvalidArgument, `Invalid ranges [${lo}:${hi}]`);
    return null;
  }
  const l: i64 = loInf ? i64.MIN_VALUE : lo == Infinity ? i64.MAX_VALUE : <i64>lo;
  const h: i64 = hiInf ? i64.MAX_VALUE : hi == -Infinity ? i64.MIN_VALUE : <i64>hi;
  return new ValueRange(l, h, l == i64.MIN_VALUE || l == i64.MAX_VALUE, h == i64.MIN_VALUE || h == i64.MAX_VALUE, false);
}

/** bound_sympy: [lower, upper, isBool] of `e` given ranges for `syms` (±Infinity for int_oo). */
export function exprBound(e: u32, syms: Uint32Array, lowers: Float64Array, uppers: Float64Array): Float64Array {
  const out = new Float64Array(3);
  out[0] = -Infinity;
  out[1] = Infinity;
  if (!ok(e)) return out;
  const s = idsOf(syms);
  if (s == null) return out;
  if (lowers.length != s.length || uppers.length != s.length) {
    raise(ErrorCode.InvalidArgument, "exprBound: syms, lowers and uppers differ in length");
    return out;
  }
  const ranges = new Array<ValueRange>();
  for (let i = 0; i < s.length; i++) {
    const r = rangeFromF64(lowers[i], uppers[i]);
    if (r == null) return out;
    ranges.push(r);
  }
  const r = boundOf(e, s, ranges);
  out[0] = endToF64(r.lo());
  out[1] = endToF64(r.hi());
  out[2] = r.isBool ? 1 : 0;
  return out;
}

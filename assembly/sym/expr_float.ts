// Float-valued expressions and rounding, as torch/utils/_sympy/functions.py builds them for
// Python's `/` on SymInts and `round()`: IntTrueDiv(a, b) (int / int, a float), ToFloat(a)
// (float(int)), RoundToInt(x) (round(float) -> int, half to even) and sympy Float constants.
// Like sympy, they only fold constants: IntTrueDiv(6, 4) is Float(1.5), RoundToInt(1.5) is 2.
// Float-valued expressions take no part in integer arithmetic or relations here; RoundToInt is
// an integer expression like any other.
import { raise, ErrorCode } from "../errors";
import { ExprId, Kind, NO_EXPR, ZERO, INT_OO, NEG_INT_OO, intern, internLeaf, kindOf, payloadOf } from "./expr_store";
import { integer, isNumeric } from "./expr_arith";
import { fail } from "./int";

/** sympy Float(v); -0.0 is 0.0. Infinities and NaN are refused (sympy makes them oo / nan). */
export function floatConst(v: f64): ExprId {
  if (!isFinite(v)) {
    raise(ErrorCode.InvalidArgument, `a float constant must be finite, got ${v}`);
    return NO_EXPR;
  }
  if (v == 0) v = 0; // drops the sign of -0.0
  return internLeaf(Kind.Float, reinterpret<i64>(v));
}

/** The value of a Float node. */
export function floatValue(e: ExprId): f64 {
  return reinterpret<f64>(payloadOf(e));
}

/** Whether `e` denotes a float (Float, IntTrueDiv, ToFloat). */
export function isFloatValued(e: ExprId): bool {
  const k = kindOf(e);
  return k == Kind.Float || k == Kind.IntTrueDiv || k == Kind.ToFloat;
}

/** Python's round(x) for a float: nearest integer, halfway cases to the even one. */
export function roundHalfEven(x: f64): f64 {
  const r = Math.round(x); // halves go up (toward +inf)
  if (Math.abs(x - Math.floor(x) - 0.5) == 0) {
    // Exactly halfway: 2 * round(x / 2), as CPython's float_round.
    return 2.0 * Math.round(x / 2.0) == r ? r : r - 1.0;
  }
  return r;
}

/** Python int(v) for a rounded finite float, recording Overflow beyond i64. */
export function floatToI64(v: f64): i64 {
  if (!(v >= -9223372036854775808.0 && v < 9223372036854775808.0)) {
    fail(ErrorCode.Overflow, `cannot convert float ${v} to a 64-bit integer`);
    return 0;
  }
  return <i64>v;
}

function integerOperand(e: ExprId, op: string): bool {
  if (e == NO_EXPR) return false;
  if (!isNumeric(e)) {
    raise(ErrorCode.InvalidArgument, `${op}: operands must be integer expressions`);
    return false;
  }
  return true;
}

/** IntTrueDiv(base, divisor): Python's int / int. Two integers fold to their Float quotient. */
export function intTrueDiv(base: ExprId, divisor: ExprId): ExprId {
  if (!integerOperand(base, "IntTrueDiv") || !integerOperand(divisor, "IntTrueDiv")) return NO_EXPR;
  if (divisor == ZERO) {
    raise(ErrorCode.ZeroDivision, "division by zero");
    return NO_EXPR;
  }
  const infinite = (e: ExprId): bool => e == INT_OO || e == NEG_INT_OO;
  if (infinite(base) || infinite(divisor)) {
    raise(ErrorCode.InvalidArgument, "IntTrueDiv with int_oo is not supported");
    return NO_EXPR;
  }
  if (kindOf(base) == Kind.Integer && kindOf(divisor) == Kind.Integer) {
    return floatConst(<f64>payloadOf(base) / <f64>payloadOf(divisor));
  }
  return intern(Kind.IntTrueDiv, 0, [base, divisor]);
}

/** ToFloat(x): float(x) of an integer expression; an integer folds to its Float. */
export function toFloat(x: ExprId): ExprId {
  if (!integerOperand(x, "ToFloat")) return NO_EXPR;
  if (x == INT_OO || x == NEG_INT_OO) {
    raise(ErrorCode.InvalidArgument, "ToFloat of int_oo is not supported");
    return NO_EXPR;
  }
  if (kindOf(x) == Kind.Integer) return floatConst(<f64>payloadOf(x));
  return intern(Kind.ToFloat, 0, [x]);
}

/** RoundToInt(x): Python's round(x) of a float (or integer) expression; numbers fold. */
export function roundToInt(x: ExprId): ExprId {
  if (x == NO_EXPR) return NO_EXPR;
  const k = kindOf(x);
  if (k == Kind.Integer || k == Kind.IntInfinity || k == Kind.NegIntInfinity) return x;
  if (k == Kind.Float) {
    const v = floatToI64(roundHalfEven(floatValue(x)));
    return integer(v);
  }
  if (!isFloatValued(x) && !isNumeric(x)) {
    raise(ErrorCode.InvalidArgument, "RoundToInt: the operand must be a number, not a boolean");
    return NO_EXPR;
  }
  return intern(Kind.RoundToInt, 0, [x]);
}

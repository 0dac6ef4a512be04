// The symbolic expression API of the core: hash-consed integer/boolean expressions in the
// canonical forms sympy gives the expressions PyTorch builds. Ids are u32; structurally equal
// expressions have the same id. Functions that fail on user input record an error
// (assembly/errors.ts) and return NO_EXPR (u32.MAX_VALUE).
import {
  ExprId, Kind, NO_EXPR, ZERO, ONE, MINUS_ONE, TRUE, FALSE, INT_OO, NEG_INT_OO,
  kindOf, argCount, argAt, argsOf, payloadOf, symbolName, symbolPositive, symbolInteger,
  internSymbol, isValid, nodeCount,
} from "./expr_store";
import { raise, ErrorCode } from "../errors";

export {
  ExprId, Kind, NO_EXPR, ZERO, ONE, MINUS_ONE, TRUE, FALSE, INT_OO, NEG_INT_OO,
  kindOf, argCount, argAt, argsOf, symbolName, isValid, nodeCount,
};
export { integer, add, sub, mul, neg, pow, isNumeric, termsOf, termCoeff, termMono } from "./expr_arith";
export { floorDiv, cleanDiv, mod, modularIndexing } from "./expr_div";
export { max, min, minMaxOf } from "./expr_minmax";
export { eq, ne, lt, le, gt, ge, and, or, not, isBoolean, isRelation } from "./expr_rel";
export { intTrueDiv, toFloat, roundToInt, floatConst, floatValue, isFloatValued, roundHalfEven } from "./expr_float";
export { construct, freeSymbols, substitute, evaluate, clearValues, setValue, evaluateBound, evaluateRealBound } from "./expr_subst";

/** Value of an Integer expression (0 for other kinds). */
export function intValue(e: ExprId): i64 {
  return kindOf(e) == Kind.Integer ? payloadOf(e) : 0;
}

/** The symbol `name` with sympy assumptions positive=True (when `positive`) and integer=True
 * (when `integer`); the same name and assumptions give the same id. */
export function symbol(name: string, positive: bool, integer: bool): ExprId {
  if (name.length == 0) {
    raise(ErrorCode.InvalidArgument, "a symbol needs a non-empty name");
    return NO_EXPR;
  }
  return internSymbol(name, positive, integer);
}

export function isPositive(e: ExprId): bool {
  return kindOf(e) == Kind.Symbol && symbolPositive(e);
}

export function isInteger(e: ExprId): bool {
  return kindOf(e) == Kind.Symbol && symbolInteger(e);
}

export function trueExpr(): ExprId { return TRUE; }
export function falseExpr(): ExprId { return FALSE; }
export function intInfinity(): ExprId { return INT_OO; }
export function negIntInfinity(): ExprId { return NEG_INT_OO; }

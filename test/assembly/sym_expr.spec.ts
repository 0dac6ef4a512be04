import {
  Kind, NO_EXPR, TRUE, FALSE, ZERO, ONE, kindOf, argCount, argAt, intValue, integer, symbol, symbolName,
  isPositive, isInteger, add, sub, mul, neg, pow, floorDiv, mod, cleanDiv, modularIndexing, max, min,
  eq, ne, lt, le, gt, ge, and, or, not, freeSymbols, substitute, evaluate, intInfinity, negIntInfinity,
} from "../../assembly/sym/expr";
import { toStr, toSrepr } from "../../assembly/sym/print";
import { parseStr, parseSrepr } from "../../assembly/sym/parse";
import { raise, lastErrorCode, takeErrorMessage, ErrorCode } from "../../assembly/errors";

function takeCode(): i32 {
  const c = lastErrorCode();
  takeErrorMessage();
  return c;
}

describe("hash-consing", () => {
  it("gives structurally equal expressions one id", () => {
    const x = symbol("s77", true, true);
    expect(symbol("s77", true, true)).toBe(x);
    expect(symbol("s77", false, true)).not.toBe(x);
    expect(add(x, integer(1))).toBe(add(integer(1), x));
    expect(mul(x, integer(2))).toBe(add(x, x));
    expect(integer(0)).toBe(ZERO);
    expect(integer(1)).toBe(ONE);
  });
});

describe("structure", () => {
  it("exposes kinds and arguments", () => {
    const x = symbol("s77", true, true);
    expect(kindOf(x)).toBe(Kind.Symbol);
    expect(symbolName(x)).toBe("s77");
    expect(isPositive(x)).toBe(true);
    expect(isInteger(x)).toBe(true);
    const e = mul(integer(3), x);
    expect(kindOf(e)).toBe(Kind.Mul);
    expect(argCount(e)).toBe(2);
    expect(intValue(argAt(e, 0))).toBe(3);
    expect(argAt(e, 1)).toBe(x);
    expect(kindOf(pow(x, 2))).toBe(Kind.Pow);
  });
});

describe("canonical forms", () => {
  it("folds and collects", () => {
    const x = symbol("s0", true, true);
    const y = symbol("s1", true, true);
    expect(sub(x, x)).toBe(ZERO);
    expect(mul(x, ONE)).toBe(x);
    expect(add(x, ZERO)).toBe(x);
    expect(neg(neg(x))).toBe(x);
    expect(toStr(mul(add(x, ONE), add(y, ONE)))).toBe("s0*s1 + s0 + s1 + 1");
    expect(toStr(pow(add(x, ONE), 2))).toBe("s0**2 + 2*s0 + 1");
    expect(pow(mul(x, y), 2)).toBe(mul(pow(x, 2), pow(y, 2)));
    expect(intValue(pow(integer(2), 10))).toBe(1024);
  });

  it("simplifies division the way PyTorch does", () => {
    const x = symbol("s0", true, true);
    expect(floorDiv(x, ONE)).toBe(x);
    expect(floorDiv(floorDiv(x, integer(2)), integer(3))).toBe(floorDiv(x, integer(6)));
    // (4*x + 2) // 4 == x + 2 // 4 == x
    expect(floorDiv(add(mul(integer(4), x), integer(2)), integer(4))).toBe(x);
    expect(mod(x, ONE)).toBe(ZERO);
    expect(toStr(cleanDiv(x, integer(3)))).toBe("(s0//3)");
    expect(toSrepr(cleanDiv(x, integer(3)))).toBe("CleanDiv(Symbol('s0', positive=True, integer=True), Integer(3))");
    expect(modularIndexing(x, ONE, ONE)).toBe(ZERO);
  });

  it("folds Max, Min and relations", () => {
    const x = symbol("s0", true, true);
    const u = symbol("u0", false, true);
    expect(max(x, ONE)).toBe(x);
    expect(min(x, ONE)).toBe(ONE);
    expect(toStr(max(u, ZERO))).toBe("Max(0, u0)");
    expect(eq(x, ZERO)).toBe(FALSE);
    expect(ge(x, ONE)).toBe(TRUE);
    expect(lt(x, intInfinity())).toBe(TRUE);
    expect(gt(negIntInfinity(), x)).toBe(FALSE);
    expect(kindOf(le(x, integer(5)))).toBe(Kind.Le);
    expect(not(ne(x, integer(4)))).toBe(eq(x, integer(4)));
    expect(and(TRUE, eq(x, integer(4)))).toBe(eq(x, integer(4)));
    expect(or(FALSE, FALSE)).toBe(FALSE);
    expect(and(gt(x, integer(2)), le(x, integer(2)))).toBe(FALSE);
  });
});

describe("symbols, substitution, evaluation", () => {
  it("sorts free symbols by name", () => {
    const a = symbol("s27", true, true);
    const b = symbol("s100", true, true);
    const syms = freeSymbols(add(a, mul(a, b)));
    expect(syms.length).toBe(2);
    expect(syms[0]).toBe(b);
    expect(syms[1]).toBe(a);
  });

  it("substitutes simultaneously", () => {
    const a = symbol("s0", true, true);
    const b = symbol("s1", true, true);
    expect(substitute(sub(a, b), [a, b], [b, a])).toBe(sub(b, a));
    expect(substitute(floorDiv(a, integer(2)), [a], [integer(9)])).toBe(integer(4));
  });

  it("evaluates and reports unknown symbols", () => {
    const a = symbol("s0", true, true);
    const u = symbol("u0", false, true);
    expect(evaluate(floorDiv(u, integer(2)), [u], [-3])).toBe(-2);
    expect(evaluate(ge(u, ZERO), [u], [-3])).toBe(0);
    expect(evaluate(add(a, u), [u], [1])).toBe(0);
    expect(takeCode()).toBe(ErrorCode.UnknownSymbol);
  });
});

describe("errors", () => {
  it("records instead of trapping", () => {
    const x = symbol("s0", true, true);
    expect(floorDiv(x, ZERO)).toBe(NO_EXPR);
    expect(takeCode()).toBe(ErrorCode.ZeroDivision);
    expect(mod(x, ZERO)).toBe(NO_EXPR);
    expect(takeCode()).toBe(ErrorCode.ZeroDivision);
    expect(add(integer(i64.MAX_VALUE), ONE)).toBe(NO_EXPR);
    expect(takeCode()).toBe(ErrorCode.Overflow);
    expect(add(x, TRUE)).toBe(NO_EXPR);
    expect(takeCode()).toBe(ErrorCode.InvalidArgument);
    expect(add(intInfinity(), negIntInfinity())).toBe(NO_EXPR);
    expect(takeCode()).toBe(ErrorCode.InvalidArgument);
    expect(add(NO_EXPR, x)).toBe(NO_EXPR);
  });

  it("keeps working while an unrelated error is pending", () => {
    const x = symbol("s0", true, true);
    raise(ErrorCode.GraphError, "unrelated");
    expect(toStr(add(mul(x, integer(3)), integer(1)))).toBe("3*s0 + 1");
    expect(intValue(floorDiv(integer(7), integer(2)))).toBe(3);
    expect(evaluate(mul(x, x), [x], [5])).toBe(25);
    expect(takeCode()).toBe(ErrorCode.GraphError);
  });
});

describe("parsing", () => {
  it("parses both printed forms to the same id", () => {
    const s = "(((s16 - 1)//2)) + 1";
    const e = parseStr(s);
    expect(toStr(e)).toBe(s);
    expect(parseSrepr(toSrepr(e))).toBe(e);
  });

  it("reports malformed input with its position", () => {
    expect(parseStr("s0 +* 2")).toBe(NO_EXPR);
    expect(lastErrorCode()).toBe(ErrorCode.Parse);
    expect(takeErrorMessage().includes("position 4")).toBe(true);
    expect(parseSrepr("Integer(1")).toBe(NO_EXPR);
    expect(takeCode()).toBe(ErrorCode.Parse);
    expect(parseSrepr("Integer(99999999999999999999)")).toBe(NO_EXPR);
    expect(takeCode()).toBe(ErrorCode.Overflow);
  });
});

// IntTrueDiv / ToFloat / RoundToInt / Float: construction and folding, evaluation with Python's
// round-half-even and true division, str/srepr and guard printing, parsing, value ranges.
import {
  integer, symbol, add, mul, ge, le, ne, and, intTrueDiv, toFloat, roundToInt, floatConst, floatValue,
  evaluate, substitute, roundHalfEven, kindOf, Kind, NO_EXPR, isFloatValued,
} from "../../assembly/sym/expr";
import { toStr, toSrepr } from "../../assembly/sym/print";
import { parseStr, parseSrepr } from "../../assembly/sym/parse";
import { pyPrint } from "../../assembly/sym/guard_print";
import { boundOf, assumedBound, ValueRange } from "../../assembly/sym/ranges";
import { floatToStr } from "../../assembly/sym/print_float";
import { lastErrorCode, takeErrorMessage, ErrorCode } from "../../assembly/errors";

const INF = i64.MAX_VALUE;

describe("round half to even", () => {
  it("rounds like Python's round()", () => {
    expect(roundHalfEven(2.5)).toBe(2.0);
    expect(roundHalfEven(3.5)).toBe(4.0);
    expect(roundHalfEven(0.5)).toBe(0.0);
    expect(roundHalfEven(1.5)).toBe(2.0);
    expect(roundHalfEven(-2.5)).toBe(-2.0);
    expect(roundHalfEven(-3.5)).toBe(-4.0);
    expect(roundHalfEven(2.4999)).toBe(2.0);
    expect(roundHalfEven(2.5001)).toBe(3.0);
  });
});

describe("construction", () => {
  it("folds numbers and keeps symbols", () => {
    const s = symbol("s77", true, true);
    expect(floatValue(intTrueDiv(integer(3), integer(2)))).toBe(1.5);
    expect(kindOf(intTrueDiv(integer(6), integer(3)))).toBe(Kind.Float);
    expect(roundToInt(intTrueDiv(integer(5), integer(2)))).toBe(integer(2));
    expect(roundToInt(intTrueDiv(integer(7), integer(2)))).toBe(integer(4));
    expect(roundToInt(intTrueDiv(integer(3), integer(2)))).toBe(integer(2));
    expect(roundToInt(integer(3))).toBe(integer(3));
    expect(toFloat(integer(3))).toBe(floatConst(3.0));
    const r = roundToInt(intTrueDiv(s, integer(2)));
    expect(kindOf(r)).toBe(Kind.RoundToInt);
    expect(isFloatValued(intTrueDiv(s, integer(2)))).toBe(true);
    // RoundToInt is an integer: it takes part in arithmetic and relations.
    expect(toStr(add(r, integer(1)))).toBe("RoundToInt(IntTrueDiv(s77, 2)) + 1");
    expect(intTrueDiv(s, integer(0))).toBe(NO_EXPR);
    expect(lastErrorCode()).toBe(ErrorCode.ZeroDivision);
    expect(takeErrorMessage()).toBe("division by zero");
    // Floats are not integers.
    expect(add(intTrueDiv(s, integer(2)), integer(1))).toBe(NO_EXPR);
    takeErrorMessage();
  });
});

describe("evaluation", () => {
  it("substitutes and evaluates with round half to even", () => {
    const s = symbol("s77", true, true);
    const r = roundToInt(intTrueDiv(s, integer(2)));
    expect(evaluate(r, [s], [3])).toBe(2);
    expect(evaluate(r, [s], [5])).toBe(2);
    expect(evaluate(r, [s], [7])).toBe(4);
    expect(evaluate(r, [s], [-5])).toBe(-2);
    expect(substitute(r, [s], [integer(5)])).toBe(integer(2));
    expect(substitute(r, [s], [integer(9)])).toBe(integer(4));
    expect(evaluate(ne(r, integer(1)), [s], [3])).toBe(1);
    expect(evaluate(roundToInt(toFloat(s)), [s], [11])).toBe(11);
  });
});

describe("printing", () => {
  it("prints sympy str and srepr", () => {
    const s = symbol("s77", true, true);
    const r = roundToInt(intTrueDiv(s, integer(2)));
    expect(toStr(r)).toBe("RoundToInt(IntTrueDiv(s77, 2))");
    expect(toStr(toFloat(s))).toBe("ToFloat(s77)");
    expect(toSrepr(r)).toBe("RoundToInt(IntTrueDiv(Symbol('s77', positive=True, integer=True), Integer(2)))");
    expect(toStr(mul(integer(2), r))).toBe("2*RoundToInt(IntTrueDiv(s77, 2))");
    expect(toStr(floatConst(1.5))).toBe("1.50000000000000");
    expect(toSrepr(floatConst(1.5))).toBe("Float('1.5', precision=53)");
    expect(floatToStr(1.5, 15, true)).toBe("1.5");
    expect(floatToStr(100.0, 15, false)).toBe("100.000000000000");
    expect(floatToStr(1e20, 15, false)).toBe("1.00000000000000e+20");
    expect(floatToStr(0.001, 15, true)).toBe("0.001");
  });

  it("prints guards as PyTorch's ShapeGuardPythonPrinter", () => {
    const s = symbol("s77", true, true);
    const r = roundToInt(intTrueDiv(s, integer(2)));
    const names = ["L['x'].size()[0]"];
    expect(pyPrint(r, [s], names)).toBe("round(L['x'].size()[0] / 2)");
    expect(pyPrint(and(ge(r, integer(0)), le(r, s)), [s], names)).toBe(
      "round(L['x'].size()[0] / 2) >= 0 and round(L['x'].size()[0] / 2) <= L['x'].size()[0]",
    );
    expect(pyPrint(ne(r, integer(1)), [s], names)).toBe("round(L['x'].size()[0] / 2) != 1");
    expect(pyPrint(roundToInt(intTrueDiv(add(s, integer(1)), integer(2))), [s], names)).toBe("round((1 + L['x'].size()[0]) / 2)");
    expect(pyPrint(toFloat(s), [s], names)).toBe("torch.sym_float(L['x'].size()[0])");
  });

  it("parses what it prints", () => {
    const s = symbol("s77", true, true);
    const r = roundToInt(intTrueDiv(s, integer(2)));
    expect(parseStr("RoundToInt(IntTrueDiv(s77, 2))")).toBe(r);
    expect(parseSrepr(toSrepr(r))).toBe(r);
    expect(parseStr("ToFloat(s77)")).toBe(toFloat(s));
    expect(parseStr("1.50000000000000")).toBe(floatConst(1.5));
    expect(parseSrepr("Float('1.5', precision=53)")).toBe(floatConst(1.5));
    expect(parseStr("RoundToInt(IntTrueDiv(5, 2))")).toBe(integer(2));
  });
});

describe("value ranges", () => {
  it("propagates through true division and rounding", () => {
    const s = symbol("s77", true, true);
    const r = roundToInt(intTrueDiv(s, integer(2)));
    expect(boundOf(r, [s], [ValueRange.of(2, INF)]).toString()).toBe("VR[1, int_oo]");
    expect(boundOf(r, [s], [ValueRange.of(3, 9)]).toString()).toBe("VR[2, 4]");
    expect(boundOf(r, [s], [ValueRange.of(5, 5)]).toString()).toBe("VR[2, 2]");
    // A float range is held as the integer range enclosing it.
    expect(boundOf(intTrueDiv(s, integer(2)), [s], [ValueRange.of(3, 7)]).toString()).toBe("VR[1, 4]");
    // Divisor range holding 0: unknown.
    const t = symbol("u0", false, true);
    expect(boundOf(roundToInt(intTrueDiv(s, t)), [s, t], [ValueRange.of(2, 4), ValueRange.of(-1, 1)]).toString()).toBe("VR[-int_oo, int_oo]");
    // sympy's assumptions know RoundToInt is an integer, nothing about its sign.
    expect(assumedBound(r).toString()).toBe("VR[-int_oo, int_oo]");
    expect(kindOf(ge(r, integer(0)))).toBe(Kind.Ge);
  });
});

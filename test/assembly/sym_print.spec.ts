import { integer, symbol, add, sub, mul, neg, pow, floorDiv, mod, max, min, eq, ne, le, gt, and, not, intInfinity, negIntInfinity, TRUE, FALSE } from "../../assembly/sym/expr";
import { toStr, toSrepr } from "../../assembly/sym/print";
import { compareSortKey } from "../../assembly/sym/print_order";

const S16 = "Symbol('s16', positive=True, integer=True)";

describe("str", () => {
  it("prints PyTorch sizes", () => {
    const s16 = symbol("s16", true, true);
    const s77 = symbol("s77", true, true);
    const s27 = symbol("s27", true, true);
    expect(toStr(mul(integer(2), s16))).toBe("2*s16");
    expect(toStr(mul(s77, s27))).toBe("s27*s77");
    expect(toStr(add(s77, integer(1)))).toBe("s77 + 1");
    expect(toStr(floorDiv(s77, integer(2)))).toBe("(s77//2)");
    expect(toStr(add(floorDiv(sub(s16, integer(1)), integer(2)), integer(1)))).toBe("(((s16 - 1)//2)) + 1");
    expect(toStr(mul(integer(2), floorDiv(s77, integer(2))))).toBe("2*((s77//2))");
    expect(toStr(neg(floorDiv(s77, integer(2))))).toBe("-((s77//2))");
    expect(toStr(pow(floorDiv(s77, integer(2)), 2))).toBe("((s77//2))**2");
    expect(toStr(floorDiv(mul(integer(2), s77), integer(3)))).toBe("((2*s77)//3)");
    expect(toStr(floorDiv(s77, integer(-3)))).toBe("(s77//(-3))");
  });

  it("prints guards and constants", () => {
    const s77 = symbol("s77", true, true);
    const s27 = symbol("s27", true, true);
    expect(toStr(eq(mod(mul(s27, s77), sub(s77, integer(1))), integer(0)))).toBe("Eq(Mod(s27*s77, s77 - 1), 0)");
    expect(toStr(ne(s77, integer(4)))).toBe("Ne(s77, 4)");
    expect(toStr(le(s77, integer(1024)))).toBe("s77 <= 1024");
    expect(toStr(not(gt(s77, integer(2))))).toBe("s77 <= 2");
    expect(toStr(and(gt(s77, integer(2)), le(s77, integer(1024))))).toBe("(s77 <= 1024) & (s77 > 2)");
    expect(toStr(max(integer(1), sub(s77, integer(3))))).toBe("Max(1, s77 - 3)");
    expect(toStr(min(s77, s27))).toBe("Min(s27, s77)");
    expect(toStr(intInfinity())).toBe("int_oo");
    expect(toStr(negIntInfinity())).toBe("-int_oo");
    expect(toStr(TRUE)).toBe("True");
    expect(toStr(FALSE)).toBe("False");
    expect(toStr(integer(-5))).toBe("-5");
  });

  it("orders Add terms as sympy", () => {
    const a = symbol("s0", true, true);
    const b = symbol("s1", true, true);
    expect(toStr(sub(integer(1), a))).toBe("1 - s0");
    expect(toStr(sub(integer(1), mul(a, b)))).toBe("-s0*s1 + 1");
    expect(toStr(sub(b, a))).toBe("-s0 + s1");
    expect(toStr(add(add(pow(a, 2), b), integer(3)))).toBe("s0**2 + s1 + 3");
    expect(toStr(add(floorDiv(a, integer(2)), a))).toBe("s0 + ((s0//2))");
  });
});

describe("srepr", () => {
  it("prints PyTorch's expr_str", () => {
    const s16 = symbol("s16", true, true);
    const u0 = symbol("u0", false, true);
    expect(toSrepr(add(mul(integer(2), s16), integer(1)))).toBe("Add(Mul(Integer(2), " + S16 + "), Integer(1))");
    expect(toSrepr(u0)).toBe("Symbol('u0', integer=True)");
    expect(toSrepr(symbol("x", false, false))).toBe("Symbol('x')");
    expect(toSrepr(neg(s16))).toBe("Mul(Integer(-1), " + S16 + ")");
    expect(toSrepr(TRUE)).toBe("true");
    expect(toSrepr(gt(s16, integer(2)))).toBe("StrictGreaterThan(" + S16 + ", Integer(2))");
    expect(toSrepr(eq(u0, integer(1)))).toBe("Equality(Symbol('u0', integer=True), Integer(1))");
  });
});

describe("sort keys", () => {
  it("orders numbers, symbols, then functions", () => {
    const a = symbol("s0", true, true);
    const b = symbol("s10", true, true);
    expect(compareSortKey(integer(5), a)).toBeLessThan(0);
    expect(compareSortKey(b, symbol("s9", true, true))).toBeLessThan(0);
    expect(compareSortKey(a, mul(integer(2), a))).toBeLessThan(0);
    expect(compareSortKey(a, pow(a, 2))).toBeLessThan(0);
    expect(compareSortKey(pow(a, 2), floorDiv(a, integer(2)))).toBeLessThan(0);
    expect(compareSortKey(floorDiv(a, integer(2)), floorDiv(a, integer(2)))).toBe(0);
  });
});

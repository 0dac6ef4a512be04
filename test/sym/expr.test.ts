// The Expr handle: canonical forms and printing as sympy/PyTorch produce them, errors as typed
// exceptions. Expected strings are PyTorch 2.11 output (sizes, guards, range constraints).
import { describe, it, expect } from "vitest";
import { Expr, ExprKind } from "../../src/core/expr.js";
import {
  ExprParseError, InvalidArgumentError, OverflowError, UnknownSymbolError, ZeroDivisionError, Pt2jsError,
} from "../../src/core/errors.js";

const s77 = () => Expr.symbol("s77");
const s27 = () => Expr.symbol("s27");
const s16 = () => Expr.symbol("s16");
const u0 = () => Expr.symbol("u0", { positive: false });

describe("construction and printing", () => {
  it("prints sizes like PyTorch", () => {
    expect(s77().add(1).toString()).toBe("s77 + 1");
    expect(s16().mul(2).toString()).toBe("2*s16");
    expect(s77().mul(s27()).toString()).toBe("s27*s77");
    expect(s77().floordiv(2).toString()).toBe("(s77//2)");
    expect(s16().sub(1).floordiv(2).add(1).toString()).toBe("(((s16 - 1)//2)) + 1");
    expect(s77().floordiv(2).mul(2).toString()).toBe("2*((s77//2))");
    expect(Expr.int(8).min(s27().mul(8)).toString()).toBe("Min(8, 8*s27)");
  });

  it("prints srepr like PyTorch's serializer", () => {
    expect(s16().mul(2).add(1).srepr()).toBe(
      "Add(Mul(Integer(2), Symbol('s16', positive=True, integer=True)), Integer(1))",
    );
    expect(u0().ge(0).srepr()).toBe("GreaterThan(Symbol('u0', integer=True), Integer(0))");
    expect(s77().pow(2).srepr()).toBe("Pow(Symbol('s77', positive=True, integer=True), Integer(2))");
  });

  it("orders terms as sympy prints them", () => {
    expect(Expr.int(1).sub(s77()).toString()).toBe("1 - s77");
    expect(Expr.int(1).sub(s77().mul(2)).toString()).toBe("1 - 2*s77");
    expect(s27().sub(s77()).toString()).toBe("s27 - s77");
    expect(s77().sub(1).toString()).toBe("s77 - 1");
    expect(s77().neg().toString()).toBe("-s77");
    expect(s77().pow(2).mul(s27()).sub(3).toString()).toBe("s27*s77**2 - 3");
    // Symbols compare as strings: s100 sorts before s27.
    expect(Expr.symbol("s100").add(s27()).toString()).toBe("s100 + s27");
  });

  it("expands products of sums into one canonical form", () => {
    const a = s77().add(1).mul(s27().add(1));
    expect(a.toString()).toBe("s27*s77 + s27 + s77 + 1");
    expect(s77().add(1).mul(s77().add(1))).toBe(s77().pow(2).add(s77().mul(2)).add(1));
    expect(s77().sub(s77())).toBe(Expr.int(0));
    expect(s77().mul(1)).toBe(s77());
  });

  it("hash-conses: equal expressions are the same object", () => {
    expect(Expr.parse("s77 + 1")).toBe(s77().add(1));
    expect(Expr.fromId(s77().id)).toBe(s77());
    expect(Expr.symbol("s77", { positive: false })).not.toBe(s77());
  });

  it("exposes structure", () => {
    const e = s77().mul(2).add(1);
    expect(e.kind).toBe(ExprKind.Add);
    expect(e.args.map(String).sort()).toEqual(["1", "2*s77"]);
    expect(Expr.int(5).intValue()).toBe(5);
    expect(s77().symbolName).toBe("s77");
  });
});

describe("FloorDiv, Mod, ModularIndexing simplifications", () => {
  it("follows FloorDiv.eval", () => {
    expect(s77().floordiv(1)).toBe(s77());
    expect(s77().floordiv(-1)).toBe(s77().neg());
    expect(Expr.int(7).floordiv(-2).intValue()).toBe(-4);
    expect(s77().floordiv(2).floordiv(3)).toBe(s77().floordiv(6));
    // PyTorch merges nested FloorDiv whatever the divisor's sign (it only builds positive ones).
    expect(s77().floordiv(2).floordiv(-3)).toBe(s77().floordiv(-6));
    expect(s77().mul(2).add(3).floordiv(2)).toBe(s77().add(1));
    expect(s77().mul(4).floordiv(6).toString()).toBe("((2*s77)//3)");
    expect(s77().mul(s27()).floordiv(s77())).toBe(s27());
    expect(Expr.int(0).floordiv(s77())).toBe(Expr.int(0));
  });

  it("follows Mod.eval", () => {
    expect(s77().mod(1)).toBe(Expr.int(0));
    expect(s77().mod(s77())).toBe(Expr.int(0));
    expect(s77().mul(2).mod(2)).toBe(Expr.int(0));
    expect(s77().mul(2).add(1).mod(2)).toBe(Expr.int(1));
    expect(s77().mul(s27()).mod(s77())).toBe(Expr.int(0));
    expect(Expr.int(-7).mod(3).intValue()).toBe(2);
    expect(s77().mod(s77().add(1))).toBe(s77());
    expect(s27().mul(s77()).mod(s77().sub(1)).eq(0).toString()).toBe("Eq(Mod(s27*s77, s77 - 1), 0)");
  });

  it("follows ModularIndexing.eval", () => {
    expect(s77().modularIndexing(1, 1)).toBe(Expr.int(0));
    expect(Expr.int(17).modularIndexing(2, 5).intValue()).toBe(3);
    expect(s77().mul(4).modularIndexing(2, 8)).toBe(s77().mul(2).modularIndexing(1, 8));
    expect(s77().add(s27().mul(16)).modularIndexing(2, 8)).toBe(s77().modularIndexing(2, 8));
    expect(s77().floordiv(2).modularIndexing(3, 4)).toBe(s77().modularIndexing(6, 4));
    expect(s77().modularIndexing(2, 8).toString()).toBe("ModularIndexing(s77, 2, 8)");
  });
});

describe("Max and Min", () => {
  it("uses positivity and folds constants", () => {
    expect(s77().max(1)).toBe(s77());
    expect(s77().min(1)).toBe(Expr.int(1));
    expect(u0().max(0).toString()).toBe("Max(0, u0)");
    expect(u0().max(3).max(5).toString()).toBe("Max(5, u0)");
    expect(s77().max(s27()).max(s77())).toBe(s77().max(s27()));
    expect(s77().max(s27()).toString()).toBe("Max(s27, s77)");
    expect(Expr.int(3).max(8).intValue()).toBe(8);
  });
});

describe("relations and booleans", () => {
  it("prints guards like PyTorch", () => {
    expect(s77().eq(4).toString()).toBe("Eq(s77, 4)");
    expect(s77().le(1024).toString()).toBe("s77 <= 1024");
    expect(s77().gt(2).toString()).toBe("s77 > 2");
    expect(u0().eq(1).toString()).toBe("Eq(u0, 1)");
    expect(s77().ne(s27()).toString()).toBe("Ne(s77, s27)");
    // Relational parenthesizes operands of precedence <= its own (35), as FloorDiv's is.
    expect(s77().floordiv(2).le(5).toString()).toBe("((s77//2)) <= 5");
  });

  it("folds relations the assumptions decide", () => {
    expect(s77().eq(0)).toBe(Expr.false());
    expect(s77().ge(1)).toBe(Expr.true());
    expect(s77().gt(0)).toBe(Expr.true());
    expect(s77().add(1).ne(s77())).toBe(Expr.true());
    expect(s77().lt(s77())).toBe(Expr.false());
    expect(u0().ge(0).kind).toBe(ExprKind.Ge);
    // sympy knows nothing of FloorDiv's sign, so this stays a relation (unlike boundSympy).
    expect(s77().floordiv(2).ge(0).toString()).toBe("((s77//2)) >= 0");
    expect(s77().mod(3).ge(0)).toBe(Expr.true());
  });

  it("negates and combines", () => {
    expect(s77().eq(4).not()).toBe(s77().ne(4));
    expect(s77().lt(5).not().toString()).toBe("s77 >= 5");
    const both = s77().gt(2).and(s77().le(1024));
    expect(both.toString()).toBe("(s77 <= 1024) & (s77 > 2)");
    expect(both.and(Expr.true())).toBe(both);
    expect(s77().eq(4).and(s77().ne(4))).toBe(Expr.false());
    expect(s77().eq(4).or(s77().ne(4))).toBe(Expr.true());
  });
});

describe("int_oo", () => {
  it("absorbs finite arithmetic and prints as PyTorch", () => {
    expect(Expr.intOo().toString()).toBe("int_oo");
    expect(Expr.intOo().neg().toString()).toBe("-int_oo");
    expect(Expr.intOo().add(5)).toBe(Expr.intOo());
    expect(Expr.intOo().mul(-2)).toBe(Expr.negIntOo());
    expect(Expr.parse("-int_oo")).toBe(Expr.negIntOo());
    expect(s77().lt(Expr.intOo())).toBe(Expr.true());
  });
  it("refuses undefined forms", () => {
    expect(() => Expr.intOo().add(Expr.negIntOo())).toThrow(InvalidArgumentError);
  });
});

describe("substitution, free symbols, evaluation", () => {
  it("substitutes simultaneously and re-canonicalizes", () => {
    const e = s77().sub(s27());
    // s77 - s27 with the two swapped is s27 - s77 (a sequential substitution would give 0).
    expect(e.subs([[s77(), s27()], [s27(), s77()]]).toString()).toBe("s27 - s77");
    expect(s16().sub(1).floordiv(2).subs([[s16(), 9]])).toBe(Expr.int(4));
    expect(s77().add(1).eq(5).subs([[s77(), 4]])).toBe(Expr.true());
  });

  it("lists free symbols by name", () => {
    const e = s77().mul(s27()).add(Expr.symbol("s100"));
    expect(e.freeSymbols().map((s) => s.symbolName)).toEqual(["s100", "s27", "s77"]);
  });

  it("evaluates with Python semantics", () => {
    const x = u0();
    expect(x.floordiv(2).evaluate([[x, -3]])).toBe(-2);
    expect(x.modularIndexing(1, 4).evaluate([[x, -3]])).toBe(1);
    expect(x.ge(0).evaluate([[x, -3]])).toBe(0);
    expect(s77().mul(s27()).add(1).evaluate([[s77(), 6], [s27(), 7]])).toBe(43);
  });
});

describe("errors are typed, never traps", () => {
  it("division and modulo by zero", () => {
    expect(() => s77().floordiv(0)).toThrow(ZeroDivisionError);
    expect(() => s77().mod(0)).toThrow(ZeroDivisionError);
    expect(() => u0().floordiv(s27().sub(s27()))).toThrow(ZeroDivisionError);
    expect(() => u0().floordiv(s77()).evaluate([[u0(), 1], [s77(), 0]])).toThrow(ZeroDivisionError);
  });

  it("overflow beyond 64 bits", () => {
    const big = Expr.int(2n ** 63n - 1n);
    expect(big.toString()).toBe("9223372036854775807");
    expect(big.bigintValue()).toBe(2n ** 63n - 1n);
    expect(Expr.int(-(2n ** 63n)).bigintValue()).toBe(-(2n ** 63n));
    expect(() => Expr.int(2n ** 63n)).toThrow(OverflowError);
    expect(() => big.intValue()).toThrow(OverflowError);
    expect(() => big.add(1)).toThrow(OverflowError);
    expect(() => Expr.int(2n ** 40n).mul(2n ** 40n)).toThrow(OverflowError);
    expect(() => Expr.parse("99999999999999999999")).toThrow(OverflowError);
    expect(() => s77().pow(40).evaluate([[s77(), 3]])).toThrow(OverflowError);
  });

  it("unknown symbols in evaluate", () => {
    expect(() => s77().add(s27()).evaluate([[s77(), 1]])).toThrow(UnknownSymbolError);
    expect(() => s77().add(s27()).evaluate([[s77(), 1]])).toThrow(/s27/);
  });

  it("malformed text names the position", () => {
    expect(() => Expr.parse("2 +")).toThrow(ExprParseError);
    expect(() => Expr.parse("2 +")).toThrow(/position 3/);
    expect(() => Expr.parse("s77 )")).toThrow(/position 4/);
    expect(() => Expr.parse("Foo(s77)")).toThrow(/unknown function 'Foo'/);
    expect(() => Expr.parseSrepr("Add(Integer(1), Symbol('x'")).toThrow(ExprParseError);
    expect(() => Expr.parseSrepr("Bogus(Integer(1))")).toThrow(/unknown expression class 'Bogus'/);
    expect(() => Expr.parseSrepr("Symbol('x', real=True)")).toThrow(/unsupported symbol assumption/);
    expect(() => Expr.parse("(".repeat(5000))).toThrow(ExprParseError);
  });

  it("misuse of kinds and ids", () => {
    expect(() => s77().add(Expr.true())).toThrow(InvalidArgumentError);
    expect(() => s77().and(s27())).toThrow(InvalidArgumentError);
    expect(() => Expr.fromId(1e9)).toThrow(InvalidArgumentError);
    expect(() => s77().pow(-1)).toThrow(InvalidArgumentError);
    expect(() => Expr.int(0.5)).toThrow(Pt2jsError);
    expect(() => Expr.symbol("")).toThrow(InvalidArgumentError);
  });

  it("leaves no error pending after a failure", () => {
    expect(() => s77().floordiv(0)).toThrow(ZeroDivisionError);
    expect(s77().add(2).toString()).toBe("s77 + 2");
  });
});

describe("resource bounds", () => {
  it("refuses expressions nested too deeply instead of exhausting the stack", () => {
    let e = s77();
    expect(() => {
      for (let i = 0; i < 2000; i++) e = e.mod(7).add(s27());
    }).toThrow(/nested deeper than 512 levels/);
    // What was built up to the limit still prints and evaluates.
    expect(e.toString().length).toBeGreaterThan(1000);
    expect(Number.isInteger(e.evaluate([[s77(), 3], [s27(), 5]]))).toBe(true);
  });

  it("bounds huge powers without looping over the exponent", () => {
    const e = s77().pow(1e12);
    expect(e.toString()).toBe("s77**1000000000000");
    expect(e.ge(1)).toBe(Expr.true());
  });

  it("handles the most negative coefficient", () => {
    const min = Expr.parseSrepr("Integer(-9223372036854775808)");
    const e = min.mul(s77());
    expect(e.toString()).toBe("-9223372036854775808*s77");
    expect(() => e.mod(-1)).not.toThrow();
    expect(() => e.neg()).toThrow(OverflowError);
  });

  it("refuses products that expand to too many terms", () => {
    const syms = Array.from({ length: 12 }, (_, i) => Expr.symbol(`s${i + 200}`));
    const sum = syms.reduce((a, b) => a.add(b));
    expect(() => sum.pow(4)).toThrow(/terms/);
    expect(sum.pow(2).args.length).toBe(78);
  });
});

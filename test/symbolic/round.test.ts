// Symbolic true division and round(): SymInt.truediv -> SymFloat (IntTrueDiv), SymFloat.round() /
// torch.sym_round -> SymInt (RoundToInt, halfway cases to even), torch.sym_float (ToFloat).
import { describe, it, expect } from "vitest";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { Expr, ExprKind } from "../../src/core/expr.js";
import { ZeroDivisionError } from "../../src/core/errors.js";
import { SymInt, SymBool, SymFloat, sym_round, sym_float } from "../../src/symbolic/index.js";
import { torch } from "../../src/torch.js";

function setup(hint: number): { env: ShapeEnv; s: SymInt } {
  const env = new ShapeEnv();
  const s = SymInt.of(env, env.createSymbol("L['x'].size()[0]", hint)) as SymInt;
  return { env, s };
}

describe("eager values (static sizes)", () => {
  it("divides and rounds like Python", () => {
    expect(SymFloat.trueDiv(3, 2)).toBe(1.5);
    expect(sym_round(SymFloat.trueDiv(3, 2))).toBe(2);
    expect(torch.sym_round(SymFloat.trueDiv(5, 2))).toBe(2); // round(2.5) == 2
    expect(torch.sym_round(SymFloat.trueDiv(7, 2))).toBe(4); // round(3.5) == 4
    expect(sym_round(-2.5)).toBe(-2);
    expect(sym_round(0.5)).toBe(0);
    expect(sym_round(2.6)).toBe(3);
    expect(torch.sym_float(3)).toBe(3);
    expect(() => SymFloat.trueDiv(3, 0)).toThrow(ZeroDivisionError);
  });
});

describe("symbolic sizes", () => {
  it("stay symbolic through / and round() without guarding", () => {
    const { env, s } = setup(3);
    const f = s.truediv(2) as SymFloat;
    expect(f).toBeInstanceOf(SymFloat);
    expect(String(f)).toBe("IntTrueDiv(s77, 2)");
    expect(f.hint).toBe(1.5);
    const r = torch.sym_round(f) as SymInt;
    expect(r).toBeInstanceOf(SymInt);
    expect(String(r)).toBe("RoundToInt(IntTrueDiv(s77, 2))");
    expect(r.hint).toBe(2);
    expect(String(r.add(1))).toBe("RoundToInt(IntTrueDiv(s77, 2)) + 1");
    expect(String(SymFloat.trueDiv(6, s))).toBe("IntTrueDiv(6, s77)");
    expect(String(sym_float(s))).toBe("ToFloat(s77)");
    expect(env.guards).toHaveLength(0);
    env.free();
  });

  it("round() of a half rounds to even in hints", () => {
    const { env, s } = setup(5);
    expect((s.truediv(2) as SymFloat).round().valueOf()).toBe(2);
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["Eq(RoundToInt(IntTrueDiv(s77, 2)), 2)"]);
    env.free();
    const b = setup(7);
    expect(((b.s.truediv(2) as SymFloat).round() as SymInt).hint).toBe(4);
    b.env.free();
  });

  it("round() knows its range: round(s77/2) >= 1 needs no guard", () => {
    const { env, s } = setup(3);
    const r = (s.truediv(2) as SymFloat).round() as SymInt;
    // sympy cannot fold it (RoundToInt's sign is unknown to assumptions); the ranges decide it.
    const ge1 = r.ge(1) as SymBool;
    expect(ge1).toBeInstanceOf(SymBool);
    expect(ge1.staticallyKnownTrue()).toBe(true);
    expect(ge1.guard()).toBe(true);
    expect((r.le(s) as SymBool).staticallyKnownTrue()).toBe(false);
    expect(env.guards).toHaveLength(0);
    env.free();
  });

  it("using a SymFloat as a number specializes its sizes, as float() does", () => {
    const { env, s } = setup(6);
    const f = s.truediv(4) as SymFloat;
    expect(Number(f)).toBe(1.5);
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["Eq(s77, 6)"]);
    env.free();
  });

  it("refuses division by zero; a float divisor specializes", () => {
    const { env, s } = setup(6);
    expect(() => s.truediv(0)).toThrow(ZeroDivisionError);
    expect(s.truediv(2.5)).toBe(2.4);
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["Eq(s77, 6)"]);
    env.free();
  });
});

describe("Expr", () => {
  it("builds, prints, parses and evaluates IntTrueDiv / RoundToInt / ToFloat", () => {
    const s = Expr.symbol("s77");
    const r = s.truediv(2).roundToInt();
    expect(r.kind).toBe(ExprKind.RoundToInt);
    expect(r.toString()).toBe("RoundToInt(IntTrueDiv(s77, 2))");
    expect(r.srepr()).toBe("RoundToInt(IntTrueDiv(Symbol('s77', positive=True, integer=True), Integer(2)))");
    expect(Expr.parse(r.toString())).toBe(r);
    expect(Expr.parseSrepr(r.srepr())).toBe(r);
    expect(r.evaluate([[s, 5]])).toBe(2);
    expect(r.evaluate([[s, 7]])).toBe(4);
    expect(s.truediv(2).evaluateFloat([[s, 5]])).toBe(2.5);
    expect(Expr.int(7).truediv(2).floatValue()).toBe(3.5);
    expect(Expr.int(7).truediv(2).toString()).toBe("3.50000000000000");
    expect(r.subs([[s, 9]])).toBe(Expr.int(4));
    expect(s.toFloat().toString()).toBe("ToFloat(s77)");
  });
});

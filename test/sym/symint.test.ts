// SymInt / SymBool / SymFloat and the Size helpers: symbolic arithmetic, folding to numbers,
// specialization on number conversion (with the user's source line), and plain-number paths.
import { describe, it, expect } from "vitest";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { InvalidArgumentError, ZeroDivisionError } from "../../src/core/errors.js";
import {
  SymInt, SymBool, SymFloat, guardBool, isSymbolic, sizeAdd, sizeSub, sizeMul, sizeFloorDiv, sizeMod,
  sizeEq, sizeNe, sizeLt, sizeLe, sizeGt, sizeGe, sizeMax, sizeMin, sizeToString, guardSize, sizeHint,
  sizeProduct, sizeNeg, type Size,
} from "../../src/symbolic/index.js";

function setup(hint = 8): { env: ShapeEnv; s: SymInt } {
  const env = new ShapeEnv();
  const s = SymInt.of(env, env.createSymbol("L['x'].size()[0]", hint)) as SymInt;
  return { env, s };
}

describe("SymInt", () => {
  it("stays symbolic through arithmetic and prints the sympy str", () => {
    const { env, s } = setup();
    expect(String(s.mul(2))).toBe("2*s77");
    expect(String(s.add(1))).toBe("s77 + 1");
    expect(String(s.sub(1))).toBe("s77 - 1");
    expect(String(s.floordiv(2))).toBe("(s77//2)");
    expect(String(s.max(1))).toBe("s77");
    expect(`${s.mul(3)}`).toBe("3*s77"); // template strings print, they do not specialize
    expect(env.guards).toHaveLength(0);
    env.free();
  });

  it("folds to plain numbers when the result is static", () => {
    const { env, s } = setup();
    expect(s.sub(s)).toBe(0);
    expect(s.mod(1)).toBe(0);
    expect(s.mul(0)).toBe(0);
    expect(s.ge(1)).toBe(true); // sympy folds it from the positive assumption
    // Ranges do not fold expressions (sympy does not know them); deciding uses them without a guard.
    const eq1 = s.eq(1);
    expect(eq1).toBeInstanceOf(SymBool);
    expect(guardBool(eq1)).toBe(false);
    expect(env.guards).toHaveLength(0);
    env.free();
  });

  it("specializes on number conversion, recording a guard with the user's line", () => {
    const { env, s } = setup(6);
    const doubled = s.mul(2) as SymInt;
    expect(Number(doubled)).toBe(12);
    expect(env.guards).toHaveLength(1);
    expect(env.guards[0].expr.toString()).toBe("Eq(2*s77, 12)");
    expect(env.guards[0].sloc).toMatch(/symint\.test\.ts:\d+ in /);
    expect(+s).toBe(6); // already specialized: s77 := 6
    expect(SymInt.of(env, s.expr)).toBe(6);
    env.free();
  });

  it("knows its hint without guarding", () => {
    const { env, s } = setup(5);
    expect((s.mul(3) as SymInt).hint).toBe(15);
    expect(env.guards).toHaveLength(0);
    const u = SymInt.of(env, env.createUnbacked()) as SymInt;
    expect(u.hint).toBeNull();
    env.free();
  });

  it("refuses to mix environments", () => {
    const a = setup();
    const b = setup();
    expect(() => a.s.add(b.s)).toThrow(InvalidArgumentError);
    a.env.free();
    b.env.free();
  });
});

describe("SymBool", () => {
  it("is never implicitly truthy: guard() decides it and records the guard", () => {
    const { env, s } = setup(6);
    const b = s.gt(4) as SymBool;
    expect(b).toBeInstanceOf(SymBool);
    expect(() => b.valueOf()).toThrow(InvalidArgumentError);
    expect(String(b)).toBe("s77 > 4");
    expect(b.guard()).toBe(true);
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["s77 > 4"]);
    expect(guardBool(s.gt(4))).toBe(true); // now static
    expect(env.guards).toHaveLength(1);
    expect((s.lt(100) as SymBool).staticallyKnownTrue()).toBe(false);
    env.free();
  });

  it("combines with and/or/not", () => {
    const { env, s } = setup(6);
    const a = s.lt(10) as SymBool;
    expect(a.and(true)).toBe(a);
    expect(a.and(false)).toBe(false);
    expect(a.or(true)).toBe(true);
    expect(String(a.not())).toBe("s77 >= 10");
    env.free();
  });
});

describe("Size helpers", () => {
  it("use Python integer semantics on plain numbers", () => {
    expect(sizeFloorDiv(7, 2)).toBe(3);
    expect(sizeFloorDiv(-7, 2)).toBe(-4);
    expect(sizeFloorDiv(7, -2)).toBe(-4);
    expect(sizeMod(-7, 3)).toBe(2);
    expect(sizeMod(7, -3)).toBe(-2);
    expect(sizeFloorDiv(2 ** 52 + 1, 3)).toBe(Math.floor((2 ** 52 + 1) / 3));
    expect(() => sizeFloorDiv(1, 0)).toThrow(ZeroDivisionError);
    expect(() => sizeMod(1, 0)).toThrow(ZeroDivisionError);
    expect(sizeAdd(2, 3)).toBe(5);
    expect(sizeSub(2, 3)).toBe(-1);
    expect(sizeMul(4, 3)).toBe(12);
    expect(sizeNeg(4)).toBe(-4);
    expect(sizeMax(2, 3)).toBe(3);
    expect(sizeMin(2, 3)).toBe(2);
    expect(sizeProduct([2, 3, 4])).toBe(24);
    expect(sizeToString(4)).toBe("4");
    expect(isSymbolic(4)).toBe(false);
    expect(() => sizeAdd(0.5, 1)).toThrow(InvalidArgumentError);
  });

  it("mix numbers and SymInts on either side", () => {
    const { env, s } = setup(8);
    expect(sizeToString(sizeAdd(1, s))).toBe("s77 + 1");
    expect(sizeToString(sizeSub(10, s))).toBe("10 - s77");
    expect(sizeToString(sizeMul(3, s))).toBe("3*s77");
    expect(sizeToString(sizeFloorDiv(64, s))).toBe("(64//s77)");
    expect(sizeToString(sizeProduct([2, s, 3]))).toBe("6*s77");
    expect(isSymbolic(sizeMax(s, 4))).toBe(true);
    expect(sizeHint(sizeMul(s, 2))).toBe(16);
    expect(env.guards).toHaveLength(0);
    env.free();
  });

  it("comparisons on symbolic sizes return booleans and record guards", () => {
    const { env, s } = setup(8);
    const x: Size = s;
    expect(sizeLt(4, x)).toBe(true); // 4 < s77 -> s77 > 4
    expect(sizeLe(x, 8)).toBe(true);
    expect(sizeGt(x, 100)).toBe(false); // range [5, 8]: decided without a guard
    expect(sizeGe(x, 8)).toBe(true); // range [8, 8]: s77 := 8
    expect(sizeNe(x, 7)).toBe(true);
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["s77 > 4", "s77 <= 8", "s77 >= 8"]);
    expect(sizeEq(x, 8)).toBe(true);
    expect(env.guards).toHaveLength(3);
    expect(guardSize(x)).toBe(8);
    env.free();
  });
});

describe("SymFloat", () => {
  it("true division of sizes: numbers fold, symbolic sizes specialize on use", () => {
    expect(SymFloat.trueDiv(3, 2)).toBe(1.5);
    expect(() => SymFloat.trueDiv(3, 0)).toThrow(ZeroDivisionError);
    const { env, s } = setup(6);
    const f = SymFloat.trueDiv(s, 4) as SymFloat;
    expect(String(f)).toBe("IntTrueDiv(s77, 4)");
    expect(env.guards).toHaveLength(0);
    expect(Number(f)).toBe(1.5);
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["Eq(s77, 6)"]);
    env.free();
  });
});

describe("guard_or_false / guard_or_true", () => {
  it("guard on backed sizes, fall back without a guard on data-dependent ones", async () => {
    const { guardOrFalse, guardOrTrue, sizeEqSym, sizeGeSym } = await import("../../src/symbolic/index.js");
    const { env, s } = setup(6);
    const u = SymInt.of(env, env.createUnbacked()) as SymInt;
    expect(guardOrFalse(sizeEqSym(u, 1))).toBe(false);
    expect(guardOrTrue(sizeEqSym(u, 1))).toBe(true);
    expect(env.guards).toHaveLength(0);
    expect(guardOrFalse(sizeEqSym(s, 1))).toBe(false); // static from the range
    expect(guardOrFalse(sizeGeSym(s, 6))).toBe(true); // backed: guards
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["s77 >= 6"]);
    expect(guardOrFalse(true)).toBe(true);
    env.free();
  });
});

describe("pow, truediv, ceildiv", () => {
  it("stay symbolic and fold on numbers", async () => {
    const { sizeCeilDiv } = await import("../../src/symbolic/index.js");
    const { env, s } = setup(7);
    expect(String(s.pow(2))).toBe("s77**2");
    expect(s.pow(0)).toBe(1);
    expect(() => s.pow(-1)).toThrow(InvalidArgumentError);
    expect(sizeCeilDiv(7, 2)).toBe(4);
    expect(sizeCeilDiv(-7, 2)).toBe(-3);
    expect(sizeHint(sizeCeilDiv(s, 2))).toBe(4);
    expect(Number(s.truediv(2))).toBe(3.5);
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["Eq(s77, 7)"]);
    env.free();
  });
});

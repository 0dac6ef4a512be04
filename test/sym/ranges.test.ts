// ValueRanges and bound_sympy interval arithmetic through src/core/ranges.ts.
import { describe, it, expect } from "vitest";
import { Expr } from "../../src/core/expr.js";
import { ValueRanges, boundSympy } from "../../src/core/ranges.js";
import { InvalidArgumentError } from "../../src/core/errors.js";

const s77 = () => Expr.symbol("s77");
const s16 = () => Expr.symbol("s16");
const u0 = () => Expr.symbol("u0", { positive: false });
const VR = (lo: number, hi: number) => new ValueRanges(lo, hi);
const oo = Infinity;

describe("ValueRanges", () => {
  it("prints as PyTorch", () => {
    expect(VR(2, oo).toString()).toBe("VR[2, int_oo]");
    expect(VR(-oo, oo).toString()).toBe("VR[-int_oo, int_oo]");
    expect(ValueRanges.unknownBool().toString()).toBe("VR[False, True]");
  });

  it("intersects and unions", () => {
    expect(VR(2, oo).and(VR(0, 100)).toString()).toBe("VR[2, 100]");
    expect(VR(2, 4).or(VR(8, 9)).toString()).toBe("VR[2, 9]");
    expect(() => VR(5, oo).and(VR(0, 3))).toThrow(InvalidArgumentError);
    expect(() => VR(5, 3)).toThrow(/Invalid ranges \[5:3\]/);
    expect(VR(0, oo).issuperset(VR(2, 10))).toBe(true);
    expect(VR(3, 3).isSingleton()).toBe(true);
  });
});

describe("boundSympy", () => {
  it("uses assumptions for symbols without a range", () => {
    expect(boundSympy(s77()).toString()).toBe("VR[1, int_oo]");
    expect(boundSympy(u0()).toString()).toBe("VR[-int_oo, int_oo]");
  });

  it("adds and multiplies", () => {
    expect(boundSympy(s16().mul(2), [[s16(), VR(2, 256)]]).toString()).toBe("VR[4, 512]");
    expect(boundSympy(s77().add(1), [[s77(), VR(1, 99)]]).toString()).toBe("VR[2, 100]");
    expect(boundSympy(u0().mul(-2), [[u0(), VR(-3, 2)]]).toString()).toBe("VR[-4, 6]");
    expect(boundSympy(u0().mul(s77()), [[u0(), VR(0, 5)], [s77(), VR(1, oo)]]).toString()).toBe("VR[0, int_oo]");
    expect(boundSympy(u0().pow(2), [[u0(), VR(-3, 2)]]).toString()).toBe("VR[0, 9]");
    expect(boundSympy(u0().pow(3), [[u0(), VR(-3, 2)]]).toString()).toBe("VR[-27, 8]");
  });

  it("divides with floor semantics", () => {
    expect(boundSympy(s77().floordiv(2), [[s77(), VR(2, oo)]]).toString()).toBe("VR[1, int_oo]");
    expect(boundSympy(u0().floordiv(2), [[u0(), VR(-3, 3)]]).toString()).toBe("VR[-2, 1]");
    expect(boundSympy(u0().floordiv(s77()), [[u0(), VR(0, 10)], [s77(), VR(0, 4)]]).toString()).toBe("VR[-int_oo, int_oo]");
    expect(boundSympy(s77().mod(3)).toString()).toBe("VR[0, 2]");
    expect(boundSympy(s77().mod(8), [[s77(), VR(17, 20)]]).toString()).toBe("VR[1, 4]");
    expect(boundSympy(s77().modularIndexing(2, 8)).toString()).toBe("VR[0, 7]");
  });

  it("bounds Max and Min coordinatewise", () => {
    const r = [[u0(), VR(-5, 3)]] as const;
    expect(boundSympy(u0().max(0), r).toString()).toBe("VR[0, 3]");
    expect(boundSympy(u0().min(s77()), [[u0(), VR(-5, 3)], [s77(), VR(2, 10)]]).toString()).toBe("VR[-5, 3]");
  });

  it("bounds relations as bool ranges", () => {
    expect(boundSympy(s77().gt(2), [[s77(), VR(5, 10)]]).toString()).toBe("VR[True, True]");
    expect(boundSympy(s77().gt(2), [[s77(), VR(1, 10)]]).toString()).toBe("VR[False, True]");
    expect(boundSympy(s77().eq(4), [[s77(), VR(5, 10)]]).toString()).toBe("VR[False, False]");
    expect(boundSympy(s77().eq(4).not(), [[s77(), VR(5, 10)]]).toString()).toBe("VR[True, True]");
    const both = s77().ge(3).and(s77().le(8));
    expect(boundSympy(both, [[s77(), VR(4, 6)]]).toString()).toBe("VR[True, True]");
    expect(boundSympy(both, [[s77(), VR(4, 9)]]).toString()).toBe("VR[False, True]");
  });

  it("saturates at int_oo instead of overflowing", () => {
    const big = 2 ** 52;
    expect(boundSympy(s77().mul(s16()), [[s77(), VR(big, big)], [s16(), VR(big, big)]]).toString()).toBe("VR[int_oo, int_oo]");
  });

  it("rejects bad ranges", () => {
    expect(() => boundSympy(s77(), [[s77(), { lower: 0.5, upper: 3 } as ValueRanges]])).toThrow(InvalidArgumentError);
  });
});

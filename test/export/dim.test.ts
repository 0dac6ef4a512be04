import { describe, expect, it } from "vitest";
import { Dim, dims, DimHint, DerivedDim, INT_OO, readableDim } from "../../src/export/dim.js";
import { AssertionError, NotImplementedError } from "../../src/export/errors.js";

describe("Dim", () => {
  it("defaults to min 0 and max int_oo, and prints as Dim._readable", () => {
    const dx = Dim("dx");
    expect([dx.__name__, dx.min, dx.max]).toEqual(["dx", 0, INT_OO]);
    expect(String(dx)).toBe("Dim('dx', min=0)");
    expect(String(Dim("dx", { min: 2 }))).toBe("Dim('dx')");
    expect(String(Dim("dx", { max: 5 }))).toBe("Dim('dx', min=0, max=5)");
    expect(readableDim("dx", 3, 6)).toBe("Dim('dx', min=3, max=6)");
  });

  it("rejects inconsistent bounds and bad names with PyTorch's messages", () => {
    expect(() => Dim("dx", { min: 5, max: 5 })).toThrow(
      new AssertionError("Cannot create Dim with inconsistent min=5, max=5"),
    );
    expect(() => Dim("dx", { max: 0 })).toThrow("Cannot create Dim with inconsistent min=None, max=0");
    expect(() => Dim("1x")).toThrow("Dim name must be a valid identifier, got 1x");
  });

  it("derives increasing linear dims named as sympy prints them", () => {
    const dx = Dim("dx", { min: 2, max: 100 });
    expect(dx.add(1).__name__).toBe("dx + 1");
    expect(dx.sub(1).__name__).toBe("dx - 1");
    expect(dx.mul(2).__name__).toBe("2*dx");
    const nested = dx.mul(2).add(1);
    expect(nested.__name__).toBe("2*dx + 1");
    expect(nested).toBeInstanceOf(DerivedDim);
    expect((nested as DerivedDim).root).toBe(dx);
    expect([nested.min, nested.max]).toEqual([5, 201]);
    expect(dx.mul(2).sub(1).__name__).toBe("2*dx - 1");
    expect(Dim("dx").add(1).max).toBe(INT_OO);
  });

  it("refuses non-linear or decreasing arithmetic", () => {
    const dx = Dim("dx");
    expect(() => dx.mul(-2)).toThrow(NotImplementedError);
    expect(() => dx.mul(-2)).toThrow(
      "Attempted to multiply -2 with dx, where a positive integer was expected. (Only increasing linear operations with integer coefficients are supported.)",
    );
    expect(() => dx.add(0.5)).toThrow("Attempted to add 0.5 to dx, where an integer was expected.");
    expect(() => dx.sub(0.5)).toThrow("Attempted to subtract 0.5 from dx, where an integer was expected.");
  });

  it("checks derived bounds", () => {
    expect(() => Dim("dx").sub(1)).toThrow(
      "Expected derived min value of dx - 1 to be >= 0. Please specify an appropriate min value for dx (currently 0).",
    );
    expect(() => Dim("dx", { max: 9223372036854775806 }).mul(2)).toThrow(/Expected derived max value of 2\*dx/);
  });

  it("dims() shares bounds", () => {
    const [h, w] = dims("h", "w", { min: 4, max: 512 });
    expect([h.__name__, h.min, h.max, w.__name__, w.max]).toEqual(["h", 4, 512, "w", 512]);
  });
});

describe("Dim hints", () => {
  it("are hints and factories", () => {
    expect(Dim.AUTO).toBeInstanceOf(DimHint);
    expect(Dim.AUTO.type).toBe("AUTO");
    expect(String(Dim.STATIC)).toBe("DimHint(STATIC)");
    const ranged = Dim.DYNAMIC({ min: 4, max: 16 });
    expect(String(ranged)).toBe("DimHint(DYNAMIC, min=4, max=16)");
    expect(typeof ranged).toBe("object"); // a ranged hint is not a factory any more
  });

  it("validate their ranges", () => {
    expect(() => Dim.AUTO({ min: -1 })).toThrow("min must be non-negative");
    expect(() => Dim.AUTO({ max: -1 })).toThrow("max must be non-negative");
    expect(() => Dim.DYNAMIC({ min: 5, max: 4 })).toThrow("min must be <= max");
  });
});

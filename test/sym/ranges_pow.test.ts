// Regression: 0**k inside interval bounds (a fast-check counterexample: Eq(ModularIndexing(1, s0, 2)**2, 0)
// folded to False because the bound of x**2 over [0, oo] came out as [1, oo]).
import { expect, it } from "vitest";
import { Expr } from "../../src/core/expr.js";

it("keeps Eq(x**2, 0) open when x may be 0", () => {
  const s0 = Expr.symbol("s0");
  const mi = Expr.int(1).modularIndexing(s0, Expr.int(2));
  expect(mi.pow(2).eq(Expr.int(0)).toString()).toBe("Eq((ModularIndexing(1, s0, 2))**2, 0)");
  expect(mi.pow(2).eq(Expr.int(0)).evaluate([[s0, 2]])).toBe(1);
});

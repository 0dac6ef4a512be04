// prettify_results on its own: the suggested-fix text from solver results, including forced
// specializations and derived-dim roots (test_specialize_derived_dim_roots in test_export.py).
import { describe, it, expect } from "vitest";
import { prettifyResults, parseLinear, linearToString, type DimSpec } from "../../src/core/solver_prettify.js";

describe("prettify_results", () => {
  it("reports forced specializations of a derived dim through its root", () => {
    const dy: DimSpec = { name: "dy", min: 6, max: Infinity };
    const dyMinus6: DimSpec = { name: "dy - 6", min: 0, max: Infinity, derived: { root: dy, a: 1, b: -6 } };
    const debug = new Map([["L['x'].size()[0]", "dy - 6"], ["L['y'].size()[0]", "dy"]]);
    const text = prettifyResults(
      debug,
      [dyMinus6, dy],
      ["L['x'].size()[0] == 6", "L['x'].size()[1] == 2", "L['y'].size()[0] == 12"],
      [],
      new Map([["dy - 6 = L['x'].size()[0]", 6]]),
    );
    expect(text).toBe(
      'Specializations unexpectedly required (dy)! For more information, run with TORCH_LOGS="+dynamic".\n' +
        "  - solving the guards generated for dy - 6 = L['x'].size()[0] resulted in a specialized value of 6.\n" +
        "\nSuggested fixes:\n  dy = 12",
    );
  });

  it("swaps roots: dx, dx - 1 solved as dy + 1, dy suggests dx's new range", () => {
    const dx: DimSpec = { name: "dx", min: 0, max: Infinity };
    const dxm1: DimSpec = { name: "dx - 1", min: -1, max: Infinity, derived: { root: dx, a: 1, b: -1 } };
    const debug = new Map([["L['x'].size()[0]", "dx"], ["L['y'].size()[0]", "dx - 1"]]);
    // y's symbol survived; x is expressed through it, and y got a range [3, 9].
    const text = prettifyResults(debug, [dx, dxm1], [], ["3 <= L['y'].size()[0]", "L['y'].size()[0] <= 9", "L['x'].size()[0] == 1 + L['y'].size()[0]"], new Map());
    expect(text).toBe("\nSuggested fixes:\n  dx = Dim('dx', min=4, max=10)");
  });

  it("returns nothing without Dim names and drops unchanged roots", () => {
    expect(prettifyResults(new Map(), [], ["L['x'].size()[0] == 3"], [], new Map())).toBe("");
    const batch: DimSpec = { name: "batch", min: 1, max: 1024 };
    const debug = new Map([["L['x'].size()[0]", "batch"]]);
    expect(prettifyResults(debug, [batch], [], ["2 <= L['x'].size()[0]", "L['x'].size()[0] <= 1024"], new Map())).toBe("");
  });

  it("parses and prints the linear forms sympy would", () => {
    expect(parseLinear("1 + dy")).toEqual({ root: "dy", a: 1, b: 1 });
    expect(parseLinear("(-1) + 3*_dx")).toEqual({ root: "_dx", a: 3, b: -1 });
    expect(parseLinear("2*_h")).toEqual({ root: "_h", a: 2, b: 0 });
    expect(parseLinear("12")).toBe(12);
    expect(parseLinear("L['x'].size()[0]")).toBeNull();
    expect(parseLinear("dx + dy")).toBeNull();
    expect(linearToString({ root: "_dx", a: 3, b: -1 })).toBe("3*_dx - 1");
    expect(linearToString({ root: "dy", a: 1, b: 1 })).toBe("dy + 1");
    expect(linearToString({ root: "dx", a: 1, b: 0 })).toBe("dx");
  });
});

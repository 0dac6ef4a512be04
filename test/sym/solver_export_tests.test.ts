// Constraint-solver behaviour asserted by PyTorch's own test/export/test_export.py (the strings
// and regexes those tests check, as collected in docs/dynamic-shapes.md §4). The guards the
// models record are replayed by hand through the Size helpers.
import { describe, it, expect } from "vitest";
import { ShapeEnv, type DimConstraint } from "../../src/core/shape_env.js";
import { ConstraintViolationError } from "../../src/core/errors.js";
import { produceGuardsAndSolve, DRAFT_EXPORT_HINT, type DimSpec, type TrackedDim } from "../../src/core/solver.js";
import { SymInt, type Size, sizeEq, sizeSub, sizeGe, sizeLe, sizeLt, sizeMod, guardSize } from "../../src/symbolic/index.js";

const dim = (name: string, min = 0, max = Infinity): DimSpec => ({ name, min, max });

interface Setup {
  env: ShapeEnv;
  sizes: Record<string, Size[]>;
  tracked: TrackedDim[];
  pairs: [string, string][];
  dims: DimSpec[];
}

/** Inputs with named Dims (same Dim twice = a source pair) or Dim.DYNAMIC ("DYNAMIC"). */
function setup(inputs: { name: string; shape: number[]; dims: Record<number, DimSpec | "DYNAMIC"> }[]): Setup {
  const env = new ShapeEnv();
  const s: Setup = { env, sizes: {}, tracked: [], pairs: [], dims: [] };
  const first = new Map<string, string>();
  for (const inp of inputs) {
    s.sizes[inp.name] = inp.shape.map((hint, d) => {
      const source = `L['${inp.name}'].size()[${d}]`;
      const spec = inp.dims[d];
      let constraint: DimConstraint = null;
      if (spec === "DYNAMIC") constraint = { kind: "relaxed" };
      else if (spec) {
        constraint = { kind: "strict", min: spec.min, max: spec.max };
        env.setDebugName(source, spec.name);
        if (!s.dims.includes(spec)) s.dims.push(spec);
        if (first.has(spec.name)) s.pairs.push([first.get(spec.name)!, source]);
        else first.set(spec.name, source);
      }
      const e = env.createSymbol(source, hint, constraint, spec === undefined ? 2 : 0);
      s.tracked.push({ source, expr: e, constraint });
      return SymInt.of(env, e);
    });
  }
  return s;
}

function message(s: Setup): string {
  try {
    produceGuardsAndSolve(s.env, { inputs: s.tracked, sourcePairs: s.pairs, dims: s.dims }, false);
  } catch (e) {
    expect(e).toBeInstanceOf(ConstraintViolationError);
    return (e as Error).message;
  }
  throw new Error("expected a constraint violation");
}

describe("test_export.py constraint messages", () => {
  it("test_derived_dim_basic: x + y[1:]", () => {
    const s = setup([
      { name: "x", shape: [5], dims: { 0: dim("dimx", 3, 6) } },
      { name: "y", shape: [6], dims: { 0: dim("dimy", 4, 7) } },
    ]);
    sizeEq(s.sizes.x[0], sizeSub(s.sizes.y[0], 1));
    expect(message(s)).toBe(
      'Constraints violated (dimy)! For more information, run with TORCH_LOGS="+dynamic".\n' +
        "  - The values of dimy = L['y'].size()[0] must always be related to the values of dimx = L['x'].size()[0] by dimy = dimx + 1.\n" +
        "Suggested fixes:\n" +
        "  dimy = dimx + 1",
    );
  });

  it("test_export_api_with_dynamic_shapes: matmul with K1 != K2 Dims", () => {
    const batch = dim("batch");
    const s = setup([
      { name: "x", shape: [10, 2, 3], dims: { 0: batch, 1: dim("M"), 2: dim("K1") } },
      { name: "y", shape: [10, 3, 4], dims: { 0: batch, 1: dim("K2"), 2: dim("N") } },
    ]);
    sizeEq(s.sizes.x[2], s.sizes.y[1]); // matmul: x.size(-1) == y.size(-2)
    sizeEq(s.sizes.x[0], s.sizes.y[0]); // batch broadcast
    expect(message(s)).toBe(
      'Constraints violated (K2)! For more information, run with TORCH_LOGS="+dynamic".\n' +
        "  - The values of K2 = L['y'].size()[1] and K1 = L['x'].size()[2] must always be equal.\n" +
        "Suggested fixes:\n" +
        "  K2 = K1",
    );
  });

  it("test_export_api_with_dynamic_shapes: K1 specialized by a static y dim", () => {
    const batch = dim("batch");
    const s = setup([
      { name: "x", shape: [10, 2, 3], dims: { 0: batch, 1: dim("M"), 2: dim("K1") } },
      { name: "y", shape: [10, 3, 4], dims: { 0: batch, 2: dim("N") } },
    ]);
    sizeEq(s.sizes.x[2], s.sizes.y[1]);
    sizeEq(s.sizes.x[0], s.sizes.y[0]);
    expect(message(s)).toBe(
      'Constraints violated (K1)! For more information, run with TORCH_LOGS="+dynamic".\n' +
        "  - You marked K1 as dynamic but your code specialized it to be a constant (3). If you're using mark_dynamic, " +
        "either remove it or use maybe_mark_dynamic. If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO.\n" +
        "Suggested fixes:\n" +
        "  K1 = 3",
    );
  });

  it("test_suggested_fixes_new_roots: a congruence introduces _dx", () => {
    const s = setup([
      { name: "x", shape: [11], dims: { 0: dim("dx") } },
      { name: "y", shape: [12], dims: { 0: dim("dy") } },
      { name: "z", shape: [14], dims: { 0: dim("dz") } },
    ]);
    const [x, y, z] = [s.sizes.x[0], s.sizes.y[0], s.sizes.z[0]];
    expect(sizeGe(x, 5) && sizeLe(x, 36) && sizeEq(sizeMod(y, 3), 0)).toBe(true);
    sizeEq(x, sizeSub(y, 1)); // x + y[1:]
    sizeEq(x, sizeSub(z, 3)); // + z[3:]
    const text = message(s);
    const fixes = text.slice(text.indexOf("Suggested fixes:\n")).split("\n").slice(1);
    expect(fixes).toEqual(["  _dx = Dim('_dx', max=12)", "  dx = 3*_dx - 1", "  dy = 3*_dx", "  dz = 3*_dx + 2"]);
  });

  it("test_int_shape_specialization: Dim.DYNAMIC dims specialized by int()", () => {
    const s = setup([{ name: "x", shape: [1, 3, 28, 28], dims: { 2: "DYNAMIC", 3: "DYNAMIC" } }]);
    guardSize(s.sizes.x[2]);
    guardSize(s.sizes.x[3]);
    const tail =
      "as dynamic but your code specialized it to be a constant (28). If you're using mark_dynamic, either remove it " +
      "or use maybe_mark_dynamic. If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO.";
    expect(message(s)).toBe(
      "Constraints violated (L['x'].size()[2], L['x'].size()[3])! For more information, run with TORCH_LOGS=\"+dynamic\".\n" +
        `  - You marked L['x'].size()[2] ${tail}\n` +
        `  - You marked L['x'].size()[3] ${tail}`,
    );
  });

  it("guards on batch and K: range refinement and a modulus root", () => {
    const batch = dim("batch");
    const K = dim("K");
    const s = setup([
      { name: "x", shape: [4, 2, 3], dims: { 0: batch, 1: dim("M"), 2: K } },
      { name: "y", shape: [4, 3, 5], dims: { 0: batch, 1: K, 2: dim("N") } },
    ]);
    expect(sizeLt(s.sizes.x[0], 16) && sizeEq(sizeMod(s.sizes.y[1], 3), 0)).toBe(true);
    sizeEq(s.sizes.x[2], s.sizes.y[1]);
    sizeEq(s.sizes.x[0], s.sizes.y[0]);
    const text = message(s);
    expect(text).toMatch(/^Constraints violated \(K, batch\)!/);
    expect(text).toContain(
      "  - Not all values of K = L['x'].size()[2] in the specified range satisfy the generated guard (L['x'].size()[2] % 3) == 0.",
    );
    expect(text).toContain(
      "  - Not all values of batch = L['x'].size()[0] in the specified range satisfy the generated guard 2 <= L['x'].size()[0] and L['x'].size()[0] <= 15",
    );
    // Equal Dims on x and y form one constraint: one bullet each.
    expect(text.split("\n").filter((l) => l.startsWith("  - "))).toHaveLength(2);
    expect(text).toContain("\n  batch = Dim('batch', max=15)");
    expect(text).toContain("\n  K = 3*_K");
  });

  it("appends the draft_export paragraph by default", () => {
    const s = setup([{ name: "x", shape: [4], dims: { 0: dim("dx") } }]);
    guardSize(s.sizes.x[0]);
    expect(() => produceGuardsAndSolve(s.env, { inputs: s.tracked, dims: s.dims })).toThrow(
      new ConstraintViolationError(
        'Constraints violated (dx)! For more information, run with TORCH_LOGS="+dynamic".\n' +
          "  - You marked dx as dynamic but your code specialized it to be a constant (4). If you're using mark_dynamic, " +
          "either remove it or use maybe_mark_dynamic. If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO.\n" +
          "Suggested fixes:\n  dx = 4" +
          DRAFT_EXPORT_HINT,
      ),
    );
  });

  it("reports a failed Dim equality before solving", () => {
    const d = dim("d");
    const s = setup([
      { name: "x", shape: [4], dims: { 0: d } },
      { name: "y", shape: [5], dims: { 0: d } },
    ]);
    expect(() => produceGuardsAndSolve(s.env, { inputs: s.tracked, sourcePairs: s.pairs, dims: s.dims })).toThrow(
      new ConstraintViolationError("L['x'].size()[0] = 4 is not equal to L['y'].size()[0] = 5"),
    );
  });
});

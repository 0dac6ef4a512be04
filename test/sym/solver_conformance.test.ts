// Conformance of the ShapeEnv + constraint solver with PyTorch 2.11: for the reference models in
// shapes/* and zoo/* (gen_reference.py), the guards their ops record are replayed by hand
// through SymInt arithmetic, then export's constraint check runs; the error text and the range
// constraints must equal the fixtures exactly.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { ShapeEnv, type DimConstraint } from "../../src/core/shape_env.js";
import { Expr } from "../../src/core/expr.js";
import { ConstraintViolationError, GuardError } from "../../src/core/errors.js";
import { DRAFT_EXPORT_HINT, type DimSpec, type TrackedDim, type DerivedEquality } from "../../src/core/solver.js";
import { SymInt, type Size, sizeEq, sizeSub, sizeFloorDiv, sizeAdd, sizeMod, sizeGt, sizeMul, isSymbolic } from "../../src/symbolic/index.js";

interface Case {
  dynamic_shapes: string;
  input_shapes: number[][] | null;
  error?: string;
  range_constraints?: Record<string, [string, string]>;
}
const load = (group: string): Record<string, Case> =>
  JSON.parse(readFileSync(new URL(`../fixtures/torch-2.11/${group}/dynamic_shapes_cases.json`, import.meta.url), "utf8"));
const shapes = load("shapes");
const zoo = load("zoo");

// ------------------------------------------------------------------ a small export front end

function dim(name: string, min = 0, max = Infinity): DimSpec {
  return { name, min, max };
}
function derived(root: DimSpec, a: number, b: number): DimSpec {
  const lin = (v: number) => a * v + b;
  let name = a === 1 ? root.name : `${a}*${root.name}`;
  if (b > 0) name += ` + ${b}`;
  else if (b < 0) name += ` - ${-b}`;
  return { name, min: lin(root.min), max: root.max === Infinity ? Infinity : lin(root.max), derived: { root, a, b } };
}
type DimArg = DimSpec | "AUTO" | "DYNAMIC" | number;

interface Input {
  name: string;
  shape: number[];
  dims?: Record<number, DimArg>;
}

interface Traced {
  env: ShapeEnv;
  sizes: Record<string, Size[]>;
  tracked: TrackedDim[];
  pairs: [string, string][];
  derivedEqs: DerivedEquality[];
  phantoms: Expr[];
  relaxed: string[];
  dims: DimSpec[];
  userDim: Map<string, DimSpec>; // source -> named Dim
}

/** make_fake_inputs + _process_dynamic_shapes for tensors: symbols named from sources. */
function fakify(inputs: Input[]): Traced {
  const env = new ShapeEnv();
  const t: Traced = { env, sizes: {}, tracked: [], pairs: [], derivedEqs: [], phantoms: [], relaxed: [], dims: [], userDim: new Map() };
  const firstSourceOfName = new Map<string, string>();
  const pendingDerived: { source: string; spec: DimSpec; hint: number }[] = [];
  for (const inp of inputs) {
    t.sizes[inp.name] = inp.shape.map((hint, d) => {
      const source = `L['${inp.name}'].size()[${d}]`;
      const spec = inp.dims?.[d];
      let constraint: DimConstraint = null;
      if (typeof spec === "number") constraint = { kind: "strict", min: spec, max: spec };
      else if (spec === "AUTO" || spec === "DYNAMIC") {
        constraint = { kind: "relaxed" };
        t.relaxed.push(source);
      } else if (spec !== undefined) {
        constraint = { kind: "strict", min: spec.min, max: spec.max };
        env.setDebugName(source, spec.name);
        t.userDim.set(source, spec);
        if (!t.dims.includes(spec)) t.dims.push(spec);
        if (spec.derived) pendingDerived.push({ source, spec, hint });
        else if (firstSourceOfName.has(spec.name)) t.pairs.push([firstSourceOfName.get(spec.name)!, source]);
        else firstSourceOfName.set(spec.name, source);
      }
      const e = env.createSymbol(source, hint, constraint, spec === undefined ? 2 : 0);
      t.tracked.push({ source, expr: e, constraint });
      return SymInt.of(env, e);
    });
  }
  for (const { source, spec, hint } of pendingDerived) {
    const { root, a, b } = spec.derived!;
    const rootSource = firstSourceOfName.get(root.name);
    if (rootSource !== undefined) {
      t.derivedEqs.push({ source, root: rootSource, a, b });
    } else {
      // _PhantomRoot: a symbol for the root, named by the hash of the root's name.
      const phantom = env.createSymbol(root.name, (hint - b) / a, { kind: "strict", min: root.min, max: root.max });
      t.phantoms.push(phantom);
      t.derivedEqs.push({ source, root: phantom, a, b });
    }
  }
  return t;
}

function solve(t: Traced) {
  return t.env.produceGuardsAndSolve({
    inputs: t.tracked,
    sourcePairs: t.pairs,
    derivedEqualities: t.derivedEqs,
    phantomSymbols: t.phantoms,
    relaxedSources: t.relaxed,
    dims: t.dims,
  });
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof ConstraintViolationError) return e.message;
    throw e;
  }
  throw new Error("expected a ConstraintViolationError");
}

/** make_constraints: user Dim ranges for named dims, inferred bounds otherwise, then roots. */
function rangeConstraints(t: Traced): Record<string, [string, string]> {
  const out: Record<string, [string, string]> = {};
  const text = (v: number) => (v === Infinity ? "int_oo" : v === -Infinity ? "-int_oo" : String(v));
  const roots: Expr[] = [];
  for (const d of t.tracked) {
    const e = t.env.simplify(d.expr);
    if (e.isInteger()) continue;
    const spec = t.userDim.get(d.source);
    const r = spec ? { lower: spec.min, upper: spec.max } : t.env.bound(e);
    out[e.toString()] = [text(r.lower), text(r.upper)];
    for (const s of e.freeSymbols()) if (!roots.includes(s)) roots.push(s);
  }
  for (const s of roots) {
    if (s.toString() in out) continue;
    const r = t.env.varRange(s);
    out[s.toString()] = [text(r.lower), text(r.upper)];
  }
  return out;
}

function sortedEntries(rc: Record<string, [string, string]>) {
  return Object.entries(rc).sort(([a], [b]) => (a < b ? -1 : 1));
}

// ------------------------------------------------------------------ op guards (meta functions)

/** Broadcasting one aligned dim (infer_size): guard_or_false(a == 1), guard_or_false(b == 1), a == b. */
function broadcastDim(env: ShapeEnv, a: Size, b: Size): Size {
  const known = (x: Size, v: number) => (typeof x === "number" ? x === v : env.staticallyKnown(x.expr.eq(v)) === true);
  if (known(a, 1)) return b;
  if (known(b, 1)) return a;
  if (!sizeEq(a, b)) throw new Error("broadcast mismatch");
  return a;
}

function broadcast(env: ShapeEnv, x: Size[], y: Size[]): Size[] {
  return x.map((a, i) => broadcastDim(env, a, y[i]));
}

/** x[1:] on dim 0. */
const slice1 = (s: Size[]): Size[] => [sizeSub(s[0], 1), ...s.slice(1)];

/** Conv/pool output size: (n + 2p - d(k-1) - 1) // s + 1. */
const convOut = (n: Size, k: number, s: number, p: number): Size => sizeAdd(sizeFloorDiv(sizeSub(sizeAdd(n, 2 * p), k), s), 1);

// ------------------------------------------------------------------ shapes/*

describe("shapes/* constraint errors match PyTorch 2.11", () => {
  it("equal_dims_error: x + y with Dim dx, Dim dy", () => {
    const t = fakify([
      { name: "x", shape: [4, 3], dims: { 0: dim("dx") } },
      { name: "y", shape: [4, 3], dims: { 0: dim("dy") } },
    ]);
    broadcast(t.env, t.sizes.x, t.sizes.y);
    expect(errorOf(() => solve(t))).toBe(shapes.equal_dims_error.error);
  });

  it("derived_dim_error: x[1:] + y with Dim dx, Dim dy", () => {
    const t = fakify([
      { name: "x", shape: [5, 3], dims: { 0: dim("dx") } },
      { name: "y", shape: [4, 3], dims: { 0: dim("dy") } },
    ]);
    broadcast(t.env, slice1(t.sizes.x), t.sizes.y);
    expect(errorOf(() => solve(t))).toBe(shapes.derived_dim_error.error);
  });

  it("view_specialization_error: x.view(4, -1) with Dim dx", () => {
    const t = fakify([{ name: "x", shape: [4, 6], dims: { 0: dim("dx") } }]);
    const [n, c] = t.sizes.x;
    const numel = sizeMul(n, c);
    expect(sizeEq(sizeMod(numel, 4), 0)).toBe(true); // infer_size: numel % 4 == 0
    expect(sizeEq(n, 4)).toBe(true); // computeStride chunks the view: s77 == 4
    expect(errorOf(() => solve(t))).toBe(shapes.view_specialization_error.error);
  });

  it("shape_guard_range_error: if x.shape[0] > 4 with Dim('dx', max=100)", () => {
    const t = fakify([{ name: "x", shape: [6, 3], dims: { 0: dim("dx", 0, 100) } }]);
    expect(sizeGt(t.sizes.x[0], 4)).toBe(true);
    expect(errorOf(() => solve(t))).toBe(shapes.shape_guard_range_error.error);
  });

  it("dim_size_one_specialized: Dim b with example size 1", () => {
    const t = fakify([{ name: "x", shape: [1, 16], dims: { 0: dim("b") } }]);
    expect(t.sizes.x[0]).toBe(1);
    expect(errorOf(() => solve(t))).toBe(shapes.dim_size_one_specialized.error);
  });

  it("min_max_bad_spec: size 4 outside Dim('dx', min=5, max=10)", () => {
    let message = "";
    try {
      fakify([{ name: "x", shape: [4, 3], dims: { 0: dim("dx", 5, 10) } }]);
    } catch (e) {
      expect(e).toBeInstanceOf(ConstraintViolationError);
      message = (e as Error).message + DRAFT_EXPORT_HINT;
    }
    expect(message).toBe(shapes.min_max_bad_spec.error);
  });
});

describe("shapes/* range constraints match PyTorch 2.11", () => {
  const expectRC = (t: Traced, c: Case) => {
    solve(t);
    expect(sortedEntries(rangeConstraints(t))).toEqual(sortedEntries(c.range_constraints!));
    expect(Object.keys(rangeConstraints(t))).toEqual(Object.keys(c.range_constraints!));
  };

  it("equal_dims_ok / shapes_collection: one Dim for x and y", () => {
    for (const name of ["equal_dims_ok", "shapes_collection"]) {
      const d = dim(name === "equal_dims_ok" ? "dx" : "d");
      const t = fakify([
        { name: "x", shape: [4, 3], dims: { 0: d } },
        { name: "y", shape: [4, 3], dims: { 0: d } },
      ]);
      broadcast(t.env, t.sizes.x, t.sizes.y);
      expectRC(t, shapes[name]);
    }
  });

  it("broadcast_unspecified: x (dx) + y of size 1", () => {
    const t = fakify([
      { name: "x", shape: [4, 3], dims: { 0: dim("dx") } },
      { name: "y", shape: [1, 3] },
    ]);
    broadcast(t.env, t.sizes.x, t.sizes.y);
    expect(t.env.guards).toHaveLength(0);
    expectRC(t, shapes.broadcast_unspecified);
  });

  it("derived_dim_ok: x[1:] + y with y: dx - 1", () => {
    const dx = dim("dx", 2, 100);
    const t = fakify([
      { name: "x", shape: [5, 3], dims: { 0: dx } },
      { name: "y", shape: [4, 3], dims: { 0: derived(dx, 1, -1) } },
    ]);
    broadcast(t.env, slice1(t.sizes.x), t.sizes.y);
    expectRC(t, shapes.derived_dim_ok);
  });

  it("derived_dim_2x: cat([x, y]) with y: 2*dx", () => {
    const dx = dim("dx", 0, 100);
    const t = fakify([
      { name: "x", shape: [4, 3], dims: { 0: dx } },
      { name: "y", shape: [8, 3], dims: { 0: derived(dx, 2, 0) } },
    ]);
    expectRC(t, shapes.derived_dim_2x);
  });

  it("shape_guard_auto: if x.shape[0] > 4 with Dim.AUTO", () => {
    const t = fakify([{ name: "x", shape: [6, 3], dims: { 0: "AUTO" } }]);
    expect(sizeGt(t.sizes.x[0], 4)).toBe(true);
    expectRC(t, shapes.shape_guard_auto);
  });

  it("dynamic_shorthand / additional_inputs: Dim.DYNAMIC on x and y", () => {
    for (const name of ["dynamic_shorthand", "additional_inputs"]) {
      const t = fakify([
        { name: "x", shape: [4, 3], dims: { 0: "DYNAMIC" } },
        { name: "y", shape: [4, 3], dims: { 0: "DYNAMIC" } },
      ]);
      broadcast(t.env, t.sizes.x, t.sizes.y);
      expectRC(t, shapes[name]);
    }
  });

  it("static_dim_mismatch_runtime: no dynamic dims", () => {
    const t = fakify([{ name: "x", shape: [8, 16] }]);
    expectRC(t, shapes.static_dim_mismatch_runtime);
  });
});

// ------------------------------------------------------------------ zoo/*

describe("zoo/* dynamic shapes match PyTorch 2.11", () => {
  const batch = dim("batch", 1, 1024);
  const seq = dim("seq", 1, 64);

  /** The CNN's shape guards for H or W: max_pool2d(2) needs (n - 2) % 2 == 0 to keep its
   * output a plain n // 2; conv2 (k3, s2, p1) output != 1 for its contiguity checks. */
  function cnnSpatialGuards(h: Size, w: Size): void {
    sizeEq(sizeMod(sizeSub(h, 2), 2), 0);
    sizeEq(sizeMod(sizeSub(w, 2), 2), 0);
    const out = (n: Size) => convOut(sizeFloorDiv(n, 2), 3, 2, 1);
    expect(sizeEq(out(w), 1)).toBe(false);
    expect(sizeEq(out(h), 1)).toBe(false);
  }

  it("cnn_dynamic_hw: the Constraints violated (h, w) block with modulus fixes", () => {
    const t = fakify([
      { name: "x", shape: [2, 3, 16, 16], dims: { 0: batch, 2: dim("h", 4, 512), 3: dim("w", 4, 512) } },
    ]);
    const [, , h, w] = t.sizes.x;
    cnnSpatialGuards(h, w);
    expect(errorOf(() => solve(t))).toBe(zoo.cnn_dynamic_hw.error);
  });

  it("cnn_dynamic_hw_fixed: 2*_h and 2*_w with phantom roots", () => {
    const _h = dim("_h", 2, 256);
    const _w = dim("_w", 2, 256);
    const t = fakify([{ name: "x", shape: [2, 3, 16, 16], dims: { 0: batch, 2: derived(_h, 2, 0), 3: derived(_w, 2, 0) } }]);
    expect(t.phantoms.map(String)).toEqual(["s16", "s62"]);
    const [, , h, w] = t.sizes.x;
    cnnSpatialGuards(h, w);
    // produce_guards checks h == 2*_h first: s53 := 2*s16 makes the modulus guards static.
    const out = solve(t);
    expect(out.message).toBeNull();
    expect(String(t.env.simplify((h as SymInt).expr))).toBe("2*s16");
    expect(sortedEntries(rangeConstraints(t))).toEqual(sortedEntries(zoo.cnn_dynamic_hw_fixed.range_constraints!));
  });

  it("concat_two_dims, reshape_symbolic_product, divisible_reshape, mlp_dynamic_batch", () => {
    const c1 = fakify([
      { name: "x", shape: [3, 4], dims: { 0: dim("a") } },
      { name: "y", shape: [5, 4], dims: { 0: dim("b") } },
    ]);
    solve(c1);
    expect(rangeConstraints(c1)).toEqual(zoo.concat_two_dims.range_constraints);

    const c2 = fakify([{ name: "x", shape: [2, 3, 8], dims: { 0: batch, 1: seq } }]);
    const [b, tt, c] = c2.sizes.x;
    const bt = sizeMul(b, tt);
    expect(sizeEq(sizeMul(bt, c), sizeMul(sizeMul(b, tt), c))).toBe(true); // reshape numel check
    solve(c2);
    expect(rangeConstraints(c2)).toEqual(zoo.reshape_symbolic_product.range_constraints);

    const c3 = fakify([{ name: "x", shape: [4, 16], dims: { 0: batch } }]);
    const numel = sizeMul(c3.sizes.x[0], 16);
    expect(sizeEq(sizeMod(numel, 16), 0)).toBe(true); // reshape(-1, 2, 8)
    expect(isSymbolic(sizeFloorDiv(numel, 16))).toBe(true);
    solve(c3);
    expect(c3.env.guards).toHaveLength(0);
    expect(rangeConstraints(c3)).toEqual(zoo.divisible_reshape.range_constraints);

    const c4 = fakify([{ name: "x", shape: [8, 16], dims: { 0: batch } }]);
    solve(c4);
    expect(rangeConstraints(c4)).toEqual(zoo.mlp_dynamic_batch.range_constraints);
  });

  it("tinygpt_auto and tinygpt_dynamic: idx sizes named s95, s75", () => {
    const a = fakify([{ name: "idx", shape: [2, 16], dims: { 0: "AUTO", 1: "AUTO" } }]);
    solve(a);
    expect(rangeConstraints(a)).toEqual(zoo.tinygpt_auto.range_constraints);
    const d = fakify([{ name: "idx", shape: [2, 16], dims: { 0: batch, 1: seq } }]);
    solve(d);
    expect(rangeConstraints(d)).toEqual(zoo.tinygpt_dynamic.range_constraints);
  });

  it("item_check: u0 = n.item(); torch._check(u0 >= 2); torch._check(u0 <= 8)", () => {
    const env = new ShapeEnv();
    const u0 = env.createUnbacked();
    env.check(u0.ge(2));
    env.check(u0.le(8));
    const r = env.varRange(u0);
    expect({ [u0.toString()]: [String(r.lower), String(r.upper)] }).toEqual(zoo.item_check.range_constraints);
    expect(env.deferredRuntimeAsserts.map((a) => a.expr.toString())).toEqual(["u0 >= 2", "u0 <= 8"]);
    env.free();
  });

  it("nonzero_unbacked: nonzero's size is constrained to [0, numel]", () => {
    const env = new ShapeEnv();
    const u0 = env.createUnbacked();
    env.constrainRange(u0, 0, 6 * 3, true);
    const r = env.varRange(u0);
    expect({ [u0.toString()]: [String(r.lower), String(r.upper)] }).toEqual(zoo.nonzero_unbacked.range_constraints);
    env.free();
  });

  it("data_dependent_branch_error: guarding on Eq(u0, 1) names the expression", () => {
    const env = new ShapeEnv();
    const u0 = env.createUnbacked();
    let message = "";
    try {
      env.evaluateGuard(u0.eq(1), "(_export/non_strict_utils.py:1159 in __torch_function__)");
    } catch (e) {
      expect(e).toBeInstanceOf(GuardError);
      message = (e as Error).message;
    }
    const expected = zoo.data_dependent_branch_error.error!;
    // The core's part of the message ends where the tracer appends the user's call site.
    const core = expected.slice(0, expected.indexOf("\n\nThe following call raised this error:"));
    expect(message).toBe(core);
    env.free();
  });
});

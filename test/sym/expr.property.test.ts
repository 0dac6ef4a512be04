// Canonicalization must preserve value: random expression trees are built through the core
// (which simplifies as it goes) and evaluated there, and compared with a direct BigInt
// evaluation of the same tree with Python semantics done here.
import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { Expr } from "../../src/core/expr.js";

type Tree =
  | { op: "int"; v: number }
  | { op: "sym"; name: string }
  | { op: "add" | "sub" | "mul" | "max" | "min"; a: Tree; b: Tree }
  | { op: "neg"; a: Tree }
  | { op: "pow"; a: Tree; k: number }
  | { op: "floordiv" | "mod"; a: Tree; d: Divisor }
  | { op: "modind"; a: Tree; d: Divisor; m: number }
  | { op: "cmp"; rel: "eq" | "ne" | "lt" | "le" | "gt" | "ge"; a: Tree; b: Tree };

/** Divisors that are never zero: a nonzero constant, or a positive symbol plus a constant >= 0. */
type Divisor = { kind: "const"; v: number } | { kind: "sym"; name: string; plus: number };

// Positive symbols take values >= 1; u0 is an unbacked (any sign) integer.
const POSITIVE = ["s0", "s1", "s27"];
const ALL = [...POSITIVE, "u0"];

const divisor: fc.Arbitrary<Divisor> = fc.oneof(
  fc.integer({ min: -6, max: 6 }).filter((v) => v !== 0).map((v) => ({ kind: "const" as const, v })),
  fc.record({ kind: fc.constant("sym" as const), name: fc.constantFrom(...POSITIVE), plus: fc.integer({ min: 0, max: 3 }) }),
);
const posDivisor: fc.Arbitrary<Divisor> = fc.oneof(
  fc.integer({ min: 1, max: 6 }).map((v) => ({ kind: "const" as const, v })),
  fc.record({ kind: fc.constant("sym" as const), name: fc.constantFrom(...POSITIVE), plus: fc.integer({ min: 0, max: 3 }) }),
);

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.integer({ min: -9, max: 9 }).map((v) => ({ op: "int" as const, v })),
    fc.constantFrom(...ALL).map((name) => ({ op: "sym" as const, name })),
    fc.record({ op: fc.constantFrom("add" as const, "sub" as const, "mul" as const, "max" as const, "min" as const), a: tie("tree"), b: tie("tree") }),
    fc.record({ op: fc.constant("neg" as const), a: tie("tree") }),
    fc.record({ op: fc.constant("pow" as const), a: tie("tree"), k: fc.integer({ min: 0, max: 3 }) }),
    // PyTorch rewrites FloorDiv(FloorDiv(a, b), c) to FloorDiv(a, b*c), exact only for positive
    // divisors (which is all it builds); negative constant divisors are checked at the top only.
    fc.record({ op: fc.constant("floordiv" as const), a: tie("tree"), d: posDivisor }),
    // torch's Mod is defined for non-negative operands; PyTorch only builds it with positive moduli.
    fc.record({ op: fc.constant("mod" as const), a: tie("tree"), d: posDivisor }),
    fc.record({ op: fc.constant("modind" as const), a: tie("tree"), d: posDivisor, m: fc.integer({ min: 1, max: 5 }) }),
  ),
}));

const topFloorDiv: fc.Arbitrary<Tree> = fc.record({ op: fc.constant("floordiv" as const), a: tree, d: divisor });

const rel = fc.constantFrom("eq" as const, "ne" as const, "lt" as const, "le" as const, "gt" as const, "ge" as const);
const relTree: fc.Arbitrary<Tree> = fc.record({ op: fc.constant("cmp" as const), rel, a: tree, b: tree });

const assignment = fc.record({
  s0: fc.integer({ min: 1, max: 40 }),
  s1: fc.integer({ min: 1, max: 40 }),
  s27: fc.integer({ min: 1, max: 40 }),
  u0: fc.integer({ min: -40, max: 40 }),
});
type Env = Record<string, number>;

function pyFloorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}
function pyMod(a: bigint, b: bigint): bigint {
  const r = a % b;
  return r !== 0n && (r < 0n) !== (b < 0n) ? r + b : r;
}

function divValue(d: Divisor, env: Env): bigint {
  return d.kind === "const" ? BigInt(d.v) : BigInt(env[d.name]) + BigInt(d.plus);
}
function divExpr(d: Divisor): Expr {
  return d.kind === "const" ? Expr.int(d.v) : sym(d.name).add(d.plus);
}
function sym(name: string): Expr {
  return Expr.symbol(name, { positive: name !== "u0" });
}

function reference(t: Tree, env: Env): bigint {
  switch (t.op) {
    case "int": return BigInt(t.v);
    case "sym": return BigInt(env[t.name]);
    case "add": return reference(t.a, env) + reference(t.b, env);
    case "sub": return reference(t.a, env) - reference(t.b, env);
    case "mul": return reference(t.a, env) * reference(t.b, env);
    case "max": { const a = reference(t.a, env), b = reference(t.b, env); return a > b ? a : b; }
    case "min": { const a = reference(t.a, env), b = reference(t.b, env); return a < b ? a : b; }
    case "neg": return -reference(t.a, env);
    case "pow": return reference(t.a, env) ** BigInt(t.k);
    case "floordiv": return pyFloorDiv(reference(t.a, env), divValue(t.d, env));
    case "mod": return pyMod(reference(t.a, env), divValue(t.d, env));
    case "modind": return pyMod(pyFloorDiv(reference(t.a, env), divValue(t.d, env)), BigInt(t.m));
    case "cmp": {
      const a = reference(t.a, env), b = reference(t.b, env);
      const r = { eq: a === b, ne: a !== b, lt: a < b, le: a <= b, gt: a > b, ge: a >= b }[t.rel];
      return r ? 1n : 0n;
    }
  }
}

function build(t: Tree): Expr {
  switch (t.op) {
    case "int": return Expr.int(t.v);
    case "sym": return sym(t.name);
    case "add": return build(t.a).add(build(t.b));
    case "sub": return build(t.a).sub(build(t.b));
    case "mul": return build(t.a).mul(build(t.b));
    case "max": return build(t.a).max(build(t.b));
    case "min": return build(t.a).min(build(t.b));
    case "neg": return build(t.a).neg();
    case "pow": return build(t.a).pow(t.k);
    case "floordiv": return build(t.a).floordiv(divExpr(t.d));
    case "mod": return build(t.a).mod(divExpr(t.d));
    case "modind": return build(t.a).modularIndexing(divExpr(t.d), t.m);
    case "cmp": return build(t.a)[t.rel](build(t.b));
  }
}

function valueOf(e: Expr, env: Env): number {
  return e.evaluate(ALL.map((n) => [sym(n), env[n]] as const));
}

function hasFloorDiv(t: Tree): boolean {
  if (t.op === "floordiv") return true;
  return (["a", "b"] as const).some((k) => {
    const sub = (t as Record<string, unknown>)[k] as Tree | undefined;
    return sub !== undefined && hasFloorDiv(sub);
  });
}

/** Only trees whose every intermediate value stays far inside i64 and exact as a JS number
 * are compared (the core reports overflow beyond i64, which Python would not). */
function small(t: Tree, env: Env): boolean {
  const v = reference(t, env);
  if (v >= 2n ** 40n || v <= -(2n ** 40n)) return false;
  for (const key of ["a", "b"] as const) {
    const sub = (t as Record<string, unknown>)[key] as Tree | undefined;
    if (sub && !small(sub, env)) return false;
  }
  return true;
}

describe("canonicalization preserves value", () => {
  it("for integer expressions", () => {
    fc.assert(
      fc.property(tree, assignment, (t, env) => {
        fc.pre(small(t, env));
        expect(BigInt(valueOf(build(t), env))).toBe(reference(t, env));
      }),
      { numRuns: 1500 },
    );
  });

  it("for floor division by any nonzero divisor", () => {
    fc.assert(
      fc.property(topFloorDiv, assignment, (t, env) => {
        fc.pre(small(t, env));
        // The nested-FloorDiv merge is PyTorch's and assumes a positive divisor (see above).
        if (t.op === "floordiv" && t.d.kind === "const" && t.d.v < 0) fc.pre(!hasFloorDiv(t.a));
        expect(BigInt(valueOf(build(t), env))).toBe(reference(t, env));
      }),
      { numRuns: 800 },
    );
  });

  it("for relations", () => {
    fc.assert(
      fc.property(relTree, assignment, (t, env) => {
        fc.pre(small(t, env));
        expect(BigInt(valueOf(build(t), env))).toBe(reference(t, env));
      }),
      { numRuns: 800 },
    );
  });

  it("and str / srepr round-trip the canonical form", () => {
    fc.assert(
      fc.property(tree, (t) => {
        const e = build(t);
        expect(Expr.parseSrepr(e.srepr())).toBe(e);
        expect(Expr.parse(e.toString())).toBe(e);
      }),
      { numRuns: 800 },
    );
  });
});

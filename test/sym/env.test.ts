// ShapeEnv through the TypeScript handle: naming, 0/1 specialization, ranges, guards,
// replacements, divisibility, torch._check, unbacked symbols, bad input, and memory.
import { describe, it, expect } from "vitest";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { Expr } from "../../src/core/expr.js";
import { core } from "../../src/core/loader.js";
import { ConstraintViolationError, GuardError, InvalidArgumentError } from "../../src/core/errors.js";

const src = (name: string, i: number) => `L['${name}'].size()[${i}]`;

describe("symbol naming (sha256 of the source name mod 100)", () => {
  it("names sizes as PyTorch 2.11 does", () => {
    const env = new ShapeEnv();
    // ids from docs/dynamic-shapes.md §2.1 (computed with hashlib.sha256)
    const names = [
      [src("x", 0), 77], [src("x", 1), 27], [src("x", 2), 53], [src("x", 3), 0],
      [src("y", 0), 17], [src("y", 1), 94], [src("z", 0), 68], [src("idx", 0), 95], [src("idx", 1), 75],
    ] as const;
    for (const [source, id] of names) expect(env.createSymbol(source, 10).toString()).toBe(`s${id}`);
    env.free();
  });

  it("probes upward on collisions, per environment", () => {
    const env = new ShapeEnv();
    expect(env.createSymbol(src("x", 0), 5).toString()).toBe("s77");
    expect(env.createSymbol(src("x", 0), 6).toString()).toBe("s78");
    expect(env.createSymbol(src("x", 0), 7).toString()).toBe("s79");
    const other = new ShapeEnv();
    expect(other.createSymbol(src("x", 0), 5).toString()).toBe("s77");
    env.free();
    other.free();
  });

  it("names phantom roots by their Dim name and unbacked symbols u0, u1, ...", () => {
    const env = new ShapeEnv();
    expect(env.createSymbol("dx", 4).toString()).toBe("s95");
    expect(env.createSymbol("_h", 8).toString()).toBe("s16");
    expect(env.createUnbacked().toString()).toBe("u0");
    expect(env.createUnbacked().toString()).toBe("u1");
    env.free();
  });
});

describe("create_symbol", () => {
  it("specializes example sizes 0 and 1, even with a Dim", () => {
    const env = new ShapeEnv();
    expect(env.createSymbol(src("x", 0), 1, { kind: "strict", min: 0, max: Infinity }).toString()).toBe("1");
    expect(env.createSymbol(src("x", 1), 0).toString()).toBe("0");
    expect(env.symbols).toHaveLength(0);
    const noSpec = new ShapeEnv({ specializeZeroOne: false });
    const s = noSpec.createSymbol(src("x", 0), 1);
    expect(s.isSymbol()).toBe(true);
    expect(noSpec.varRange(s)).toEqual({ lower: 0, upper: Infinity });
    env.free();
    noSpec.free();
  });

  it("gives dynamic dims the range [2, int_oo] intersected with the Dim's", () => {
    const env = new ShapeEnv();
    const a = env.createSymbol(src("x", 0), 8);
    const b = env.createSymbol(src("y", 0), 8, { kind: "strict", min: 1, max: 1024 });
    const c = env.createSymbol(src("z", 0), 8, { kind: "strict", min: 5, max: 10 });
    expect(env.varRange(a)).toEqual({ lower: 2, upper: Infinity });
    expect(env.varRange(b)).toEqual({ lower: 2, upper: 1024 });
    expect(env.varRange(c)).toEqual({ lower: 5, upper: 10 });
    expect(env.hint(a)).toBe(8);
    expect(env.firstSource(b)).toBe(src("y", 0));
    env.free();
  });

  it("raises PyTorch's errors for sizes outside the Dim and static mismatches", () => {
    const env = new ShapeEnv();
    expect(() => env.createSymbol(src("x", 0), 3, { kind: "strict", min: 6, max: Infinity })).toThrow(
      new ConstraintViolationError("3 not in range [6, int_oo]"),
    );
    expect(() => env.createSymbol(src("x", 0), 4, { kind: "strict", min: 5, max: 5 })).toThrow(
      new ConstraintViolationError("Static shape constraint of 5 does not match input size of 4, for L['x'].size()[0]"),
    );
    expect(env.createSymbol(src("x", 0), 5, { kind: "strict", min: 5, max: 5 }).toString()).toBe("5");
    expect(() => env.createSymbol(src("x", 0), 2.5)).toThrow(InvalidArgumentError);
    expect(() => env.createSymbol(src("x", 0), -3)).toThrow(InvalidArgumentError);
    env.free();
  });

  it("keeps static dims as integers", () => {
    const env = new ShapeEnv();
    expect(env.createSymbol(src("x", 0), 7, null, 2).toString()).toBe("7");
    env.free();
  });
});

describe("evaluate_expr and learning from guards", () => {
  it("decides statically from ranges without recording a guard", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol(src("x", 0), 6);
    expect(env.evaluateGuard(s.eq(1))).toBe(false);
    expect(env.evaluateGuard(s.ge(2))).toBe(true);
    expect(env.staticallyKnown(s.gt(4))).toBeNull();
    expect(env.guards).toHaveLength(0);
    env.free();
  });

  it("records a guard decided by the hint and refines the range", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol(src("x", 0), 6, { kind: "strict", min: 0, max: 100 });
    expect(env.evaluateGuard(s.gt(4), "model.ts:3 in forward")).toBe(true);
    expect(env.varRange(s)).toEqual({ lower: 5, upper: 100 });
    expect(env.guards.map((g) => [g.expr.toString(), g.sloc])).toEqual([["s77 > 4", "model.ts:3 in forward"]]);
    // The negation is recorded when the hint says false.
    expect(env.evaluateGuard(s.lt(6))).toBe(false);
    expect(env.guards[1].expr.toString()).toBe("s77 >= 6");
    expect(env.varRange(s)).toEqual({ lower: 6, upper: 100 });
    // Decided now: no new guard.
    expect(env.evaluateGuard(s.gt(4))).toBe(true);
    expect(env.guards).toHaveLength(2);
    env.free();
  });

  it("replaces the symbol PyTorch eliminates: the larger hint, then the larger name", () => {
    const env = new ShapeEnv();
    const x = env.createSymbol(src("x", 0), 4);
    const y = env.createSymbol(src("y", 0), 4);
    expect(env.evaluateGuard(x.eq(y))).toBe(true);
    expect([...env.replacements].map(([k, v]) => `${k} := ${v}`)).toEqual(["s77 := s17"]);
    expect(env.simplify(x.mul(2)).toString()).toBe("2*s17");

    const env2 = new ShapeEnv();
    const a = env2.createSymbol(src("x", 0), 5);
    const b = env2.createSymbol(src("y", 0), 4);
    env2.evaluateGuard(a.sub(1).eq(b));
    expect([...env2.replacements].map(([k, v]) => `${k} := ${v}`)).toEqual(["s77 := s17 + 1"]);
    expect(env2.varRange(a)).toEqual({ lower: 3, upper: Infinity });
    env.free();
    env2.free();
  });

  it("specializes on guard_int and remembers the user's line", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol(src("x", 0), 4);
    expect(env.evaluateInt(s.mul(3), "user.ts:9 in forward")).toBe(12);
    expect(env.simplify(s).toString()).toBe("4");
    expect(env.specializationSloc(src("x", 0))).toBe("user.ts:9 in forward");
    env.free();
  });

  it("learns divisibility from Eq(Mod(a, k), 0)", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol(src("x", 0), 6);
    const m = s.mul(5).mod(3);
    expect(env.evaluateGuard(m.eq(0))).toBe(true);
    expect(env.isDivisible(m)).toBe(true);
    expect(env.evaluateGuard(m.eq(0))).toBe(true);
    expect(env.guards).toHaveLength(1);
    env.free();
  });

  it("does not replace when it would lose a user range", () => {
    const env = new ShapeEnv();
    const x = env.createSymbol(src("x", 0), 10, { kind: "strict", min: 2, max: 10 });
    const y = env.createSymbol(src("y", 0), 5, { kind: "strict", min: 2, max: 50 });
    env.evaluateGuard(x.eq(y.mul(2)));
    // x := 2*y keeps x's range by narrowing y to [2, 5]
    expect([...env.replacements].map(([k, v]) => `${k} := ${v}`)).toEqual(["s77 := 2*s17"]);
    expect(env.varRange(y)).toEqual({ lower: 2, upper: 5 });
    env.free();
  });
});

describe("unbacked symbols, torch._check, data-dependent guards", () => {
  it("refuses to guard on data-dependent expressions", () => {
    const env = new ShapeEnv();
    const u = env.createUnbacked();
    expect(() => env.evaluateGuard(u.gt(2))).toThrow(GuardError);
    expect(() => env.evaluateGuard(u.gt(2))).toThrow(/^Could not guard on data-dependent expression u0 > 2 \(unhinted: u0 > 2\)\.  \(Size-like symbols: none\)/);
    expect(() => env.evaluateInt(u.add(1))).toThrow(/^Could not extract specialized integer from data-dependent expression u0 \+ 1/);
    env.free();
  });

  it("torch._check defers runtime asserts keyed by the unbacked symbol and refines ranges", () => {
    const env = new ShapeEnv();
    const u = env.createUnbacked();
    env.check(u.ge(0));
    env.check(u.le(5));
    expect(env.varRange(u)).toEqual({ lower: 0, upper: 5 });
    const ras = env.deferredRuntimeAsserts;
    expect(ras.map((r) => [r.expr.toString(), r.key?.toString()])).toEqual([["u0 >= 0", "u0"], ["u0 <= 5", "u0"]]);
    // Now decided statically: u0 < 10 needs no assert, u0 > 7 is known false.
    env.check(u.lt(10));
    expect(env.deferredRuntimeAsserts).toHaveLength(2);
    expect(() => env.check(u.gt(7), "u must be > 7")).toThrow(new GuardError("u must be > 7"));
    env.free();
  });

  it("torch._check on backed sizes guards; _check_is_size makes unbacked size-like", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol(src("x", 0), 8);
    env.check(s.le(64));
    expect(env.guards.map((g) => g.expr.toString())).toEqual(["s77 <= 64"]);
    const u = env.createUnbacked();
    env.checkIsSize(u, 18);
    expect(env.isSizeLike(u)).toBe(true);
    expect(env.varRange(u)).toEqual({ lower: 0, upper: 18 });
    expect(() => env.evaluateGuard(u.eq(1))).toThrow(/\(Size-like symbols: u0\)/);
    env.free();
  });

  it("an unbacked symbol equal to an expression of backed ones is replaced (trivial_solve)", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol(src("x", 0), 8);
    const u = env.createUnbacked();
    env.check(u.eq(s.mul(2)));
    expect(env.simplify(u).toString()).toBe("2*s77");
    env.free();
  });
});

describe("guard printing with sources", () => {
  it("prints as PyTorch's ShapeGuardPythonPrinter", () => {
    const env = new ShapeEnv();
    const x = env.createSymbol(src("x", 0), 8);
    const y = env.createSymbol(src("y", 0), 9);
    expect(env.printGuard(x.le(1024))).toBe("L['x'].size()[0] <= 1024");
    // Eq prints at Mul precedence, so a sum on either side is parenthesized.
    expect(env.printGuard(x.sub(1).eq(y))).toBe("((-1) + L['x'].size()[0]) == L['y'].size()[0]");
    expect(env.printGuard(x.sub(1).le(y))).toBe("(-1) + L['x'].size()[0] <= L['y'].size()[0]");
    // A negative coefficient gives a product Add precedence (sympy's precedence_Mul).
    expect(env.printGuard(x.neg().add(5).ge(0))).toBe("5 + ((-1)*L['x'].size()[0]) >= 0");
    expect(env.printGuard(x.mul(2).sub(y.mul(3)).gt(0))).toBe("((-3)*L['y'].size()[0]) + 2*L['x'].size()[0] > 0");
    expect(env.printGuard(x.mul(y).mod(3).eq(0))).toBe("((L['y'].size()[0]*L['x'].size()[0]) % 3) == 0");
    expect(env.printGuard(x.floordiv(2).add(y).gt(3))).toBe("L['y'].size()[0] + (L['x'].size()[0] // 2) > 3");
    expect(env.printGuard(x.max(y).eq(x))).toBe("max(L['y'].size()[0], L['x'].size()[0]) == L['x'].size()[0]");
    env.evaluateGuard(x.mod(2).eq(0));
    env.evaluateGuard(y.le(64));
    expect(env.guardCode()).toEqual(["(L['x'].size()[0] % 2) == 0", "L['y'].size()[0] <= 64"]);
    env.free();
  });
});

describe("handles and memory", () => {
  it("rejects freed handles with a typed error", () => {
    const env = new ShapeEnv();
    env.free();
    expect(() => env.createSymbol(src("x", 0), 3)).toThrow(InvalidArgumentError);
    env.free(); // idempotent
  });

  it("10,000 environments created and freed leave WASM memory flat", () => {
    const run = (n: number) => {
      for (let i = 0; i < n; i++) {
        const env = new ShapeEnv();
        const a = env.createSymbol(src("x", 0), 8);
        const b = env.createSymbol(src("y", 0), 8);
        env.evaluateGuard(a.eq(b));
        env.free();
      }
    };
    const live = ShapeEnv.liveCount();
    run(1000); // warm up: hash-consed expressions and table slots
    core().__collect();
    const before = core().memory.buffer.byteLength;
    run(10000);
    core().__collect();
    const after = core().memory.buffer.byteLength;
    expect(after).toBe(before);
    expect(ShapeEnv.liveCount()).toBe(live);
    expect(Expr.int(1).toString()).toBe("1");
  });
});

describe("bad input to the raw core", () => {
  it("unknown expression ids give a typed error, not a trap", async () => {
    const { checked } = await import("../../src/core/check.js");
    const env = new ShapeEnv();
    const c = core();
    expect(() => checked(c.shapeEnvEvaluateGuard(env.handle, 0x7fffff00, ""))).toThrow(InvalidArgumentError);
    expect(() => checked(c.shapeEnvHint(env.handle, 0x7fffff00))).toThrow(/unknown expression id/);
    expect(() => checked(c.shapeEnvCreateSymbol(env.handle, "L['x'].size()[0]", NaN, 0, 0, 0, 0))).toThrow(InvalidArgumentError);
    expect(() => checked(c.shapeEnvCreateSymbol(env.handle, "L['x'].size()[0]", 4, 7, 0, 0, 0))).toThrow(InvalidArgumentError);
    expect(() => checked(c.shapeEnvEvaluateGuard(999999, Expr.true().id, ""))).toThrow(/not live/);
    expect(() => env.evaluateGuard(Expr.int(3))).toThrow(/expected a boolean/);
    // The environment still works afterwards.
    expect(env.createSymbol("L['x'].size()[0]", 4).toString()).toBe("s77");
    env.free();
  });
});

describe("static evaluation of non-linear relations", () => {
  it("shifts symbols by their lower bounds, as _maybe_evaluate_static does", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol(src("x", 0), 8);
    const t = env.createSymbol(src("x", 1), 3);
    expect(env.staticallyKnown(s.mul(t).gt(s))).toBe(true); // s*t - s = (a+1)(b+1) - (a+1) > 0
    expect(env.staticallyKnown(s.mul(t).ge(s.add(t)))).toBe(true); // s*t - s - t = ab - 1 >= 0
    expect(env.staticallyKnown(s.mul(s).gt(s.mul(4)))).toBeNull(); // depends on s
    expect(env.evaluateGuard(s.mul(t).gt(s))).toBe(true);
    expect(env.guards).toHaveLength(0);
    env.free();
  });
});

describe("prefer_deferred_runtime_asserts_over_guards", () => {
  it("records guards as runtime asserts and only keeps replacements Dims can express", () => {
    const env = new ShapeEnv({ preferDeferredRuntimeAsserts: true });
    const x = env.createSymbol(src("x", 0), 6);
    const y = env.createSymbol(src("y", 0), 3);
    expect(env.evaluateGuard(x.mod(y.sub(1)).eq(0))).toBe(true);
    expect(env.guards).toHaveLength(0);
    expect(env.deferredRuntimeAsserts.map((r) => [r.expr.toString(), r.key, r.msg])).toEqual([
      ["Eq(Mod(s77, s17 - 1), 0)", null, "evaluate_expr: Eq(Mod(s77, s17 - 1), 0)"],
    ]);
    env.evaluateGuard(x.eq(y.mul(2))); // s77 := 2*s17 is A*x + B: kept
    expect([...env.replacements].map(([k, v]) => `${k} := ${v}`)).toEqual(["s77 := 2*s17"]);
    env.free();
  });
});

// Bad input to the public export API: every malformed call either works or raises one of the
// project's typed errors with a readable message — never a raw JS TypeError / RangeError, a WASM
// trap or a hang. A fast-check property builds random malformed `torch.export.export` calls; the
// deterministic tests below pin each crash the fuzzing found (with PyTorch's text where it has one).
//
// PT2JS_FUZZ_RUNS=5000 npx vitest run test/export/bad_input.test.ts   (a bigger run by hand)
// PT2JS_FUZZ_SEED=<seed from a failure report> replays a run; PT2JS_FUZZ_LOG=<file> appends the
// seed and each run's index before it runs (to find an input that hangs).
import { appendFileSync } from "node:fs";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { torch, nn, Dim, dims, tuple, ExportedProgram } from "../../src/index.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import * as coreErrors from "../../src/core/errors.js";
import * as exportErrors from "../../src/export/errors.js";
import * as opsErrors from "../../src/ops/errors.js";
import * as nnErrors from "../../src/nn/errors.js";
import * as pytreeErrors from "../../src/pytree/errors.js";
import * as serdeErrors from "../../src/serde/errors.js";
import * as guardErrors from "../../src/program/guards_errors.js";
import { SerializeError } from "../../src/program/serialize_errors.js";
import { UnflattenError } from "../../src/program/unflatten_runtime.js";
import { AddTwo, MLP, Nested } from "../models/index.js";

const E = torch.export;
const { UserError, AssertionError, IndexError } = exportErrors;
const { TorchTypeError } = opsErrors;
const { GuardFailedError, GuardAttributeError, GuardIndexError, InputTreeSpecError } = guardErrors;

/** Every typed error class of the project (an error of any other class fails the property). */
const TYPED_ERRORS: ReadonlyArray<abstract new (...a: never[]) => Error> = [
  ...Object.values(coreErrors),
  ...Object.values(exportErrors),
  ...Object.values(opsErrors).filter((v) => typeof v === "function" && v.prototype instanceof Error),
  ...Object.values(nnErrors),
  ...Object.values(pytreeErrors),
  ...Object.values(serdeErrors),
  ...Object.values(guardErrors),
  SerializeError,
  UnflattenError,
] as never;

/** A model's own code failing on a non-tensor input (`x.add is not a function` in forward), as Python's would. */
function fromModelCode(e: Error): boolean {
  const top = (e.stack ?? "").split("\n").find((l) => l.trim().startsWith("at "));
  return e instanceof TypeError && top !== undefined && /test[\\/](models[\\/]|export[\\/]bad_input\.test\.ts)/.test(top);
}

const distribution = new Map<string, number>();
let calls = 0;

/** Runs `f`; on success the program must print and run; on failure the error must be typed and readable. */
function expectTypedOrWorks(f: () => { ep: ExportedProgram; call: unknown[] } | unknown): string {
  calls++;
  let outcome: string;
  try {
    const r = f() as { ep?: unknown; call?: unknown[] } | undefined;
    if (r !== undefined && r !== null && r.ep instanceof ExportedProgram) {
      expect(typeof r.ep.toString()).toBe("string");
      r.ep.module()(...(r.call ?? []));
    }
    outcome = "ok";
  } catch (e) {
    outcome = checkError(e);
  }
  distribution.set(outcome, (distribution.get(outcome) ?? 0) + 1);
  return outcome;
}

function checkError(e: unknown): string {
  if (!(e instanceof Error)) throw new Error(`threw a non-Error: ${String(e)}`);
  if (fromModelCode(e)) return "TypeError in the model's own forward";
  if (!TYPED_ERRORS.includes(e.constructor as never)) {
    throw new Error(`untyped ${e.constructor.name}: ${e.message}\n${e.stack}`);
  }
  const msg = e.message;
  if (typeof msg !== "string" || msg.trim() === "" || /undefined|\[object Object\]|NaN/.test(msg)) {
    throw new Error(`${e.constructor.name} with an unreadable message: ${JSON.stringify(msg)}\n${e.stack}`);
  }
  return e.constructor.name;
}

afterAll(() => {
  if (distribution.size === 0) return;
  const rows = [...distribution].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${String(n).padStart(6)}  ${k}`);
  console.log(`bad_input: ${calls} calls\n${rows.join("\n")}`);
});

// ---------------------------------------------------------------------------------------------
// Models and their valid calls.

class DictList extends nn.Module {
  override forward(xs: { a: Tensor; b: Tensor[] }): Tensor {
    return xs.a.add(xs.b[0]!).mul(xs.b[1]!);
  }
}

interface Case {
  name: string;
  make: () => nn.Module;
  args: () => unknown[];
  kwargs?: () => Record<string, unknown>;
  argNames: string[];
}

const r = (...s: number[]) => torch.randn(...s);
const CASES: Case[] = [
  { name: "mlp", make: () => new MLP().eval(), args: () => [r(8, 16)], argNames: ["x"] },
  { name: "add", make: () => new AddTwo(), args: () => [r(4, 3), r(4, 3)], argNames: ["x", "y"] },
  { name: "dict/list", make: () => new DictList(), args: () => [{ a: r(4, 3), b: [r(4, 3), r(4, 3)] }], argNames: ["xs"] },
  {
    name: "kwargs",
    make: () => new Nested(),
    args: () => [r(2, 4), [r(2, 4), r(2, 4)]],
    kwargs: () => ({ cfg: { alpha: r(2, 4), beta: r(3) } }),
    argNames: ["x", "pair", "cfg"],
  },
];

// ---------------------------------------------------------------------------------------------
// Random pieces. Everything that may throw (Dim(...), .add(...)) is built inside the property.

type G = fc.GeneratorValue;
const pick = <T,>(g: G, xs: readonly T[]): T => g(fc.constantFrom, ...xs);
const chance = (g: G, p: number): boolean => g(fc.integer, { min: 0, max: 999 }) < p * 1000;

const JUNK: ReadonlyArray<() => unknown> = [
  () => 1, () => 2.5, () => -1, () => 0, () => NaN, () => Infinity, () => "s", () => "", () => true, () => null, () => undefined,
  () => [], () => ({}), () => [1, "a"], () => ({ k: null }), () => new Map([[1, 2]]), () => r(3), () => r(2, 3, 4),
  () => torch.zeros([8, 16], { dtype: torch.int64 }), () => 10n, () => Symbol("s"), () => () => 1, () => new Date(0),
  () => Object.create(null), () => tuple(1, 2), () => Dim.AUTO, () => [[[r(1)]]],
];
const junk = (g: G): unknown => pick(g, JUNK)();

const DIM_NAMES = ["a", "b", "batch", "_x"];
const BOUNDS = [undefined, undefined, -2, 0, 1, 2, 3, 4, 5, 8, 16, 100, 1.5, NaN, Infinity, 2 ** 63];

function randomRange(g: G): { min?: number; max?: number } {
  const out: { min?: number; max?: number } = {};
  if (chance(g, 0.5)) out.min = pick(g, BOUNDS);
  if (chance(g, 0.5)) out.max = pick(g, BOUNDS);
  return out;
}

function randomDim(g: G): unknown {
  switch (g(fc.integer, { min: 0, max: 7 })) {
    case 0:
    case 1:
      return Dim(pick(g, DIM_NAMES), randomRange(g));
    case 2: {
      const d = Dim(pick(g, DIM_NAMES), randomRange(g));
      return pick(g, ["add", "sub", "mul"] as const) === "mul" ? d.mul(pick(g, [0, 1, 2, 3, -1, 1.5])) : d.add(pick(g, [-3, -1, 0, 1, 2, 1.5]));
    }
    case 3: // a derived dim of a derived dim
      return Dim(pick(g, DIM_NAMES), randomRange(g)).mul(pick(g, [1, 2])).add(pick(g, [0, 1])).mul(pick(g, [1, 2, 3]));
    case 4:
      return pick(g, [Dim.AUTO, Dim.STATIC, Dim.DYNAMIC]);
    case 5:
      return pick(g, [Dim.AUTO, Dim.STATIC, Dim.DYNAMIC])(randomRange(g));
    case 6:
      return pick(g, [null, undefined, -1, 0, 1, 2, 3, 4, 8, 16]);
    default:
      return junk(g);
  }
}

function randomTensorSpec(g: G, ndim: number): unknown {
  switch (g(fc.integer, { min: 0, max: 5 })) {
    case 0:
    case 1: {
      const n = chance(g, 0.8) ? ndim : pick(g, [0, ndim - 1, ndim + 1]);
      const dims = Array.from({ length: Math.max(0, n) }, () => (chance(g, 0.5) ? null : randomDim(g)));
      return chance(g, 0.3) ? tuple(...dims) : dims;
    }
    case 2: {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < g(fc.integer, { min: 0, max: 3 }); i++) out[pick(g, ["0", "1", "2", "-1", "-3", "5", "a", "0x1", "1.5"])] = randomDim(g);
      return out;
    }
    case 3:
      return new Map<unknown, unknown>([[pick(g, [0, "0", 1, {}, -1, 7, "x"]), randomDim(g)]]);
    case 4:
      return null;
    default:
      return chance(g, 0.5) ? junk(g) : randomDim(g);
  }
}

/** A spec shaped like `value` (tensors get tensor specs), with random damage along the way. */
function specLike(g: G, value: unknown, depth = 0): unknown {
  if (chance(g, 0.08) || depth > 4) return chance(g, 0.5) ? null : junk(g);
  if (value instanceof torch.Tensor) return randomTensorSpec(g, (value as Tensor).dim());
  if (Array.isArray(value)) {
    const items = value.map((v) => specLike(g, v, depth + 1));
    if (chance(g, 0.1)) items.pop();
    if (chance(g, 0.1)) items.push(randomTensorSpec(g, 2));
    return chance(g, 0.2) ? tuple(...items) : items;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[chance(g, 0.1) ? `${k}_` : k] = specLike(g, v, depth + 1);
    return out;
  }
  return chance(g, 0.7) ? null : randomDim(g);
}

function randomDynamicShapes(g: G, c: Case, args: unknown, kwargs: Record<string, unknown> | undefined): unknown {
  const values = Array.isArray(args) ? [...args, ...Object.values(kwargs ?? {})] : [];
  switch (g(fc.integer, { min: 0, max: 5 })) {
    case 0:
    case 1:
    case 2: {
      const out: Record<string, unknown> = {};
      values.forEach((v, i) => (out[c.argNames[i] ?? `arg${i}`] = specLike(g, v)));
      if (chance(g, 0.1)) out[pick(g, ["z", "x", "self"])] = randomTensorSpec(g, 2);
      return chance(g, 0.15) ? new Map(Object.entries(out)) : out;
    }
    case 3:
      return values.map((v) => specLike(g, v));
    case 4:
      return randomTensorSpec(g, 2);
    default:
      return junk(g);
  }
}

/** `value` with one leaf (a tensor, or any non-container) replaced by junk. */
function damageLeaf(g: G, value: unknown): unknown {
  if (Array.isArray(value) && value.length > 0) {
    const i = g(fc.integer, { min: 0, max: value.length - 1 });
    const copy = [...value];
    copy[i] = damageLeaf(g, copy[i]);
    return copy;
  }
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const keys = Object.keys(value);
    if (keys.length > 0) {
      const k = pick(g, keys);
      return { ...value, [k]: damageLeaf(g, (value as Record<string, unknown>)[k]) };
    }
  }
  return junk(g);
}

function randomCall(g: G, c: Case): { ep: ExportedProgram; call: unknown[] } {
  let args: unknown = c.args();
  let kwargs: Record<string, unknown> | undefined = c.kwargs?.();
  switch (pick(g, ["valid", "valid", "junk args", "leaf", "leaf", "extra", "fewer"])) {
    case "junk args":
      args = junk(g);
      break;
    case "leaf":
      if (kwargs !== undefined && chance(g, 0.3)) kwargs = damageLeaf(g, kwargs) as Record<string, unknown>;
      else args = damageLeaf(g, args);
      break;
    case "extra":
      (args as unknown[]).push(chance(g, 0.5) ? r(4, 3) : junk(g));
      break;
    case "fewer":
      (args as unknown[]).pop();
      break;
  }
  let options: Record<string, unknown> = {};
  if (kwargs !== undefined && chance(g, 0.9)) options.kwargs = kwargs;
  if (chance(g, 0.75)) options.dynamic_shapes = randomDynamicShapes(g, c, args, kwargs);
  if (chance(g, 0.08)) options.kwargs = junk(g);
  if (chance(g, 0.06)) options.strict = pick(g, [true, false, "yes", 0, 1, null]);
  if (chance(g, 0.06)) options.prefer_deferred_runtime_asserts_over_guards = pick(g, [true, false, "no", 1, null]);
  if (chance(g, 0.06)) options.preserve_module_call_signature = pick(g, [["fc1"], ["nope"], "fc1", 5, [5], [null], {}, null, ["lin", "lin"]]);
  if (chance(g, 0.04)) options[pick(g, ["dynamic_shape", "foo", "constraints", "Strict", "kwarg"])] = 1;
  if (chance(g, 0.04)) options = junk(g) as Record<string, unknown>;
  const ep = E.export(c.make(), args as unknown[], options as never);
  // The call of ep.module() with the example inputs (kwargs as the trailing options object).
  const call = [...(args as unknown[])];
  const kw = (options as { kwargs?: unknown } | null)?.kwargs;
  if (kw && typeof kw === "object" && Object.keys(kw).length > 0) call.push(kw);
  return { ep, call };
}

// ---------------------------------------------------------------------------------------------

const RUNS = Number(process.env.PT2JS_FUZZ_RUNS ?? 300);
const SEED = process.env.PT2JS_FUZZ_SEED === undefined ? (Date.now() ^ (Math.random() * 2 ** 31)) | 0 : Number(process.env.PT2JS_FUZZ_SEED);
// PT2JS_FUZZ_LOG=file: each run's index is appended before it runs (finds a hanging input).
const LOG = process.env.PT2JS_FUZZ_LOG;
let runIndex = 0;
if (LOG) appendFileSync(LOG, `seed ${SEED}\n`);
const logRun = (what: string) => {
  if (LOG) appendFileSync(LOG, `${runIndex++} ${what}\n`);
};

describe("random malformed torch.export.export calls", () => {
  it(`work or raise a typed error (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(fc.constantFrom(...CASES), fc.gen(), (c, g) => {
        logRun(c.name);
        expectTypedOrWorks(() => randomCall(g, c));
      }),
      { numRuns: RUNS, seed: SEED },
    );
    expect(distribution.get("ok") ?? 0).toBeGreaterThan(0);
    expect(distribution.size).toBeGreaterThan(4);
  });

  it("ep.module() called with random junk raises typed errors", () => {
    const ep = E.export(new MLP().eval(), [r(8, 16)], { dynamic_shapes: { x: { 0: Dim("b", { max: 100 }) } } });
    const m = ep.module();
    fc.assert(
      fc.property(fc.gen(), (g) => {
        const n = g(fc.integer, { min: 0, max: 3 });
        logRun("module()");
        const call = Array.from({ length: n }, () => (chance(g, 0.5) ? r(pick(g, [0, 1, 8, 200]), pick(g, [15, 16])) : junk(g)));
        expectTypedOrWorks(() => (m as unknown as (...a: unknown[]) => unknown)(...call));
      }),
      { numRuns: Math.max(50, Math.round(RUNS / 3)), seed: SEED },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The crashes the fuzzing found, one test each.

function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
}

const mlp = () => new MLP().eval();

describe("export(): bad args and options", () => {
  it.each([
    ["a tensor", () => r(8, 16), "<class 'Tensor'>"],
    ["null", () => null, "<class 'NoneType'>"],
    ["a number", () => 5, "<class 'int'>"],
    ["a string", () => "abc", "<class 'str'>"],
    ["a dict", () => ({ x: r(8, 16) }), "<class 'dict'>"],
  ])("args given as %s: PyTorch's UserError", (_, args, type) => {
    const e = thrown(() => E.export(mlp(), args() as never));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain(`Expecting \`args\` to be a tuple of example positional inputs, got ${type}`);
  });

  it("args missing (undefined) is CPython's TypeError", () => {
    const e = thrown(() => E.export(mlp(), undefined as never));
    expect(e).toBeInstanceOf(TorchTypeError);
    expect(e.message).toBe("export() missing 1 required positional argument: 'args'");
  });

  it("the third positional argument is kwargs, as in Python: null is none, a non-dict is PyTorch's UserError", () => {
    expect(E.export(mlp(), [r(8, 16)], null as never)).toBeInstanceOf(ExportedProgram);
    for (const bad of [5, "s", [1]]) {
      const e = thrown(() => E.export(mlp(), [r(8, 16)], bad as never));
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toMatch(/^Expecting `kwargs` to be a dict of example keyword inputs, got <class '(int|str|list)'>/);
    }
  });

  it("every unknown option is Python's unexpected-keyword TypeError (none is ignored)", () => {
    const e = thrown(() => E.export(mlp(), [r(8, 16)], { dynamic_shape: {} } as never));
    expect(e).toBeInstanceOf(TorchTypeError);
    expect(e.message).toBe("export() got an unexpected keyword argument 'dynamic_shape'");
    expect(thrown(() => E.export(mlp(), [r(8, 16)], { dynamicShapes: {} } as never)).message).toBe("export() got an unexpected keyword argument 'dynamicShapes'");
    expect(thrown(() => E.export(mlp(), [r(8, 16)], { args: [], note: "x" } as never)).message).toBe("export() got multiple values for argument 'args'");
    expect(thrown(() => E.export(mlp(), [r(8, 16)], { note: "x" } as never)).message).toBe("export() got an unexpected keyword argument 'note'");
  });

  it("kwargs by position or by keyword bind the same", () => {
    class Two extends nn.Module {
      override forward(x: Tensor, y: Tensor): Tensor {
        return x.add(y);
      }
    }
    // A trailing plain object is the keyword arguments: kwargs there must be named.
    expect(thrown(() => E.export(new Two(), [r(2, 3)], { y: r(2, 3) } as never)).message).toBe("export() got an unexpected keyword argument 'y'");
    const b = E.export(new Two(), [r(2, 3)], { kwargs: { y: r(2, 3) } });
    const c = E.export(new Two(), [r(2, 3)], { y: r(2, 3) }, { dynamic_shapes: null } as never);
    expect(c.toString()).toBe(b.toString());
  });

  it("strict / prefer_deferred_runtime_asserts_over_guards must be bools", () => {
    expect(thrown(() => E.export(mlp(), [r(8, 16)], { strict: "no" } as never)).message).toBe("export(): argument 'strict' must be bool, not str");
    const e = thrown(() => E.export(mlp(), [r(8, 16)], { prefer_deferred_runtime_asserts_over_guards: 1 } as never));
    expect(e).toBeInstanceOf(TorchTypeError);
    expect(e.message).toBe("export(): argument 'prefer_deferred_runtime_asserts_over_guards' must be bool, not int");
  });

  it("preserve_module_call_signature must be a tuple of strings (was: 'number 5 is not iterable')", () => {
    for (const [bad, text] of [
      [5, "must be tuple of strs, not int"],
      [{}, "must be tuple of strs, not dict"],
      ["fc1", "must be tuple of strs, not str"],
      [[5], "must be tuple of strs, but found element of type int at pos 0"],
    ] as const) {
      const e = thrown(() => E.export(mlp(), [r(8, 16)], { preserve_module_call_signature: bad } as never));
      expect(e).toBeInstanceOf(TorchTypeError);
      expect(e.message).toBe(`export(): argument 'preserve_module_call_signature' ${text}`);
    }
  });

  it("kwargs must be a dict; a kwarg repeating a positional argument is an error", () => {
    for (const bad of [5, "s", [r(8, 16)], new Map()]) {
      const e = thrown(() => E.export(mlp(), [r(8, 16)], { kwargs: bad } as never));
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toMatch(/^Expecting `kwargs` to be a dict of example keyword inputs, got <class '\w+'>/);
    }
    const e = thrown(() => E.export(mlp(), [r(8, 16)], { kwargs: { x: r(8, 16) } }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/^forward\(\) got multiple values for argument 'x'/);
  });

  it("mod null is a typed error (was: Cannot read properties of null (reading 'forward'))", () => {
    const e = thrown(() => E.export(null as never, [r(8, 16)]));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toBe("Expected `mod` to be an instance of `torch.nn.Module`, got None.");
  });

  it("a number where forward passes a tensor to linear: PyTorch's TypeError (was: reading 'NaN' in linearMeta)", () => {
    const e = thrown(() => E.export(mlp(), [1]));
    expect(e).toBeInstanceOf(TorchTypeError);
    expect(e.message).toBe("linear(): argument 'input' (position 1) must be Tensor, not int");
  });
});

describe("dynamic_shapes: bad values", () => {
  it("non-finite sizes print as Python floats in the message", () => {
    const e = thrown(() => E.export(mlp(), [r(8, 16)], { dynamic_shapes: { x: { 0: NaN } } }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain("Unexpected dimension mapped to index 0 in input tensor shape {0: nan} specified at `dynamic_shapes['x']`");
    expect(e.message).toContain("but got nan instead");
  });

  it("a spec object without a prototype is reported, not a crash", () => {
    const e = thrown(() => E.export(mlp(), [r(8, 16)], { dynamic_shapes: { x: Object.create(null) } }));
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain("Unexpected input tensor shape <class 'object'> specified at `dynamic_shapes['x']`");
  });

  it("an index out of range is Python's IndexError", () => {
    const e = thrown(() => E.export(mlp(), [r(8, 16)], { dynamic_shapes: { x: { 5: Dim("b") } } }));
    expect(e).toBeInstanceOf(IndexError);
    expect(e.message).toBe("list assignment index out of range");
  });
});

describe("Dim, dims", () => {
  it("Dim('x', { min: 5, max: 2 }): PyTorch's assertion", () => {
    const e = thrown(() => Dim("x", { min: 5, max: 2 }));
    expect(e).toBeInstanceOf(AssertionError);
    expect(e.message).toBe("Cannot create Dim with inconsistent min=5, max=2");
  });

  it("Dim(''): not an identifier", () => {
    expect(thrown(() => Dim(""))).toBeInstanceOf(AssertionError);
    expect(thrown(() => Dim("")).message).toBe("Dim name must be a valid identifier, got ");
  });

  it("a name that is not a string is a TypeError (Dim() used to make a Dim named 'undefined')", () => {
    expect(thrown(() => Dim(123 as never)).message).toBe("Dim() argument 'name' must be str, not int");
    expect(thrown(() => (Dim as unknown as () => unknown)())).toBeInstanceOf(TorchTypeError);
    expect(thrown(() => (Dim as unknown as () => unknown)()).message).toBe("Dim() argument 'name' must be str, not NoneType");
  });

  it("bounds must be integers in an options object (Dim('x', null) used to crash)", () => {
    expect(Dim("x", null as never).toString()).toBe("Dim('x', min=0)");
    expect(thrown(() => Dim("x", "s" as never)).message).toBe("Dim() takes its bounds as an options object { min, max }, got str");
    expect(thrown(() => Dim("x", { min: "s" } as never)).message).toBe("Dim() argument 'min' must be int, not str");
    expect(thrown(() => Dim("x", { min: 1.5 })).message).toBe("Dim() argument 'min' must be int, not float (1.5)");
    expect(thrown(() => Dim("x", { max: NaN })).message).toBe("Dim() argument 'max' must be int, not float");
    expect(thrown(() => Dim.DYNAMIC({ min: 1.5 }))).toBeInstanceOf(TorchTypeError);
    expect(Dim.DYNAMIC(null as never).toString()).toBe("DimHint(DYNAMIC)");
    expect(thrown(() => Dim.AUTO({ min: 5, max: 2 })).message).toBe("min must be <= max");
  });

  it("dims() with bad names", () => {
    expect(thrown(() => dims("a", "", { min: 1 })).message).toBe("Dim name must be a valid identifier, got ");
    expect(thrown(() => dims(5 as never)).message).toBe("Dim() argument 'name' must be str, not int");
    expect(thrown(() => dims(null as never))).toBeInstanceOf(TorchTypeError);
    expect(dims()).toEqual([]);
  });
});

describe("ShapesCollection, AdditionalInputs", () => {
  it("ShapesCollection keys must be tensors", () => {
    const e = thrown(() => new E.ShapesCollection().set(5 as never, { 0: Dim("b") }));
    expect(e).toBeInstanceOf(exportErrors.ValueError);
    expect(e.message).toBe("Cannot assign shape to non-tensor type number");
  });

  it("dynamic_shapes(m, args) with a non-module or non-tuple args (used to crash)", () => {
    const col = new E.ShapesCollection();
    expect(thrown(() => col.dynamic_shapes(null as never, [r(8, 16)])).message).toBe("Expected `m` to be an instance of `torch.nn.Module`, got <class 'NoneType'>");
    expect(thrown(() => col.dynamic_shapes(mlp(), 5 as never))).toBeInstanceOf(UserError);
    expect(thrown(() => new E.AdditionalInputs().dynamic_shapes(mlp(), null as never))).toBeInstanceOf(UserError);
  });

  it("AdditionalInputs.add takes a tuple of args and a dict of kwargs", () => {
    expect(thrown(() => new E.AdditionalInputs().add(5 as never)).message).toBe("Representative args <class 'int'> must be a tuple");
    expect(thrown(() => new E.AdditionalInputs().add(null as never))).toBeInstanceOf(AssertionError);
    expect(thrown(() => new E.AdditionalInputs().add([r(8, 16)], 5 as never)).message).toBe("Representative kwargs <class 'int'> must be None or a dict");
  });

  it("AdditionalInputs with no additional inputs marks nothing dynamic", () => {
    expect(new E.AdditionalInputs().dynamic_shapes(mlp(), [r(8, 16)])).toEqual({ x: tuple(null, null) });
  });

  it("AdditionalInputs with inconsistent structures", () => {
    const count = thrown(() => new E.AdditionalInputs().add([r(8, 16), r(8, 16)]).dynamic_shapes(mlp(), [r(8, 16)]));
    expect(count).toBeInstanceOf(UserError);
    expect(count.message).toBe("Expected all inputs of AdditionalInputs to have the same tree structure");
    const leaf = thrown(() => new E.AdditionalInputs().add([5]).dynamic_shapes(mlp(), [r(8, 16)]));
    expect(leaf).toBeInstanceOf(UserError);
    expect(leaf.message).toContain("a tensor of 2 dimensions in one set of inputs is <class 'int'> in another");
    const rank = thrown(() => new E.AdditionalInputs().add([r(8, 16, 2)]).dynamic_shapes(mlp(), [r(8, 16)]));
    expect(rank.message).toContain("a tensor of 2 dimensions in one set of inputs is a tensor of 3 dimensions in another");
  });
});

describe("ep.module() with wrong inputs: PyTorch's errors", () => {
  const ep = E.export(mlp(), [r(8, 16)], { dynamic_shapes: { x: { 0: Dim("b", { max: 100 }) } } });
  const m = ep.module() as unknown as (...a: unknown[]) => unknown;

  it("wrong number or structure of arguments: ValueError of the tree spec check", () => {
    for (const call of [[], [r(8, 16), r(8, 16)], [[r(8, 16)]], [{ x: r(8, 16) }]]) {
      const e = thrown(() => m(...call));
      expect(e).toBeInstanceOf(InputTreeSpecError);
      expect(e.message).toMatch(/^Trying to flatten user inputs with exported input tree spec: /);
    }
  });

  it("a non-tensor where the tensor went: AttributeError of the guard code", () => {
    for (const [v, t] of [[5, "int"], [null, "NoneType"], ["s", "str"]] as const) {
      const e = thrown(() => m(v));
      expect(e).toBeInstanceOf(GuardAttributeError);
      expect(e.message).toBe(`'${t}' object has no attribute 'size'`);
    }
  });

  it("wrong shapes: the failing guard", () => {
    expect(thrown(() => m(r(8, 15))).message).toBe("Guard failed: x.size()[1] == 16");
    expect(thrown(() => m(r(200, 16)))).toBeInstanceOf(GuardFailedError);
    expect(thrown(() => m(r(200, 16))).message).toBe("Guard failed: x.size()[0] <= 100");
    expect(thrown(() => m(r(16)))).toBeInstanceOf(GuardIndexError);
    expect(thrown(() => m(r(16))).message).toBe("tuple index out of range");
  });

  it("a wrong dtype fails in the op, as in PyTorch", () => {
    const e = thrown(() => m(torch.zeros([8, 16], { dtype: torch.int64 })));
    expect(e).toBeInstanceOf(opsErrors.TorchRuntimeError);
    expect(e.message).toBe("expected mat1 and mat2 to have the same dtype, but got: long int != float");
  });
});

describe("save, unflatten, run_decompositions with bad input", () => {
  const ep = E.export(mlp(), [r(8, 16)]);

  it("torch.export.save(notAnEp): PyTorch's TypeError (was: reading 'graph_signature' of null)", () => {
    for (const [bad, t] of [[null, "NoneType"], [5, "int"], [{}, "Object"], [mlp(), "MLP"]] as const) {
      const e = thrown(() => E.save(bad as never));
      expect(e).toBeInstanceOf(TorchTypeError);
      expect(e.message).toBe(`The 'ep' parameter must be an instance of 'ExportedProgram', got '${t}' instead.`);
    }
  });

  it("torch.export.load of a non-archive value is a typed error", () => {
    const e = thrown(() => E.load(5 as never));
    expect(e).toBeInstanceOf(TorchTypeError);
    expect(e.message).toBe("torch.export.load takes a Uint8Array, an ArrayBuffer, a Blob or a file path, got 'int'");
  });

  it("torch.export.unflatten(notAnEp) (was: reading 'module_call_graph' of null)", () => {
    for (const bad of [null, {}, mlp()]) {
      const e = thrown(() => E.unflatten(bad as never));
      expect(e).toBeInstanceOf(TorchTypeError);
      expect(e.message).toMatch(/^torch\.export\.unflatten: the 'module' parameter must be an instance of 'ExportedProgram', got '\w+' instead\.$/);
    }
  });

  it("run_decompositions: null is the default table; a bad table is a TypeError", () => {
    expect(ep.run_decompositions(null as never).toString()).toBe(ep.run_decompositions().toString());
    expect(thrown(() => ep.run_decompositions(5 as never)).message).toBe(
      "run_decompositions: decomp_table must be a dict (a Map or an object) from op to decomposition function, got int",
    );
    expect(thrown(() => ep.run_decompositions({ "aten.linear.default": 5 } as never)).message).toBe(
      "run_decompositions: the decomposition of linear.default must be a function, got int",
    );
    expect(thrown(() => ep.run_decompositions(new Map([[{} as never, () => 1]]) as never))).toBeInstanceOf(TorchTypeError);
  });

  it("run_decompositions: a decomposition returning a non-tensor is named (was: reading 'length' in a meta function)", () => {
    const e = thrown(() => ep.run_decompositions({ "aten.linear.default": () => 5 } as never));
    expect(e).toBeInstanceOf(TorchTypeError);
    expect(e.message).toBe("run_decompositions: the decomposition of torch.ops.aten.linear.default returned number, but the op returns a Tensor");
  });
});

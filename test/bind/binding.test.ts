// The calling convention (issue #12): every torch function, Tensor method and F function binds its
// arguments the way Python does. Generated checks over the OpInfo samples (each argument moved
// from position to keyword gives the identical result), PyTorch's binding error texts, the
// everyday calls that used to be silently wrong, and a fast-check property over random splits.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { torch, nn, F, Tensor, Dim } from "../../src/index.js";
import { Pt2jsError } from "../../src/core/errors.js";
import { TorchTypeError } from "../../src/ops/errors.js";
import * as ops from "../../src/ops/functional.js";
import { dtypeFromName } from "../../src/tensor/dtype.js";

type Val = { t?: string; shape?: number[]; stride?: number[]; data?: (number | string)[]; seq?: string; items?: Val[]; dict?: Record<string, Val>; py?: unknown; dtype?: string; repr?: string };
interface Sample { input: Val; args: Val; kwargs: Val; output?: Val; error?: string }
interface Rec { name: string; variant: string; samples: Sample[] }
const recs: Rec[] = JSON.parse(gunzipSync(readFileSync(new URL("../fixtures/torch-2.11/ops/opinfo_samples.json.gz", import.meta.url))).toString());

class Unexpressible extends Error {}
const num = (v: number | string) => (typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity);
function toJs(v: Val): unknown {
  if (v.t !== undefined) {
    if (!v.data) throw new Unexpressible();
    const dt = dtypeFromName(v.t);
    const stride = v.stride ?? [];
    const extent = v.shape!.some((d) => d === 0) ? 0 : 1 + v.shape!.reduce((acc, d, i) => acc + (d - 1) * stride[i]!, 0);
    const t = new Tensor(dt, v.shape!, stride, 0, dt.alloc(extent));
    t._writeLogical(v.data.map((x) => (typeof x === "boolean" ? (x ? 1 : 0) : num(x))));
    return t;
  }
  if (v.seq !== undefined) return v.items!.map(toJs);
  if (v.dict !== undefined) return Object.fromEntries(Object.entries(v.dict).map(([k, x]) => [k, toJs(x)]));
  if (v.dtype !== undefined) return dtypeFromName(v.dtype);
  if (v.repr !== undefined) throw new Unexpressible();
  if (typeof v.py === "string" && ["nan", "inf", "-inf"].includes(v.py)) return num(v.py);
  return v.py;
}

/** A result as comparable data: values, dtype, shape and strides of every tensor. */
function snapshot(x: unknown): unknown {
  if (x instanceof Tensor) return { dtype: x.dtype.name, shape: x.shape.map(Number), stride: x.stride(), values: Array.from(x._values(), (v) => (Number.isNaN(v) ? "nan" : v)) };
  if (Array.isArray(x)) return x.map(snapshot);
  return x;
}

type Bound = ((...a: unknown[]) => unknown) & { parse?: (...a: unknown[]) => { op: { schema: { args: readonly { name: string; kwargOnly: boolean }[] } }; args: unknown[]; kwargs: Record<string, unknown> } };

describe("positional and keyword forms bind identically (generated over the OpInfo samples)", () => {
  it("every optional argument moved from position to keyword gives the identical result", () => {
    let calls = 0;
    const fns = new Set<string>();
    const diffs: string[] = [];
    for (const r of recs) {
      const fn = (ops as unknown as Record<string, Bound>)[r.name];
      // OpInfo's op for where/einsum is a lambda with the sample input elsewhere (not torch.X(input, ...)).
      if (!fn || !fn.parse || r.variant === "binary" || r.name === "where" || r.name === "einsum") continue;
      for (const [i, s] of r.samples.entries()) {
        if (s.error) continue;
        let call: unknown[];
        try {
          const a = toJs(s.args) as unknown[];
          const k = toJs(s.kwargs) as Record<string, unknown>;
          call = [toJs(s.input), ...a, ...(Object.keys(k).length ? [k] : [])];
        } catch (e) {
          if (e instanceof Unexpressible) continue;
          throw e;
        }
        let p;
        try {
          p = fn.parse(...call);
        } catch {
          continue;
        }
        // The non-keyword-only schema arguments, named as the Python function names them.
        const names = p.op.schema.args.filter((x) => !x.kwargOnly).map((x) => (x.name === "self" ? "input" : x.name));
        let base: unknown;
        try {
          base = snapshot(fn(...p.args, p.kwargs));
        } catch (e) {
          base = `threw ${(e as Error).constructor.name}`;
        }
        for (let split = 1; split <= p.args.length; split++) {
          const kw: Record<string, unknown> = { ...p.kwargs };
          names.slice(split, p.args.length).forEach((n, j) => (kw[n] = p.args[split + j]));
          let got: unknown;
          try {
            got = snapshot(fn(...p.args.slice(0, split), kw));
          } catch (e) {
            got = `threw ${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 80)}`;
          }
          calls++;
          fns.add(r.name);
          if (JSON.stringify(got) !== JSON.stringify(base)) diffs.push(`${r.name}#${i} split ${split}: ${JSON.stringify(got).slice(0, 120)}`);
        }
      }
    }
    console.log(`binding: ${calls} positional/keyword splits over ${fns.size} functions`);
    expect(diffs).toEqual([]);
    expect(fns.size).toBeGreaterThan(100);
  });
});

const x = () => torch.arange(12, { dtype: torch.float32 }).reshape(3, 4);

describe("everyday calls (issue #12): keyword arguments are never ignored", () => {
  it("torch functions and methods", () => {
    expect(Array.from(x().tril({ diagonal: 1 })._values())).toEqual([0, 1, 0, 0, 4, 5, 6, 0, 8, 9, 10, 11]);
    const tk = x().topk(2, { dim: -1 });
    expect(tk.values.shape).toEqual([3, 2]);
    expect(Array.from(tk.values._values())).toEqual([3, 2, 7, 6, 11, 10]);
    expect(x().flatten({ start_dim: 1 }).shape).toEqual([3, 4]);
    expect(x().view(2, 6).shape).toEqual([2, 6]);
    expect(torch.view(x(), 2, 6).shape).toEqual([2, 6]);
    expect(x().permute(1, 0).shape).toEqual([4, 3]);
    expect(torch.cat([x(), x()], { dim: 1 }).shape).toEqual([3, 8]);
    expect(torch.cat([x(), x()], 1).shape).toEqual([3, 8]);
    expect(x().sum(1, { keepdim: true }).shape).toEqual([3, 1]);
    expect(x().sum({ dim: 1, keepdim: true }).shape).toEqual([3, 1]);
    expect(x().sum({ axis: 0, keepdims: true }).shape).toEqual([1, 4]); // numpy names, as PyTorch's parser accepts
    expect(torch.zeros(2, 3, { dtype: torch.int64 }).dtype).toBe(torch.int64);
    expect(torch.zeros([2, 3]).shape).toEqual([2, 3]);
    expect(torch.full([2], 7, { dtype: torch.int32 }).dtype).toBe(torch.int32);
    expect(x().div(2, { rounding_mode: "floor" }).dtype).toBe(torch.float32);
    expect(Array.from(torch.clamp(x(), { min: 3, max: 5 })._values()).slice(0, 7)).toEqual([3, 3, 3, 3, 4, 5, 5]);
    expect(x().std({ unbiased: false }).item()).toBeCloseTo(Math.sqrt(143 / 12), 5);
    expect(x().var(1, { correction: 0 }).shape).toEqual([3]);
    expect(x().size({ dim: 1 })).toBe(4);
    expect(x().norm({ dim: 1 }).shape).toEqual([3]);
    expect(x().norm(1, { dim: 1, keepdim: true }).shape).toEqual([3, 1]);
    expect(caught(() => loose(x().dim).call(x(), 0)).message).toBe("dim() takes 1 positional argument but 2 were given");
  });

  it("F functions", () => {
    const img = torch.randn(1, 3, 8, 8);
    const w = torch.randn(8, 3, 3, 3);
    const b = torch.randn(8);
    expect(F.conv2d(img, w, b, { stride: 2, padding: 1 }).shape).toEqual([1, 8, 4, 4]);
    expect(F.conv2d(img, w, { bias: b, stride: 2, padding: 1 }).shape).toEqual([1, 8, 4, 4]);
    expect(F.max_pool2d(img, { kernel_size: 2 }).shape).toEqual([1, 3, 4, 4]);
    const d = F.dropout(img, { p: 0.1, training: false });
    expect(Array.from(d._values())).toEqual(Array.from(img._values()));
    const gw = torch.ones(3), gb = torch.zeros(3);
    expect(F.group_norm(img, 3, { weight: gw, bias: gb }).shape).toEqual([1, 3, 8, 8]);
    expect(F.scaled_dot_product_attention(torch.randn(1, 2, 4, 8), torch.randn(1, 2, 4, 8), torch.randn(1, 2, 4, 8), { is_causal: true }).shape).toEqual([1, 2, 4, 8]);
    expect(F.softmax(x(), { dim: -1 }).shape).toEqual([3, 4]);
    expect(F.interpolate(img, { scale_factor: 2 }).shape).toEqual([1, 3, 16, 16]);
    expect(F.interpolate(img, [4, 4]).shape).toEqual([1, 3, 4, 4]);
    expect(F.gelu(x(), { approximate: "tanh" }).shape).toEqual([3, 4]);
  });

  it("nn constructors: positional, keyword and mixed", () => {
    expect(new nn.Linear(4, 2, false).toString()).toBe("Linear(in_features=4, out_features=2, bias=False)");
    expect(new nn.Linear(4, 2, { bias: false }).bias).toBe(null);
    expect(new nn.Linear({ in_features: 4, out_features: 2 }).toString()).toBe("Linear(in_features=4, out_features=2, bias=True)");
  });
});

/** A function as an untyped callable: the bad calls below are meant to be wrong. */
const loose = (f: unknown) => f as (...a: unknown[]) => unknown;
const caught = (f: () => unknown): Error => {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("did not throw");
};

describe("binding errors are PyTorch's TypeError texts", () => {
  it("python_arg_parser (torch functions and methods)", () => {
    const t = x();
    const cases: [() => unknown, string][] = [
      [() => t.tril({ diagonal: 1, diagonl: 2 }), "tril() got an unexpected keyword argument 'diagonl'"],
      [() => torch.cat([t, t], 0, { dim: 1 }), "cat() got multiple values for argument 'dim'"],
      [() => (torch.tril as (...a: unknown[]) => unknown)(), 'tril() missing 1 required positional arguments: "input"'],
      [() => torch.tril(t, 1, 2), "tril() takes from 1 to 2 positional arguments but 3 were given"],
      [() => torch.tril(t, "a"), "tril(): argument 'diagonal' (position 2) must be int, not str"],
      [() => torch.tril(t, { diagonal: "a" }), "tril(): argument 'diagonal' must be int, not str"],
      [() => torch.cat([t, 1]), "cat(): argument 'tensors' (position 1) must be tuple of Tensors, but found element of type int at pos 1"],
      // one overload fits two arguments: it reports its own error (print_error's single plausible signature)
      [() => t.sum(1, 1), "sum(): argument 'keepdim' (position 2) must be bool, not int"],
      [() => t.view("a"), "view() received an invalid combination of arguments - got (str), but expected one of:"],
      [() => F.conv2d(torch.randn(1, 3, 4, 4), torch.randn(2, 3, 3, 3), { strid: 2 }), "conv2d() received an invalid combination of arguments - got (Tensor, Tensor, strid=int), but expected one of:"],
      [() => torch.linear(1, t), "linear(): argument 'input' (position 1) must be Tensor, not int"],
    ];
    for (const [f, text] of cases) {
      const e = caught(f);
      expect(e).toBeInstanceOf(TorchTypeError);
      expect(e.message.startsWith(text), `${e.message} / ${text}`).toBe(true);
    }
  });

  it("CPython (F's Python functions, nn constructors, torch.export)", () => {
    const t = x();
    const cases: [() => unknown, string][] = [
      [() => loose(F.dropout)(t, { q: 1 }), "dropout() got an unexpected keyword argument 'q'"],
      [() => (F.dropout as (...a: unknown[]) => unknown)(), "dropout() missing 1 required positional argument: 'input'"],
      [() => loose(F.dropout)(t, 0.1, true, false, 1), "dropout() takes from 1 to 4 positional arguments but 5 were given"],
      [() => F.dropout(t, 0.1, { p: 0.2 }), "dropout() got multiple values for argument 'p'"],
      [() => loose(F.batch_norm)(t), "batch_norm() missing 2 required positional arguments: 'running_mean' and 'running_var'"],
      [() => new nn.Linear(4), "Linear.__init__() missing 1 required positional argument: 'out_features'"],
      [() => new nn.Linear(4, 2, { bais: false }), "Linear.__init__() got an unexpected keyword argument 'bais'"],
      [() => new nn.Linear(4, 2, true, null, null, 1), "Linear.__init__() takes from 3 to 6 positional arguments but 7 were given"],
      [() => torch.export.export(new nn.Linear(4, 2), [t], { dynamic_shape: {} } as never), "export() got an unexpected keyword argument 'dynamic_shape'"],
      [() => Dim("batch", { mn: 2 } as never), "Dim() got an unexpected keyword argument 'mn'"],
      [() => Dim.AUTO({ maximum: 8 } as never), "Dim.AUTO() got an unexpected keyword argument 'maximum'"],
    ];
    for (const [f, text] of cases) {
      const e = caught(f);
      expect(e).toBeInstanceOf(TorchTypeError);
      expect(e.message).toBe(text);
    }
  });
});

describe("fast-check", () => {
  // Valid calls as (function, full positional list, keyword-only kwargs, Python names of the positional parameters).
  const catalog: [string, (...a: unknown[]) => unknown, unknown[], string[]][] = [
    // (torch functions are BoundFns: untyped callables already)
    ["tril", torch.tril, [x(), 1], ["input", "diagonal"]],
    ["sum", torch.sum, [x(), [1], true], ["input", "dim", "keepdim"]],
    ["topk", torch.topk, [x(), 2, 0, false, true], ["input", "k", "dim", "largest", "sorted"]],
    ["conv2d", torch.conv2d, [torch.randn(1, 3, 6, 6), torch.randn(4, 3, 3, 3), null, 2, 1, 1, 1], ["input", "weight", "bias", "stride", "padding", "dilation", "groups"]],
    ["F.dropout", loose(F.dropout), [x(), 0.3, false, false], ["input", "p", "training", "inplace"]],
    ["F.layer_norm", loose(F.layer_norm), [x(), [4], null, null, 1e-3], ["input", "normalized_shape", "weight", "bias", "eps"]],
    ["F.max_pool2d", loose(F.max_pool2d), [torch.randn(1, 2, 6, 6), 2, 2, 1, 1, true], ["input", "kernel_size", "stride", "padding", "dilation", "ceil_mode"]],
    ["avg_pool2d", loose(F.avg_pool2d), [torch.randn(1, 2, 6, 6), 3, 2, 1, true, false], ["input", "kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"]],
    ["narrow", torch.narrow, [x(), 1, 1, 2], ["input", "dim", "start", "length"]],
  ];
  it("random positional/keyword splits of valid calls bind identically", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: catalog.length - 1 }), fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }), (which, asKw) => {
        const [, fn, args, names] = catalog[which]!;
        const base = JSON.stringify(snapshot(fn(...args)));
        // First keyword position: everything after it goes by name, in a shuffled subset order.
        const first = 1 + asKw.slice(1).findIndex((b) => b);
        const split = first <= 0 ? args.length : Math.min(first, args.length);
        const kw: Record<string, unknown> = {};
        names.slice(split).forEach((n, i) => (kw[n] = args[split + i]));
        const got = JSON.stringify(snapshot(fn(...args.slice(0, split), kw)));
        return got === base;
      }),
      { numRuns: 300 },
    );
  });

  it("random bad calls never throw an untyped error", () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null), fc.string({ maxLength: 3 }),
      fc.constant(x()), fc.array(fc.integer({ min: -2, max: 3 }), { maxLength: 3 }), fc.constant(torch.float32),
      fc.dictionary(fc.constantFrom("dim", "keepdim", "p", "input", "bias", "stride", "diagonal", "zzz", "dtype"), fc.integer({ min: -1, max: 2 }), { maxKeys: 2 }));
    const fns = catalog.map((c) => c[1]).concat([torch.cat, torch.where, torch.view, x().view.bind(x()), torch.zeros, F.interpolate, F.softmax, torch.max] as never[]);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: fns.length - 1 }), fc.array(value, { maxLength: 5 }), (i, args) => {
        try {
          fns[i]!(...args);
        } catch (e) {
          if (!(e instanceof Pt2jsError)) throw new Error(`untyped ${(e as Error).constructor.name}: ${(e as Error).message} for fn ${i} args ${args.map(String).join(", ")}`);
        }
        return true;
      }),
      { numRuns: 1500 },
    );
  });
});

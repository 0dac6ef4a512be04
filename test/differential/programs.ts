// Every program the test suite can export, enumerated from the existing case definitions (not
// copies): the zoo and shapes reference cases (test/models + conformance/cases.ts, the ones PyTorch
// exports), the ExportDB ports (test/models/exportdb), one single-op program per OpInfo sample the
// kernel tests map (test/ops/opinfo_map.ts, up to 3 samples per entry), and the
// in-place / view cases of this folder (inplace_cases.ts, also run by PyTorch's oracle).
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { nn, torch } from "../../src/torch.js";
import type { Module } from "../../src/nn/index.js";
import { Dim } from "../../src/export/dim.js";
import type { ExportOptions } from "../../src/export/export.js";
import { Tensor, dtypeFromName } from "../../src/tensor/index.js";
import { MODEL_CASES } from "../models/index.js";
import { EXPORTDB_CASES } from "../models/exportdb/index.js";
import { resnet18 } from "../models/resnet.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { inputsOf, loadFixtures, type ExportCall, type Fixture } from "../conformance/runner.js";
import * as opinfoMap from "../ops/opinfo_map.js";
import { INPLACE_CASES } from "./inplace_cases.js";

export interface DiffProgram {
  name: string;
  /** A fresh model (its parameters are fixed by the constructor's seeded init or by the test). */
  make: () => Module;
  /** The example inputs. */
  args: unknown[];
  kwargs: Record<string, unknown>;
  options: ExportOptions;
  /** Integer and bool inputs keep their values (indices, sizes read by item()); floats are still redrawn. */
  fixedValues?: boolean;
}

function fromCall(name: string, make: () => Module, f: Fixture, call: ExportCall): DiffProgram {
  const leaves = inputsOf(f);
  const built = call.inputs ? call.inputs(leaves) : { args: leaves };
  const { inputs: _inputs, ...options } = call;
  void _inputs;
  return {
    name,
    make,
    args: built.args,
    kwargs: built.kwargs ?? {},
    options: { ...options, ...(built.dynamic_shapes !== undefined ? { dynamic_shapes: built.dynamic_shapes } : {}) } as ExportOptions,
  };
}

/**
 * Example values where the fixture's shapes are not enough (its values are placeholders):
 * gen_reference.py exports item_check with n = torch.tensor(4).
 */
const EXAMPLE_VALUES: Record<string, (args: unknown[]) => unknown[]> = {
  "zoo/item_check": ([x]) => [x, torch.tensor(4)],
};

/** The zoo and shapes cases PyTorch exports (its fixture has a program, not an error). */
export function corpusPrograms(): DiffProgram[] {
  const out: DiffProgram[] = [];
  for (const group of ["zoo", "shapes"]) {
    for (const [name, f] of Object.entries(loadFixtures(group))) {
      const key = `${group}/${name}`;
      if (!f.ok || !(key in MODEL_CASES) || !(key in EXPORT_CALLS)) continue;
      const p = fromCall(key, MODEL_CASES[key]!.make, f, EXPORT_CALLS[key]!());
      const values = EXAMPLE_VALUES[key];
      out.push(values === undefined ? p : { ...p, args: values(p.args), fixedValues: true });
    }
  }
  return out;
}

export function exportdbPrograms(): DiffProgram[] {
  const fixtures = loadFixtures("exportdb");
  return Object.entries(EXPORTDB_CASES)
    .filter(([name]) => fixtures[name]?.ok === true)
    .map(([name, c]) => fromCall(`exportdb/${name}`, c.make, fixtures[name]!, c.call()));
}

/**
 * ResNet-18 (not in allPrograms: its eager run on 224x224 inputs takes minutes in the reference
 * kernels; RESNET=1 adds it). Its decomposed program is compared with PyTorch's in big.test.ts.
 */
export function modelPrograms(): DiffProgram[] {
  const big = JSON.parse(readFileSync(new URL("../fixtures/torch-2.11/conformance/big.json", import.meta.url), "utf8")) as Record<string, Fixture>;
  const f = big.resnet18_dynamic_batch!;
  return [{
    name: "big/resnet18_dynamic_batch",
    make: () => resnet18().eval(),
    args: inputsOf(f),
    kwargs: {},
    options: { dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 512 }) } } },
  }];
}

/** nn modules whose ops decompose into unrolled cells (nn.LSTM's lstm.input, nn.GRUCell's gru_cell). */
export function modulePrograms(): DiffProgram[] {
  const seq = (m: () => Module, args: () => unknown[], name: string): DiffProgram => ({ name: `modules/${name}`, make: m, args: args(), kwargs: {}, options: {} });
  return [
    seq(() => new nn.LSTM(3, 5, { num_layers: 2 }), () => [torch.randn(4, 2, 3)], "lstm_2_layers"),
    seq(() => new nn.LSTM(3, 4, { batch_first: true, bidirectional: true }), () => [torch.randn(2, 3, 3)], "lstm_bidirectional_batch_first"),
    seq(() => new nn.LSTM(3, 4), () => [torch.randn(5, 3)], "lstm_unbatched"),
    seq(() => new nn.GRUCell(3, 4), () => [torch.randn(2, 3), torch.randn(2, 4)], "gru_cell"),
  ];
}

export function inplacePrograms(): DiffProgram[] {
  return Object.entries(INPLACE_CASES).map(([name, c]) => ({
    name: `inplace/${name}`,
    make: c.make,
    args: c.args(),
    kwargs: {},
    options: c.dynamic_shapes === undefined ? {} : { dynamic_shapes: c.dynamic_shapes() },
    fixedValues: c.fixedValues,
  }));
}

// ---- OpInfo samples as single-op programs: the sample's tensors are the program's inputs, the
// rest of its arguments are constants of the program.

type Val = { t?: string; shape?: number[]; stride?: number[]; data?: (number | string | boolean)[]; seq?: string; items?: Val[]; dict?: Record<string, Val>; py?: unknown; dtype?: string; repr?: string };
interface Sample { input: Val; args: Val; kwargs: Val; output?: Val; error?: string }
interface Rec { name: string; variant: string; samples: Sample[] }
type OpFn = (x: unknown, a: unknown[], k: Record<string, unknown>) => unknown;

class Unexpressible extends Error {}
const num = (v: number | string | boolean) => (typeof v === "boolean" ? (v ? 1 : 0) : typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity);

function toJs(v: Val): unknown {
  if (v.t !== undefined) {
    if (!v.data) throw new Unexpressible("input without data");
    const dt = dtypeFromName(v.t);
    const shape = v.shape!;
    const stride = v.stride ?? [];
    const extent = shape.some((d) => d === 0) ? 0 : 1 + shape.reduce((acc, d, i) => acc + (d - 1) * stride[i]!, 0);
    const t = new Tensor(dt, shape, stride, 0, dt.alloc(extent));
    t._writeLogical(v.data.map(num));
    return t;
  }
  if (v.seq !== undefined) return v.items!.map(toJs);
  if (v.dict !== undefined) return Object.fromEntries(Object.entries(v.dict).map(([k, x]) => [k, toJs(x)]));
  if (v.dtype !== undefined) return dtypeFromName(v.dtype);
  if (v.repr !== undefined) {
    const m = /^slice\((\S+), (\S+), (\S+)\)$/.exec(v.repr);
    if (m) {
      const n = (x: string) => (x === "None" ? null : Number(x));
      return new opinfoMap.SliceItem(n(m[1]!), n(m[2]!), n(m[3]!));
    }
    throw new Unexpressible(`argument ${v.repr}`);
  }
  if (typeof v.py === "string" && ["nan", "inf", "-inf"].includes(v.py)) return num(v.py);
  return v.py;
}

// The tensors of a sample (in order) and a function rebuilding its (x, a, k) around given tensors.
function tensorsOf(value: unknown, out: Tensor[]): void {
  if (value instanceof Tensor) out.push(value);
  else if (Array.isArray(value)) value.forEach((v) => tensorsOf(v, out));
  else if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach((v) => tensorsOf(v, out));
}
function replaceTensors(value: unknown, next: () => Tensor): unknown {
  if (value instanceof Tensor) return next();
  if (Array.isArray(value)) return value.map((v) => replaceTensors(v, next));
  if (value !== null && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceTensors(v, next)]));
  }
  return value;
}

/** A module calling one op on its inputs (the sample's tensors), the other arguments fixed. */
class OpProgram extends nn.Module {
  forwardArgNames: readonly string[];
  constructor(
    private readonly fn: OpFn,
    private readonly sample: [unknown, unknown[], Record<string, unknown>],
    count: number,
  ) {
    super();
    this.forwardArgNames = Array.from({ length: count }, (_, i) => `t${i}`);
  }
  override forward(...ts: Tensor[]): unknown {
    let i = 0;
    const [x, a, k] = replaceTensors(this.sample, () => ts[i++]!) as [unknown, unknown[], Record<string, unknown>];
    return this.fn(x, a, k);
  }
}

// Entries whose programs pt2js cannot export as one graph (random ops: eager and exported runs draw
// different numbers), or whose result is uninitialized memory.
const NOT_COMPARABLE = /^(nn\.functional\.dropout|rand|randn|randint|bernoulli|normal|uniform|multinomial|empty|new_empty|empty_like)/;

export const OPINFO_SAMPLES_PER_ENTRY = 3;

export function opinfoPrograms(): DiffProgram[] {
  const recs: Rec[] = JSON.parse(gunzipSync(readFileSync(new URL("../fixtures/torch-2.11/ops/opinfo_samples.json.gz", import.meta.url))).toString());
  const map = opinfoMap as unknown as { opinfoCall?: (k: string) => OpFn | undefined; OPINFO?: Record<string, OpFn> };
  const callOf = (k: string): OpFn | undefined => map.opinfoCall?.(k) ?? map.OPINFO?.[k];
  const out: DiffProgram[] = [];
  for (const r of recs) {
    const key = r.variant ? `${r.name}|${r.variant}` : r.name;
    const fn = callOf(key);
    if (fn === undefined || NOT_COMPARABLE.test(key)) continue;
    let taken = 0;
    for (const [i, s] of r.samples.entries()) {
      if (taken >= OPINFO_SAMPLES_PER_ENTRY || s.error !== undefined) continue;
      let sample: [unknown, unknown[], Record<string, unknown>];
      try {
        const k = toJs(s.kwargs) as Record<string, unknown>;
        delete k.device;
        delete k.requires_grad;
        sample = [toJs(s.input), toJs(s.args) as unknown[], k];
      } catch (e) {
        if (e instanceof Unexpressible) continue;
        throw e;
      }
      const tensors: Tensor[] = [];
      tensorsOf(sample, tensors);
      if (tensors.length === 0 || tensors.some((t) => t.numel() === 0)) continue;
      // Runs eagerly first: samples our API cannot reproduce are not programs.
      try {
        fn(...(replaceTensors(sample, ((j) => () => tensors[j++]!)(0)) as [unknown, unknown[], Record<string, unknown>]));
      } catch {
        continue;
      }
      taken++;
      out.push({
        name: `opinfo/${key}#${i}`,
        make: () => new OpProgram(fn, sample, tensors.length),
        args: tensors,
        kwargs: {},
        options: {},
        fixedValues: false,
      });
    }
  }
  return out;
}

/** Every program, by name. */
export function allPrograms(): DiffProgram[] {
  const models = typeof process !== "undefined" && process.env.RESNET === "1" ? modelPrograms() : [];
  return [...corpusPrograms(), ...exportdbPrograms(), ...inplacePrograms(), ...modulePrograms(), ...opinfoPrograms(), ...models];
}

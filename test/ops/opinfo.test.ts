// Reference kernels against PyTorch 2.11's OpInfo samples (test/fixtures/torch-2.11/ops): every
// sample our API can express must give PyTorch's output (float rtol 1e-5 / atol 1e-5, exact for
// ints and bools) or, where PyTorch raised, a typed error. Prints per-op and total counts.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { Tensor, dtypeFromName } from "../../src/tensor/index.js";
import { Pt2jsError } from "../../src/core/errors.js";
import { opinfoCall, SkipSample, SliceItem } from "./opinfo_map.js";
import { NotImplementedOpError } from "../../src/ops/errors.js";
import { NotImplementedError } from "../../src/nn/errors.js";

type Val = { t?: string; shape?: number[]; stride?: number[]; data?: (number | string)[]; seq?: string; items?: Val[]; dict?: Record<string, Val>; py?: unknown; dtype?: string; repr?: string };
interface Sample { input: Val; args: Val; kwargs: Val; output?: Val; error?: string }
interface Rec { name: string; variant: string; samples: Sample[] }

const recs: Rec[] = JSON.parse(gunzipSync(readFileSync(new URL("../fixtures/torch-2.11/ops/opinfo_samples.json.gz", import.meta.url))).toString());

class Unexpressible extends Error {}
const strideDiffs: string[] = [];
let currentKey = "";
const num = (v: number | string) => (typeof v === "number" ? v : v === "nan" ? NaN : v === "inf" ? Infinity : -Infinity);

/** A fixture value as a JS value: tensors rebuilt with their strides (a permuted or expanded view). */
function toJs(v: Val): unknown {
  if (v.t !== undefined) {
    if (!v.data) throw new Unexpressible("input without data");
    const dt = dtypeFromName(v.t);
    const shape = v.shape!;
    // Rebuild the sample's layout (permuted, expanded, ...) from its strides.
    const stride = v.stride ?? [];
    const extent = shape.some((d) => d === 0) ? 0 : 1 + shape.reduce((acc, d, i) => acc + (d - 1) * stride[i]!, 0);
    const t = new Tensor(dt, shape, stride, 0, dt.alloc(extent));
    t._writeLogical(v.data.map((x) => (typeof x === "boolean" ? (x ? 1 : 0) : num(x))));
    return t;
  }
  if (v.seq !== undefined) return v.items!.map(toJs);
  if (v.dict !== undefined) return Object.fromEntries(Object.entries(v.dict).map(([k, x]) => [k, toJs(x)]));
  if (v.dtype !== undefined) return dtypeFromName(v.dtype);
  if (v.repr !== undefined) {
    const m = /^slice\((\S+), (\S+), (\S+)\)$/.exec(v.repr);
    if (m) {
      const n = (x: string) => (x === "None" ? null : Number(x));
      return new SliceItem(n(m[1]!), n(m[2]!), n(m[3]!));
    }
    throw new Unexpressible(`argument ${v.repr}`);
  }
  if (typeof v.py === "string" && ["nan", "inf", "-inf"].includes(v.py)) return num(v.py);
  return v.py;
}

function close(a: number, b: number, isFloat: boolean): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!isFloat) return a === b;
  if (a === b) return true;
  return Math.abs(a - b) <= 1e-5 + 1e-5 * Math.abs(b);
}

/** Empty string when `got` matches the expected fixture value, else what differs. */
function compare(got: unknown, exp: Val, path = "out"): string {
  if (exp.t !== undefined) {
    if (!(got instanceof Tensor)) return `${path}: expected a tensor, got ${String(got)}`;
    if (got.dtype.name !== exp.t) return `${path}: dtype ${got.dtype.name} != ${exp.t}`;
    if (JSON.stringify(got.shape) !== JSON.stringify(exp.shape)) return `${path}: shape [${got.shape}] != [${exp.shape}]`;
    if (exp.stride && got.numel() as number > 1 && JSON.stringify(got.stride()) !== JSON.stringify(exp.stride)) strideDiffs.push(`${currentKey} ${path}: stride [${got.stride()}] != [${exp.stride}] shape [${got.shape}]`);
    if (!exp.data) return "";
    const vals = got._values();
    const isFloat = got.dtype.category === 2;
    for (let i = 0; i < exp.data.length; i++) {
      const e = exp.data[i]!;
      const ev = typeof e === "boolean" ? (e ? 1 : 0) : num(e);
      if (!close(vals[i]!, ev, isFloat)) return `${path}[${i}]: ${vals[i]} != ${ev}`;
    }
    return "";
  }
  if (exp.seq !== undefined) {
    if (!Array.isArray(got)) return `${path}: expected a sequence`;
    if (got.length !== exp.items!.length) return `${path}: length ${got.length} != ${exp.items!.length}`;
    for (let i = 0; i < got.length; i++) {
      const d = compare(got[i], exp.items![i]!, `${path}[${i}]`);
      if (d) return d;
    }
    return "";
  }
  if ("py" in exp) return got === exp.py || (typeof got === "number" && close(got, num(exp.py as number), true)) ? "" : `${path}: ${String(got)} != ${String(exp.py)}`;
  return `${path}: cannot compare ${JSON.stringify(exp).slice(0, 80)}`;
}

describe("OpInfo samples (PyTorch 2.11)", () => {
  it("every extracted OpInfo entry has a mapping", () => {
    const missing = recs.map((r) => (r.variant ? `${r.name}|${r.variant}` : r.name)).filter((k) => !opinfoCall(k));
    expect(missing).toEqual([]);
  });

  it("reference kernels match PyTorch's outputs", () => {
    let matched = 0;
    let attempted = 0;
    let skipped = 0;
    const failures: string[] = [];
    const lines: string[] = [];
    const notImplemented: string[] = [];
    for (const r of recs) {
      const key = r.variant ? `${r.name}|${r.variant}` : r.name;
      const fn = opinfoCall(key)!;
      currentKey = key;
      let m = 0;
      let n = 0;
      for (const [i, s] of r.samples.entries()) {
        let x: unknown, a: unknown[], k: Record<string, unknown>;
        try {
          x = toJs(s.input);
          a = toJs(s.args) as unknown[];
          k = toJs(s.kwargs) as Record<string, unknown>;
          delete k.device;
          delete k.requires_grad;
        } catch (e) {
          if (e instanceof Unexpressible) {
            skipped++;
            continue;
          }
          throw e;
        }
        n++;
        try {
          const got = fn(x, a, k);
          if (s.error) failures.push(`${key}#${i}: PyTorch raised ${s.error.slice(0, 100)}, pt2js returned`);
          else {
            const d = compare(got, s.output!);
            if (d) failures.push(`${key}#${i}: ${d}`);
            else m++;
          }
        } catch (e) {
          // Random streams, and what pt2js reports it does not implement (a typed error), count as
          // not expressible; they are listed below.
          if (e instanceof SkipSample || ((e instanceof NotImplementedOpError || e instanceof NotImplementedError) && !s.error)) {
            if (!(e instanceof SkipSample)) notImplemented.push(`${key}#${i}: ${(e as Error).message.slice(0, 100)}`);
            n--;
            skipped++;
          } else if (s.error && e instanceof Pt2jsError) m++;
          else failures.push(`${key}#${i}: ${s.error ? "expected " + s.error.slice(0, 60) + "; " : ""}threw ${(e as Error).constructor.name}: ${(e as Error).message.slice(0, 160)}`);
        }
      }
      matched += m;
      attempted += n;
      lines.push(`${key.padEnd(44)} ${m}/${n}`);
    }
    console.log(lines.join("\n"));
    console.log(`OpInfo total: ${matched}/${attempted} matched (${skipped} samples not expressible)`);
    if (notImplemented.length) console.log("not implemented by pt2js (typed error):\n  " + notImplemented.join("\n  "));
    if (failures.length) console.log("mismatches:\n  " + failures.join("\n  "));
    if (strideDiffs.length) console.log("stride differences:\n  " + strideDiffs.join("\n  "));
    expect(failures).toEqual([]);
    // Output layouts (strides) are PyTorch's too.
    expect(strideDiffs).toEqual([]);
  });
});

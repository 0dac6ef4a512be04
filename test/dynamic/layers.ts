// The per-layer dynamic export table: every case of test/fixtures/dynamic_layers/cases.json (nn
// modules and F functions) exported with every input dim Dim.AUTO, then each dim alone Dim.DYNAMIC;
// summarized as tools/dynamic-layers/gen_reference.py summarizes PyTorch's programs.
import { readFileSync } from "node:fs";
import { torch, nn, F, Dim, type Tensor, type DynamicShape } from "../../src/index.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";

type Literal = number | boolean | string | number[] | null;
export interface LayerCase {
  name: string;
  module?: string;
  ctor?: Literal[];
  ctor_kwargs?: Record<string, Literal>;
  fn?: string;
  args?: Literal[];
  kwargs?: Record<string, Literal>;
  eval?: boolean;
  call?: "all" | "first" | "self_attention";
  inputs: (number | "long")[][];
}

export interface AutoSummary {
  status: string;
  message?: string;
  inputs?: (number | "S")[][];
  ranges?: ([number, number | "inf"] | null)[][];
  outputs?: ((number | "S")[] | string)[];
  ops?: string[];
}
export interface CaseSummary {
  auto: AutoSummary;
  dynamic: Record<string, string>;
}

const here = (p: string) => new URL(`../fixtures/dynamic_layers/${p}`, import.meta.url);
export const cases: LayerCase[] = JSON.parse(readFileSync(here("cases.json"), "utf8"));
export const reference: { torch: string; cases: Record<string, CaseSummary> } = JSON.parse(readFileSync(here("torch-2.6.json"), "utf8"));

function makeInputs(specs: LayerCase["inputs"]): Tensor[] {
  torch.manual_seed(0);
  return specs.map((s) => {
    const shape = s.filter((d): d is number => typeof d === "number");
    return s.includes("long") ? torch.zeros(shape, { dtype: torch.int64 }) : torch.randn(...shape);
  });
}

type Body = (xs: Tensor[]) => unknown;
class Case1 extends nn.Module {
  constructor(readonly body: Body) { super(); }
  override forward(x0: Tensor) { return this.body([x0]); }
}
class Case2 extends nn.Module {
  constructor(readonly body: Body) { super(); }
  override forward(x0: Tensor, x1: Tensor) { return this.body([x0, x1]); }
}
class Case3 extends nn.Module {
  constructor(readonly body: Body) { super(); }
  override forward(x0: Tensor, x1: Tensor, x2: Tensor) { return this.body([x0, x1, x2]); }
}

function withKwargs(args: unknown[], kwargs: Record<string, Literal> | undefined): unknown[] {
  return kwargs && Object.keys(kwargs).length > 0 ? [...args, { ...kwargs }] : args;
}

function build(c: LayerCase): nn.Module {
  let body: Body;
  let m: nn.Module | null = null;
  if (c.module !== undefined) {
    const Ctor = (nn as unknown as Record<string, new (...a: unknown[]) => nn.Module>)[c.module]!;
    const mod = new Ctor(...withKwargs(c.ctor ?? [], c.ctor_kwargs));
    m = mod;
    const call = c.call ?? "all";
    const f = mod as unknown as (...a: unknown[]) => unknown;
    body = (xs) => {
      if (call === "self_attention") return (f(xs[0], xs[0], xs[0]) as Tensor[])[0];
      const out = f(...xs);
      return call === "first" ? (out as Tensor[])[0] : out;
    };
  } else {
    const fn = (F as unknown as Record<string, (...a: unknown[]) => unknown>)[c.fn!]!;
    body = (xs) => fn(...withKwargs((c.args ?? []).map((v) => (typeof v === "string" && v.startsWith("$") ? xs[Number(v.slice(1))] : v)), c.kwargs));
  }
  const Wrapper = [Case1, Case2, Case3][c.inputs.length - 1]!;
  const w = new Wrapper(body);
  if (m !== null) (w as unknown as { m: nn.Module }).m = m;
  if (c.eval) w.eval();
  return w;
}

function isStatic(d: unknown): number | null {
  return typeof d === "number" ? d : null;
}
const pattern = (shape: readonly unknown[]) => shape.map((d) => isStatic(d) ?? ("S" as const));

function errorKind(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Constraints violated|specialized/.test(msg)) return "error:constraint";
  return `error:${e instanceof Error ? e.constructor.name : typeof e}`;
}

function summarize(ep: ExportedProgram, n: number): AutoSummary {
  const nodes = [...ep.graph.nodes];
  const phs = nodes.filter((x) => x.op === "placeholder").slice(-n);
  const ranges = new Map(ep.range_constraints.map((r) => [r.key, r]));
  const inputs: (number | "S")[][] = [];
  const rs: ([number, number | "inf"] | null)[][] = [];
  for (const p of phs) {
    const shape = (p.meta.val as { shape: unknown[] }).shape;
    inputs.push(pattern(shape));
    rs.push(shape.map((d) => {
      if (isStatic(d) !== null) return null;
      const r = ranges.get(String(d));
      if (r === undefined) return `missing:${String(d)}` as unknown as null;
      return [r.lower, r.upper === Infinity ? "inf" : r.upper];
    }));
  }
  const out = nodes.find((x) => x.op === "output")!;
  const outArg = out.args[0] as unknown;
  const outList = (Array.isArray(outArg) ? outArg : (outArg as { items: unknown[] }).items) as { meta?: { val?: unknown } }[];
  const outs = outList.map((o) => {
    const v = o.meta?.val as { shape?: unknown[] } | undefined;
    return v && Array.isArray(v.shape) ? pattern(v.shape) : String(v);
  });
  const ops = nodes.filter((x) => x.op === "call_function").map((x) => {
    const t = x.target as { qualifiedName?: string };
    return (t.qualifiedName ?? String(x.target)).replace(/^torch\.ops\./, "");
  });
  return { status: "ok", inputs, ranges: rs, outputs: outs, ops };
}

export function runCase(c: LayerCase): CaseSummary {
  const xs = makeInputs(c.inputs);
  const names = xs.map((_, i) => `x${i}`);
  let auto: AutoSummary;
  try {
    const ds = Object.fromEntries(names.map((nm, k) => [nm, Object.fromEntries(xs[k]!.shape.map((_, i) => [i, Dim.AUTO]))]));
    const ep = torch.export.export(build(c), xs, { dynamic_shapes: ds as Record<string, DynamicShape> });
    auto = summarize(ep, xs.length);
  } catch (e) {
    auto = { status: errorKind(e), message: (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 200) };
  }
  const dynamic: Record<string, string> = {};
  xs.forEach((x, k) => {
    x.shape.forEach((_, i) => {
      const ds: Record<string, DynamicShape> = Object.fromEntries(names.map((nm) => [nm, null]));
      ds[names[k]!] = { [i]: Dim.DYNAMIC };
      try {
        const ep = torch.export.export(build(c), xs, { dynamic_shapes: ds });
        const ph = [...ep.graph.nodes].filter((nd) => nd.op === "placeholder").slice(-xs.length)[k]!;
        dynamic[`x${k}.${i}`] = isStatic((ph.meta.val as { shape: unknown[] }).shape[i]) === null ? "dynamic" : "static";
      } catch (e) {
        dynamic[`x${k}.${i}`] = errorKind(e);
      }
    });
  });
  return { auto, dynamic };
}

/** The columns compared with PyTorch: everything but the op list (2.6 and 2.11 decompose differently). */
export function compareCase(ours: CaseSummary, ref: CaseSummary): string[] {
  const diffs: string[] = [];
  const a = ours.auto, b = ref.auto;
  if (a.status !== b.status) diffs.push(`status ${a.status}${a.message ? ` (${a.message})` : ""} vs ${b.status}`);
  else if (a.status === "ok") {
    for (const k of ["inputs", "ranges", "outputs"] as const) {
      if (JSON.stringify(a[k]) !== JSON.stringify(b[k])) diffs.push(`${k} ${JSON.stringify(a[k])} vs ${JSON.stringify(b[k])}`);
    }
  }
  for (const [k, v] of Object.entries(ref.dynamic)) {
    if (ours.dynamic[k] !== v) diffs.push(`DYNAMIC ${k}: ${ours.dynamic[k]} vs ${v}`);
  }
  return diffs;
}

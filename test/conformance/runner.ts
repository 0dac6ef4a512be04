// The conformance runner: exports a ported reference model and compares with PyTorch 2.11's
// result — printed program (comment lines removed), or the error type and text.
import { readFileSync } from "node:fs";
import { afterAll, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule, type ExportOptions } from "../../src/export/export.js";
import { tensor } from "../../src/tensor/factories.js";
import * as dtypes from "../../src/tensor/dtype.js";
import type { Module } from "../../src/nn/index.js";

export interface Fixture {
  ok: boolean;
  dynamic_shapes: string | null;
  inputs: Array<{ dtype: string; shape: number[] } | { py: unknown }>;
  printed: string | null;
  module_call_graph: Array<{ fqn: string; has_signature: boolean; in_spec: string | null; out_spec: string | null; forward_arg_names: string[] | null }> | null;
  error_type: string | null;
  error: string | null;
}

/** How a case is exported: its dynamic_shapes and, when not a flat tuple of tensors, its inputs. */
export interface ExportCall extends Omit<ExportOptions, "kwargs"> {
  /** Builds (args, kwargs) — and dynamic_shapes, when derived from the inputs — from the fixture's input leaves. */
  inputs?: (leaves: unknown[]) => { args: unknown[]; kwargs?: Record<string, unknown>; dynamic_shapes?: unknown };
}

export type Outcome = { status: "match" | "differ" | "error"; detail: string };

/** The fixtures of one corpus group (`zoo`, `shapes`, `exportdb`), by case name. */
export function loadFixtures(group: string): Record<string, Fixture> {
  return JSON.parse(readFileSync(new URL(`../fixtures/torch-2.11/conformance/${group}.json`, import.meta.url), "utf8"));
}

export function withoutComments(text: string): string {
  return text
    .split("\n")
    .filter((l) => !l.trim().startsWith("#"))
    .join("\n");
}

/** Deterministic tensors of the fixture's input shapes and dtypes (values do not affect tracing). */
export function inputsOf(f: Fixture): unknown[] {
  return f.inputs.map((leaf) => {
    if ("shape" in leaf) {
      const n = leaf.shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: n }, (_, i) => ((i * 7919) % 13) / 13 - 0.5);
      return tensor(data, { dtype: (dtypes as unknown as Record<string, never>)[leaf.dtype] }).reshape(leaf.shape);
    }
    return leaf.py;
  });
}

/**
 * Exports `model` as `call` says and compares with the fixture. `normalize`, applied to both printed
 * programs, is only for the documented cases where PyTorch's own text is not reproducible
 * (docs/conformance.md).
 */
export function runCase(f: Fixture, model: Module, call: ExportCall, normalize: (text: string) => string = (t) => t): Outcome {
  try {
    const leaves = inputsOf(f);
    const built = call.inputs ? call.inputs(leaves) : { args: leaves };
    const ep = exportModule(model as never, built.args, { ...call, ...built });
    if (!f.ok) return { status: "differ", detail: `exported, PyTorch raised ${f.error_type}` };
    const ours = normalize(withoutComments(ep.toString()));
    const theirs = normalize(withoutComments(f.printed!));
    if (ours !== theirs) return { status: "differ", detail: firstDifference(ours, theirs) };
    const graphOurs = JSON.stringify(ep.module_call_graph.map((e) => ({
      fqn: e.fqn,
      has_signature: e.signature !== null,
      in_spec: e.signature?.in_spec ?? null,
      out_spec: e.signature?.out_spec ?? null,
      forward_arg_names: e.signature?.forward_arg_names ?? null,
    })));
    const graphTheirs = JSON.stringify(f.module_call_graph);
    if (graphOurs !== graphTheirs) return { status: "differ", detail: `module_call_graph: ${firstDifference(graphOurs.replace(/\},\{/g, "},\n{"), graphTheirs.replace(/\},\{/g, "},\n{"))}` };
    return { status: "match", detail: "" };
  } catch (e) {
    const err = e as Error & { constructor: { name: string; pytorchType?: string } };
    if (f.ok) return { status: "error", detail: `${err.constructor.name}: ${err.message.split("\n")[0]}` };
    const typeOk = err.constructor.pytorchType === f.error_type || f.error_type!.endsWith(`.${err.constructor.name}`);
    if (typeOk && err.message === f.error) return { status: "match", detail: "" };
    return { status: "differ", detail: `${err.constructor.name}: ${firstDifference(err.message, f.error!)}` };
  }
}

export function firstDifference(a: string, b: string): string {
  const la = a.split("\n");
  const lb = b.split("\n");
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return `line ${i + 1}: ours ${JSON.stringify(la[i])} / PyTorch ${JSON.stringify(lb[i])}`;
  }
  return "";
}

/** The table a suite prints after its run. */
export function report(title: string, names: readonly string[], results: ReadonlyMap<string, Outcome>): string {
  const rows = names.map((n) => `${results.get(n)?.status.padEnd(7)} ${n.padEnd(40)} ${results.get(n)?.detail ?? ""}`);
  const matched = [...results.values()].filter((r) => r.status === "match").length;
  return `\n${title}: ${matched} / ${names.length} match\n${rows.join("\n")}`;
}

/**
 * One test per case in `matching` (each must keep matching), one that runs and reports every other
 * case and checks that the matched count never drops, and the printed table after the run.
 * Call inside a `describe`.
 */
export function conformanceTests(title: string, cases: readonly string[], run: (name: string) => Outcome, matching: ReadonlySet<string>): void {
  const results = new Map<string, Outcome>();
  for (const name of cases) {
    if (!matching.has(name)) continue;
    it(`${name} matches PyTorch 2.11`, () => {
      const r = run(name);
      results.set(name, r);
      expect(r.detail).toBe("");
      expect(r.status).toBe("match");
    });
  }
  it("reports every ported case", () => {
    for (const name of cases) if (!results.has(name)) results.set(name, run(name));
    const matched = [...results.values()].filter((r) => r.status === "match").length;
    expect(matched).toBeGreaterThanOrEqual(matching.size);
  });
  afterAll(() => console.log(report(title, cases, results)));
}

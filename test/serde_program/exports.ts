// pt2js exports of the ported reference models (test/models MODEL_CASES with the export calls of
// test/conformance/cases.ts), for the serializer tests.
import { readFileSync } from "node:fs";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { tensor } from "../../src/tensor/factories.js";
import * as dtypes from "../../src/tensor/dtype.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import { MODEL_CASES } from "../models/index.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { corpusCases } from "./corpus.js";

interface Fixture {
  ok: boolean;
  inputs: Array<{ dtype: string; shape: number[] } | { py: unknown }>;
}
const fixtures: Record<string, Fixture> = {};
for (const group of ["zoo", "shapes"]) {
  const data = JSON.parse(readFileSync(new URL(`../fixtures/torch-2.11/conformance/${group}.json`, import.meta.url), "utf8"));
  for (const [name, f] of Object.entries(data)) fixtures[`${group}/${name}`] = f as Fixture;
}

function inputsOf(f: Fixture): unknown[] {
  return f.inputs.map((leaf) => {
    if ("shape" in leaf) {
      const n = leaf.shape.reduce((a, b) => a * b, 1);
      const data = Array.from({ length: n }, (_, i) => ((i * 7919) % 13) / 13 - 0.5);
      return tensor(data, { dtype: (dtypes as unknown as Record<string, never>)[leaf.dtype] }).reshape(leaf.shape);
    }
    return leaf.py;
  });
}

const withArchive = new Set(corpusCases());

/** Cases PyTorch exported (so a model.json exists) that pt2js ports. */
export const EXPORT_CASES = Object.keys(EXPORT_CALLS).filter((n) => n in MODEL_CASES && withArchive.has(n) && fixtures[n]?.ok);

/** The (args, kwargs) a case is exported with (deterministic tensor data of the fixture's shapes). */
export function caseInputs(name: string): { args: unknown[]; kwargs?: Record<string, unknown> } {
  const call = EXPORT_CALLS[name]!();
  const leaves = inputsOf(fixtures[name]!);
  return call.inputs ? call.inputs(leaves) : { args: leaves, kwargs: undefined };
}

/** Exports a case as the conformance suite does. */
export function exportCase(name: string): ExportedProgram {
  const { args, kwargs } = caseInputs(name);
  return exportModule(MODEL_CASES[name]!.make() as never, args, { ...EXPORT_CALLS[name]!(), kwargs });
}

// pt2js exports of the ported reference models (test/models MODEL_CASES with the export calls of
// test/conformance/cases.ts), for the serializer tests.
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import { MODEL_CASES } from "../models/index.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { inputsOf, loadFixtures, type Fixture } from "../conformance/runner.js";
import { corpusCases } from "./corpus.js";

const fixtures: Record<string, Fixture> = {};
for (const group of ["zoo", "shapes"]) {
  for (const [name, f] of Object.entries(loadFixtures(group))) fixtures[`${group}/${name}`] = f;
}

const withArchive = new Set(corpusCases());

/** Cases PyTorch exported (so a model.json exists) that pt2js ports. */
export const EXPORT_CASES = Object.keys(EXPORT_CALLS).filter((n) => n in MODEL_CASES && withArchive.has(n) && fixtures[n]?.ok);

/** The (args, kwargs) a case is exported with (deterministic tensor data of the fixture's shapes). */
export function caseInputs(name: string): { args: unknown[]; kwargs?: Record<string, unknown>; dynamic_shapes?: unknown } {
  const call = EXPORT_CALLS[name]!();
  const leaves = inputsOf(fixtures[name]!);
  return call.inputs ? call.inputs(leaves) : { args: leaves, kwargs: undefined };
}

/** Exports a case as the conformance suite does. */
export function exportCase(name: string): ExportedProgram {
  const built = caseInputs(name);
  return exportModule(MODEL_CASES[name]!.make() as never, built.args, { ...EXPORT_CALLS[name]!(), ...built });
}

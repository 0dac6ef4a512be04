// pt2js exports of the ported ExportDB control-flow and unbacked-symbol examples, serialized: the
// model.json equals PyTorch 2.11's (after normalizeModelJson), except for the module path of the
// model class (`__main__.X` here, `torch._export.db.examples.<case>.X` in PyTorch), replaced first.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { encodeSchema, readPt2 } from "../../src/serde/index.js";
import { serializeProgram } from "../../src/program/serialize.js";
import { exportModule } from "../../src/export/export.js";
import { EXPORTDB_CASES } from "../models/exportdb/index.js";
import { inputsOf, loadFixtures } from "../conformance/runner.js";
import { archiveBytes } from "./corpus.js";
import { firstJsonDifference, normalizeModelJson, type JsonValue } from "./json_diff.js";

const CASES = [
  "assume_constant_result",
  "constrain_as_size_example",
  "constrain_as_value_example",
  "cond_operands",
  "cond_closed_over_variable",
  "cond_predicate",
  "cond_branch_nonlocal_variables",
  "cond_branch_class_method",
  "cond_branch_nested_function",
  "dynamic_shape_map",
];

describe("exportdb control flow → serialize matches PyTorch's model.json", () => {
  const fixtures = loadFixtures("exportdb");
  for (const name of CASES) {
    it(name, () => {
      const c = EXPORTDB_CASES[name]!;
      const call = c.call();
      const leaves = inputsOf(fixtures[name]!);
      const built = call.inputs ? call.inputs(leaves) : { args: leaves };
      const ep = exportModule(c.make() as never, built.args, { ...call, ...built });
      const text = encodeSchema("ExportedProgram", serializeProgram(ep)).replace(/__main__\./g, `torch._export.db.examples.${name}.`);
      const theirs = new TextDecoder().decode(readPt2(archiveBytes(`exportdb/${name}`)).records.get("models/model.json")!);
      expect(firstJsonDifference(normalizeModelJson(JSON.parse(text) as JsonValue), normalizeModelJson(JSON.parse(theirs) as JsonValue))).toBe("");
    });
  }
});

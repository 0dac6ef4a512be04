// pt2js exports of the ported ExportDB examples, serialized: the
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

/** Every ported case PyTorch exports (its fixture is not an error). */
const fixtures = loadFixtures("exportdb");
const CASES = Object.keys(EXPORTDB_CASES).filter((name) => fixtures[name]?.ok === true);

describe("exportdb → serialize matches PyTorch's model.json", () => {
  it("covers every exported case", () => expect(CASES.length).toBeGreaterThanOrEqual(33));
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

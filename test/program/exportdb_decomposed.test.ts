// The ExportDB ports (test/models/exportdb) decomposed by pt2js against PyTorch 2.6's decomposition
// of the same examples (test/fixtures/torch-2.6/decomposed/exportdb.json, generated in the oracle
// by tools/torch-oracle-decomp/exportdb_cases.py; PyTorch 2.11's corpus has no decomposed ExportDB
// programs). A decomposition is only comparable where pt2js's exported program is 2.6's (2.6 and
// 2.11 export some examples differently); those must be equal up to node numbering and symbol names.
import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import { exportdbPrograms } from "../differential/programs.js";
import { exportOf } from "../differential/differential.js";
import { firstDifference, withoutComments } from "../conformance/runner.js";
import { renumbered } from "./renumber.js";

const ORACLE: { cases: Record<string, { exported?: string; decomposed?: string; error?: string }> } = JSON.parse(
  readFileSync(new URL("../fixtures/torch-2.6/decomposed/exportdb.json", import.meta.url), "utf8"),
);

const graphCode = (text: string) => withoutComments(text.split("Graph signature")[0]!).replace(/\n\s*\n/g, "\n").trimEnd();

// 2.6 names symbols s0, s1; 2.11 and pt2js hash the source name (s77): renamed in order of appearance.
// 2.6 keeps lift_fresh_copy where 2.11 (and pt2js) decompose it to clone.
function normalized(text: string): string {
  text = text.replace(/aten\.lift_fresh_copy\.default/g, "aten.clone.default").replace(/\blift_fresh_copy(?=\b|_\d)/g, "clone");
  const symbols = new Map<string, string>();
  return renumbered(graphCode(text)).replace(/\bs\d+\b/g, (s) => {
    if (!symbols.has(s)) symbols.set(s, `s#${symbols.size}`);
    return symbols.get(s)!;
  });
}

const results = new Map<string, string>();
describe("run_decompositions of the ExportDB ports against PyTorch 2.6", () => {
  for (const p of exportdbPrograms()) {
    const name = p.name.replace(/^exportdb\//, "");
    const oracle = ORACLE.cases[name];
    if (oracle?.exported === undefined) continue;
    it(name, () => {
      const { ep } = exportOf(p);
      const exportDiff = firstDifference(normalized(ep.toString()), normalized(oracle.exported!));
      if (exportDiff !== "") {
        results.set(name, `not compared: exported program differs from 2.6's (${exportDiff})`);
        return;
      }
      const dep: ExportedProgram = ep.run_decompositions();
      const d = firstDifference(normalized(dep.toString()), normalized(oracle.decomposed!));
      results.set(name, d);
      expect(d).toBe("");
    });
  }
  afterAll(() => {
    const compared = [...results].filter(([, d]) => !d.startsWith("not compared"));
    console.log(
      `ExportDB decomposed vs PyTorch 2.6: ${compared.filter(([, d]) => d === "").length}/${compared.length} equal ` +
        `(${results.size - compared.length} not comparable)\n${[...results].filter(([, d]) => d !== "").map(([n, d]) => `  ${n}: ${d}`).join("\n")}`,
    );
  });
});

// Extracts, from the shared PyTorch 2.11 corpus, what `torch.export.unflatten(ep)` gave for the
// unflatten cases: the printed `repr(unflat)`, the inputs and the unflattened module's outputs on
// them; the archives themselves are the serde corpus's copies (test/fixtures/torch-2.11/serde/corpus/zoo). Run by hand:
//   node tools/extract-unflatten-fixtures.mjs [../shared/reference/torch-2.11]
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

const ref = process.argv[2] ?? "../shared/reference/torch-2.11";
const dir = "test/fixtures/torch-2.11/unflatten";
mkdirSync(dir, { recursive: true });
const CASES = ["unflatten_plain", "preserve_module_call_signature"];
const out = {};
for (const name of CASES) {
  const result = JSON.parse(readFileSync(`${ref}/zoo/${name}/result.json`, "utf8"));
  if (typeof result.unflattened !== "string") throw new Error(`${name}: no unflattened repr`);
  out[`zoo/${name}`] = {
    unflattened: result.unflattened,
    inputs: result.inputs,
    unflattened_out: result.unflattened_out,
    module_call_graph: result.ep.module_call_graph,
  };
}
writeFileSync(`${dir}/zoo.json`, JSON.stringify(out, null, 1) + "\n");
console.log(`${Object.keys(out).length} cases`);

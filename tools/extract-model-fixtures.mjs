// Extracts, from the shared PyTorch 2.11 corpus, the inputs and outputs of every zoo and shapes case
// (result.json `inputs`, `outputs`, `other_inputs_N`) into test/fixtures/torch-2.11/models/<group>.json,
// for the eager conformance tests of the TypeScript model ports (run by hand).
// Weights are not copied: the tests read them from test/fixtures/torch-2.11/serde/corpus/<group>/<case>.pt2.
import { readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";

const ref = process.argv[2] ?? "../shared/reference/torch-2.11";
for (const group of ["zoo", "shapes"]) {
  const out = {};
  for (const name of readdirSync(`${ref}/${group}`).sort()) {
    const path = `${ref}/${group}/${name}/result.json`;
    if (!existsSync(path)) continue;
    const r = JSON.parse(readFileSync(path, "utf8"));
    const others = [];
    for (let i = 0; `other_inputs_${i}` in r; i++) others.push(r[`other_inputs_${i}`]);
    out[name] = {
      ok: r.ok === true,
      has_pt2: existsSync(`${ref}/${group}/${name}/model.pt2`),
      inputs: r.inputs ?? null,
      outputs: r.outputs ?? null,
      eager_error: r.eager_error ?? null,
      error: r.ok ? null : `${r.error_type}: ${(r.error ?? "").slice(0, 300)}`,
      other_inputs: others,
    };
  }
  writeFileSync(`test/fixtures/torch-2.11/models/${group}.json`, JSON.stringify(out) + "\n");
  console.log(`${group}: ${Object.keys(out).length} cases`);
}

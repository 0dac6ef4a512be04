// Extracts what run_decompositions is compared with — PyTorch 2.11's printed program after
// ep.run_decompositions() and its op counts, with the original export's inputs and printed text —
// from the shared PyTorch 2.11 corpus into test/fixtures/torch-2.11/decomposed/<group>.json (run by hand).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";

const ref = process.argv[2] ?? "../shared/reference/torch-2.11";
mkdirSync("test/fixtures/torch-2.11/decomposed", { recursive: true });
for (const group of ["zoo", "shapes", "exportdb", "big"]) {
  if (!existsSync(`${ref}/${group}`)) continue;
  const out = {};
  for (const name of readdirSync(`${ref}/${group}`).sort()) {
    const path = `${ref}/${group}/${name}/result.json`;
    if (!existsSync(path)) continue;
    const r = JSON.parse(readFileSync(path, "utf8"));
    if (!r.decomposed && !r.decompose_error) continue;
    out[name] = {
      dynamic_shapes: r.dynamic_shapes ?? null,
      inputs: (r.inputs?.leaves ?? []).map((l) => (l.shape ? { dtype: l.dtype, shape: l.shape } : l)),
      exported: r.ep?.printed ?? null,
      printed: r.decomposed?.printed ?? null,
      op_counts: r.decomposed?.op_counts ?? null,
      error: r.decompose_error ?? null,
    };
  }
  if (Object.keys(out).length === 0) continue;
  writeFileSync(`test/fixtures/torch-2.11/decomposed/${group}.json`, JSON.stringify(out, null, 1) + "\n");
  console.log(group, Object.keys(out).length);
}

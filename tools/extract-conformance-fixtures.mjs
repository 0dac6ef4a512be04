// Extracts what the export conformance suite compares — printed program, error type and text,
// dynamic_shapes as PyTorch wrote it, input shapes, each call_function node's torch_fn — from the shared PyTorch 2.11 corpus into
// test/fixtures/torch-2.11/conformance/<group>.json (run by hand).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";

const ref = process.argv[2] ?? "../shared/reference/torch-2.11";
mkdirSync("test/fixtures/torch-2.11/conformance", { recursive: true });
for (const group of ["zoo", "shapes", "exportdb"]) {
  const out = {};
  for (const name of readdirSync(`${ref}/${group}`).sort()) {
    const path = `${ref}/${group}/${name}/result.json`;
    if (!existsSync(path)) continue;
    const r = JSON.parse(readFileSync(path, "utf8"));
    const shapes = (r.inputs?.leaves ?? []).map((l) => (l.shape ? { dtype: l.dtype, shape: l.shape } : l));
    out[name] = {
      ok: r.ok,
      dynamic_shapes: r.dynamic_shapes ?? null,
      inputs: shapes,
      printed: r.ep?.printed ?? null,
      module_call_graph: r.ep?.module_call_graph ?? null,
      // [graph, node name, torch_fn] of every call_function node (graph "root" or the subgraph's name).
      torch_fn: r.ep ? r.ep.nodes.filter((n) => n.op === "call_function").map((n) => [n.graph, n.name, n.torch_fn]) : null,
      error_type: r.error_type ?? null,
      error: r.error ?? null,
    };
  }
  writeFileSync(`test/fixtures/torch-2.11/conformance/${group}.json`, JSON.stringify(out, null, 1) + "\n");
  console.log(group, Object.keys(out).length);
}

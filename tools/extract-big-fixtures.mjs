// Extracts what the big-model conformance suite (test/conformance/big.test.ts) compares — printed
// program, module call graph, each call_function node's nn_module_stack and torch_fn, and the
// model.json PyTorch serialized (`serialized`, without node stack traces, which are not compared) —
// from the shared PyTorch 2.11 corpus into test/fixtures/torch-2.11/conformance/big.json (run by hand).
// The decomposed program of these cases is in decomposed/big.json (extract-decomposed-fixtures.mjs).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";

const ref = process.argv[2] ?? "../shared/reference/torch-2.11";
mkdirSync("test/fixtures/torch-2.11/conformance", { recursive: true });

/** model.json without what normalizeModelJson drops anyway (node metadata stack_trace / from_node). */
function stripped(v, key = null) {
  if (Array.isArray(v)) return v.map((x) => stripped(x));
  if (typeof v !== "object" || v === null) return v;
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (key === "metadata" && (k === "stack_trace" || k === "from_node")) continue;
    out[k] = stripped(x, k);
  }
  return out;
}

const out = {};
for (const name of readdirSync(`${ref}/big`).sort()) {
  if (!name.startsWith("resnet")) continue;
  const path = `${ref}/big/${name}/result.json`;
  if (!existsSync(path)) continue;
  const r = JSON.parse(readFileSync(path, "utf8"));
  out[name] = {
    ok: r.ok,
    dynamic_shapes: r.dynamic_shapes ?? null,
    inputs: (r.inputs?.leaves ?? []).map((l) => (l.shape ? { dtype: l.dtype, shape: l.shape } : l)),
    printed: r.ep?.printed ?? null,
    module_call_graph: r.ep?.module_call_graph ?? null,
    // [node name, nn_module_stack, torch_fn] of every call_function node.
    nodes: r.ep ? r.ep.nodes.filter((n) => n.op === "call_function").map((n) => [n.name, n.nn_module_stack, n.torch_fn]) : null,
    serialized: r.serialized && !r.serialized.error ? stripped(r.serialized) : null,
    error_type: r.error_type ?? null,
    error: r.error ?? null,
  };
}
writeFileSync("test/fixtures/torch-2.11/conformance/big.json", JSON.stringify(out) + "\n");
console.log("big", Object.keys(out).length);

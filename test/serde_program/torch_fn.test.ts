// node.meta.torch_fn through serialization: written as "name;type.name" in the node metadata (as
// PyTorch's serialize_metadata writes it) and read back into node.meta, for pt2js exports and for
// PyTorch's own archives.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { save, load } from "../../src/program/save_load.js";
import type { GraphModule } from "../../src/fx/index.js";
import { readPt2 } from "../../src/serde/index.js";
import { archiveBytes } from "./corpus.js";
import { EXPORT_CASES, exportCase } from "./exports.js";

/** [node name, torch_fn] of every node of the graph and its subgraphs (get_attr nodes left out:
 * loading gives a subgraph's get_attr its HOP call's metadata, as PyTorch's deserializer does). */
function torchFns(gm: GraphModule): Array<[string, unknown]> {
  return [
    ...gm.graph.nodes.filter((n) => n.op !== "get_attr").map((n): [string, unknown] => [n.name, n.meta.torch_fn ?? null]),
    ...gm.named_children().flatMap(([, child]) => torchFns(child)),
  ];
}

describe("torch_fn through save / load", () => {
  it("every call_function node of a pt2js export has one; load(save(ep)) gives it back", () => {
    for (const name of EXPORT_CASES) {
      const ep = exportCase(name);
      const ours = torchFns(ep.graph_module);
      for (const n of ep.graph.nodes) if (n.op === "call_function") expect(n.meta.torch_fn, `${name} ${n.name}`).toBeTruthy();
      expect(torchFns(load(save(ep)).graph_module), name).toEqual(ours);
    }
  });

  it("is written as PyTorch writes it", () => {
    const ep = exportCase("zoo/mlp_static");
    const json = JSON.parse(new TextDecoder().decode(readPt2(save(ep)).records.get("models/model.json")!));
    const meta = json.graph_module.graph.nodes.map((n: { metadata: Record<string, string> }) => n.metadata.torch_fn);
    expect(meta).toEqual(["linear_1;builtin_function_or_method.linear", "relu_1;function.relu", "linear_2;builtin_function_or_method.linear"]);
  });

  it("reads PyTorch's archives' torch_fn into node.meta", () => {
    const ep = load(archiveBytes("zoo/cond"));
    const fns = Object.fromEntries(torchFns(ep.graph_module));
    expect(fns.sum_1).toEqual(["sum_1", "method_descriptor.sum"]);
    expect(fns.cond).toEqual(["cond_1", "CondOp.cond"]);
    expect(fns.getitem).toEqual(["cond_1", "CondOp.cond"]);
    expect(fns.linear).toEqual(["linear_1", "builtin_function_or_method.linear"]);
    expect(fns.x).toBeNull();
  });
});

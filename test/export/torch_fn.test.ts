// node.meta.torch_fn of every call_function node pt2js records for the ported reference models
// (zoo, shapes, ExportDB), against the torch_fn PyTorch 2.11 recorded for the same node
// (the `torch_fn` lists of test/fixtures/torch-2.11/conformance/*.json, from result.json's ep.nodes).
import { afterAll, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import type { GraphModule } from "../../src/fx/index.js";
import { torch, nn, F } from "../../src/torch.js";
import { MODEL_CASES } from "../models/index.js";
import { EXPORTDB_CASES } from "../models/exportdb/index.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { inputsOf, loadFixtures, type ExportCall, type Fixture } from "../conformance/runner.js";
import type { Module } from "../../src/nn/index.js";
import type { Tensor } from "../../src/tensor/index.js";
import { sizeMul } from "../../src/symbolic/index.js";
import { Dim } from "../../src/export/dim.js";

type TorchFnRow = [graph: string, name: string, torchFn: [string, string] | null];
type WithTorchFn = Fixture & { torch_fn: TorchFnRow[] | null };

interface Case {
  fixture: WithTorchFn;
  make: () => Module;
  call: ExportCall;
}

const CASES: Record<string, Case> = {};
for (const group of ["zoo", "shapes"]) {
  for (const [name, f] of Object.entries(loadFixtures(group) as Record<string, WithTorchFn>)) {
    const key = `${group}/${name}`;
    if (f.ok && key in MODEL_CASES && key in EXPORT_CALLS) CASES[key] = { fixture: f, make: MODEL_CASES[key]!.make, call: EXPORT_CALLS[key]!() };
  }
}
for (const [name, f] of Object.entries(loadFixtures("exportdb") as Record<string, WithTorchFn>)) {
  const c = EXPORTDB_CASES[name];
  if (f.ok && c !== undefined) CASES[`exportdb/${name}`] = { fixture: f, make: c.make, call: c.call() };
}

function exportOf(c: Case): ExportedProgram {
  const leaves = inputsOf(c.fixture);
  const built = c.call.inputs ? c.call.inputs(leaves) : { args: leaves };
  return exportModule(c.make() as never, built.args, { ...c.call, ...built });
}

/** [graph, name, torch_fn] of the call_function nodes: the root graph's, then each subgraph's. */
function rows(gm: GraphModule, graph = "root"): TorchFnRow[] {
  const own = gm.graph.nodes
    .filter((n) => n.op === "call_function")
    .map((n): TorchFnRow => [graph, n.name, (n.meta.torch_fn as [string, string] | null | undefined) ?? null]);
  return [...own, ...gm.named_children().flatMap(([name, child]) => rows(child, name))];
}

/**
 * "" or the first node whose torch_fn differs, nodes taken in order (subgraph names are PyTorch's
 * ids: only root/sub is compared; node names are the printed-program tests' business).
 */
function compare(ours: TorchFnRow[], theirs: TorchFnRow[]): string {
  const show = (r: TorchFnRow | undefined) => (r === undefined ? "none" : `${r[0] === "root" ? "" : "(sub) "}${r[1]} ${JSON.stringify(r[2])}`);
  for (let i = 0; i < Math.max(ours.length, theirs.length); i++) {
    const a = ours[i];
    const b = theirs[i];
    const same = a !== undefined && b !== undefined && (a[0] === "root") === (b[0] === "root") && JSON.stringify(a[2]) === JSON.stringify(b[2]);
    if (!same) return `node ${i}: ours ${show(a)} / PyTorch ${show(b)}`;
  }
  return "";
}

/** Cases whose torch_fn differs from PyTorch's, and why (every other case must match). */
const KNOWN_DIFFERENCES = new Map<string, string>([]);

const results = new Map<string, string>();

describe("node.meta.torch_fn matches PyTorch 2.11's", () => {
  for (const [name, c] of Object.entries(CASES)) {
    it(name, () => {
      let d: string;
      try {
        d = compare(rows(exportOf(c).graph_module), c.fixture.torch_fn ?? []);
      } catch (e) {
        d = `${(e as Error).name}: ${(e as Error).message.split("\n")[0]}`;
      }
      results.set(name, d);
      if (!KNOWN_DIFFERENCES.has(name)) expect(d).toBe("");
    });
  }
  it("covers the ported cases", () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(60);
    for (const n of KNOWN_DIFFERENCES.keys()) expect(n in CASES, n).toBe(true);
  });
});

afterAll(() => {
  const same = [...results.values()].filter((d) => d === "").length;
  console.log(`\ntorch_fn: ${same} / ${results.size} cases match\n${[...results].map(([n, d]) => `  ${d === "" ? "match " : "differ"} ${n} ${d}`).join("\n")}`);
});

// ---------------------------------------------------------------- the rule, case by case

function exportFn(forward: (this: nn.Module, ...xs: Tensor[]) => unknown, inputs: Tensor[], dynamic_shapes?: unknown): ExportedProgram {
  class M extends nn.Module {
    override forward(...xs: Tensor[]): unknown {
      return forward.call(this, ...xs);
    }
  }
  return exportModule(new M() as never, inputs, dynamic_shapes === undefined ? {} : { dynamic_shapes });
}
const fnOf = (ep: ExportedProgram) => Object.fromEntries(rows(ep.graph_module).map(([, n, f]) => [n, f]));

describe("torch_fn rules", () => {
  it("counts calls per function object, not per name or per node", () => {
    const ep = exportFn((x) => {
      const a = torch.relu(x); // builtin relu 1
      const b = F.relu(a); // F.relu (a Python function) 1
      const c = b.relu(); // Tensor.relu 1
      x.contiguous(); // records nothing, still a call
      const d = x.contiguous().add(c); // contiguous 2 (no node), add 1
      return torch.relu(d); // builtin relu 2
    }, [torch.randn(2, 3)]);
    expect(fnOf(ep)).toEqual({
      relu: ["relu_1", "builtin_function_or_method.relu"],
      relu_1: ["relu_1", "function.relu"],
      relu_2: ["relu_1", "method_descriptor.relu"],
      add: ["add_1", "method_descriptor.add"],
      relu_3: ["relu_2", "builtin_function_or_method.relu"],
    });
  });

  it("nn.Sigmoid and nn.Tanh call torch.sigmoid / torch.tanh (builtins), as PyTorch's modules do", () => {
    class Acts extends nn.Module {
      s = new nn.Sigmoid();
      t = new nn.Tanh();
      override forward(x: Tensor): Tensor {
        return this.t(this.s(x));
      }
    }
    const ep = exportModule(new Acts() as never, [torch.randn(2, 3)]);
    expect(fnOf(ep)).toEqual({
      sigmoid: ["sigmoid_1", "builtin_function_or_method.sigmoid"],
      tanh: ["tanh_1", "builtin_function_or_method.tanh"],
    });
  });

  it("names nested calls by the outermost one (F.normalize's ops, torch.tensor's two nodes)", () => {
    const ep = exportFn((x) => F.normalize(x).add(torch.tensor(1.0)), [torch.randn(2, 3)]);
    const f = fnOf(ep);
    for (const n of ["linalg_vector_norm", "clamp_min", "expand_as", "div"]) expect(f[n]).toEqual(["normalize_1", "function.normalize"]);
    expect(f.lift_fresh_copy).toEqual(["tensor_1", "builtin_function_or_method.tensor"]);
  });

  it("gives a split's getitems the split's, indexing __getitem__'s, Python Tensor methods `function`", () => {
    const ep = exportFn((x) => {
      const [a, b] = x.split(2, 1);
      return a!.add(b!).at(0).unflatten(0, [1, 2]);
    }, [torch.randn(3, 4)]);
    const f = fnOf(ep);
    expect(f.split).toEqual(["split_1", "function.split"]);
    expect(f.getitem).toEqual(["split_1", "function.split"]);
    expect(f.getitem_1).toEqual(["split_1", "function.split"]);
    expect(f.select).toEqual(["__getitem___1", "wrapper_descriptor.__getitem__"]);
    expect(f.unflatten).toEqual(["unflatten_1", "function.unflatten"]);
  });

  it("names size arithmetic by the last call: x.shape's getter, counted 3 per tensor input before the model's reads", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor): Tensor {
        const [a, b] = x.shape; // __get__ 7 (x and y tracked first: 6)
        return x.reshape(sizeMul(a!, b!)).add(y.sum()); // mul names __get___7
      }
    }
    const dynamic_shapes = { x: { 0: Dim("a"), 1: Dim("b") }, y: null };
    const ep = exportModule(new M() as never, [torch.randn(2, 3), torch.randn(4)], { dynamic_shapes });
    const f = fnOf(ep);
    expect(f.mul).toEqual(["__get___7", "method-wrapper.__get__"]);
    expect(f.sym_size_int_2 ?? f.sym_size_int).toEqual(["sym_size.int_0", "OpOverload.sym_size.int"]);
    expect(f.reshape).toEqual(["reshape_1", "method_descriptor.reshape"]);
  });

  it("leaves placeholders and outputs without torch_fn, and nothing when not tracing", () => {
    const ep = exportFn((x) => x.sin(), [torch.randn(2)]);
    for (const n of ep.graph.nodes) if (n.op !== "call_function") expect(n.meta.torch_fn ?? null).toBeNull();
    expect(torch.randn(2).sin().shape).toEqual([2]); // eager calls are plain calls
  });
});

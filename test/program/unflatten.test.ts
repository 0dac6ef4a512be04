// torch.export.unflatten on the reference cases unflatten_plain and preserve_module_call_signature:
// repr(unflat) and its outputs on the case's inputs must be PyTorch 2.11's (fixtures extracted by
// tools/extract-unflatten-fixtures.mjs), both for PyTorch's own .pt2 and for pt2js's export of the
// ported model with the same weights. The submodule graphs are not in the corpus; the expected
// text below follows torch/export/unflatten.py's construction (placeholders prepended as values
// are read, state sunk into get_attr nodes, tree_flatten_spec / tree_unflatten around a call whose
// signature was preserved).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { readPt2 } from "../../src/serde/index.js";
import { deserializeProgram } from "../../src/program/deserialize.js";
import { exportModule } from "../../src/export/export.js";
import { torchExport } from "../../src/export/index.js";
import { unflatten, InterpreterModule, UnflattenError, UnflattenedModule } from "../../src/program/unflatten.js";
import type { ExportedProgram } from "../../src/program/exported_program.js";
import { weightsFromPt2, type Module } from "../../src/nn/index.js";
import { nn } from "../../src/torch.js";
import { TorchIndexError, TorchTypeError } from "../../src/ops/errors.js";
import { tree_leaves, tree_unflatten, treespec_loads, tuple, type PyTuple } from "../../src/pytree/index.js";
import { Tensor, dtypeFromName } from "../../src/tensor/index.js";
import { PreserveSig, Sub } from "../models/index.js";

interface Leaf {
  dtype: string;
  shape: number[];
  data: number[];
}
interface Case {
  unflattened: string;
  inputs: { leaves: Leaf[]; treespec: string };
  unflattened_out: { leaves: Leaf[]; treespec: string };
}

const FIX = new URL("../fixtures/torch-2.11/unflatten/", import.meta.url);
const CASES = JSON.parse(readFileSync(new URL("zoo.json", FIX), "utf8")) as Record<string, Case>;
const OPTIONS: Record<string, { preserve_module_call_signature?: string[] }> = {
  "zoo/unflatten_plain": {},
  "zoo/preserve_module_call_signature": { preserve_module_call_signature: ["sub"] },
};

function toTensor(l: Leaf): Tensor {
  const dt = dtypeFromName(l.dtype);
  const st = dt.alloc(l.data.length);
  l.data.forEach((v, i) => (st[i] = dt.cast(v)));
  return Tensor.fromStorage(st, l.shape, dt);
}

function inputsOf(c: Case): unknown[] {
  const [args] = tree_unflatten(c.inputs.leaves.map(toTensor), treespec_loads(c.inputs.treespec)) as [unknown[]];
  return [...args];
}

// The case's archive in the serde corpus (its weights and PyTorch's program).
function pt2Bytes(key: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/torch-2.11/serde/corpus/${key}.pt2`, import.meta.url)));
}

function loadedProgram(key: string): ExportedProgram {
  return deserializeProgram(readPt2(pt2Bytes(key)).models.get("model")!);
}

/** The ported model with PyTorch's weights. */
function modelWithWeights(key: string): PreserveSig {
  const weights = weightsFromPt2(readPt2(pt2Bytes(key)).models.get("model")!);
  const model = new PreserveSig();
  model.load_state_dict(new Map([...model.named_parameters()].map(([k]) => [k, weights.get(k)!])));
  return model;
}

function tracedProgram(key: string, model: Module = modelWithWeights(key)): ExportedProgram {
  return exportModule(model as never, inputsOf(CASES[key]!), OPTIONS[key]);
}

function expectOutputs(got: unknown, want: Case["unflattened_out"]): void {
  const leaves = tree_leaves(got);
  expect(leaves.length).toBe(want.leaves.length);
  want.leaves.forEach((w, i) => {
    const t = leaves[i] as Tensor;
    expect(t).toBeInstanceOf(Tensor);
    expect(t.dtype.name).toBe(w.dtype);
    expect(t.shape).toEqual(w.shape);
    const data = tree_leaves(t.tolist()) as number[];
    data.forEach((v, k) => expect(Math.abs(v - w.data[k]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(w.data[k]!))));
  });
}

const call = (m: Module, args: unknown[]) => (m as unknown as (...a: unknown[]) => unknown)(...args);

describe.each(Object.keys(CASES))("%s", (key) => {
  const c = CASES[key]!;
  for (const [source, make] of [
    ["PyTorch's .pt2", () => loadedProgram(key)],
    ["pt2js's export", () => tracedProgram(key)],
  ] as const) {
    it(`repr and outputs match PyTorch (${source})`, () => {
      const unflat = unflatten(make());
      expect(String(unflat)).toBe(c.unflattened);
      expectOutputs(call(unflat, inputsOf(c)), c.unflattened_out);
      // Calls leave no state behind: the same inputs give the same outputs again.
      expectOutputs(call(unflat, inputsOf(c)), c.unflattened_out);
    });
  }

  it("puts the parameters at their FQNs, as copies of the program's", () => {
    const ep = loadedProgram(key);
    const unflat = unflatten(ep);
    expect([...unflat.named_parameters()].map(([k]) => k)).toEqual(["sub.lin.weight", "sub.lin.bias", "out.weight", "out.bias"]);
    const weight = unflat.get_parameter("sub.lin.weight");
    expect(weight).not.toBe(ep.state_dict.get("sub.lin.weight"));
    expect(weight.tolist()).toEqual(ep.state_dict.get("sub.lin.weight")!.tolist());
    const sub = unflat.get_submodule("sub") as InterpreterModule;
    expect(sub).toBeInstanceOf(InterpreterModule);
    expect(sub.type_name()).toBe("__main__.Sub");
    expect(unflat.type_name()).toBe("__main__.PreserveSig");
    expect((unflat.get_submodule("sub.lin") as InterpreterModule).type_name()).toBe("torch.nn.modules.linear.Linear");
  });

  it("is torch.export.unflatten", () => {
    expect(torchExport.unflatten(loadedProgram(key))).toBeInstanceOf(UnflattenedModule);
  });

  it("rejects inputs of another structure as PyTorch does without an adapter", () => {
    const unflat = unflatten(loadedProgram(key));
    const [x] = inputsOf(c);
    expect(() => call(unflat, [x, x])).toThrow(TorchTypeError);
    expect(() => call(unflat, [x, x])).toThrow("There is no flat args adapter specified. Are you sure you are calling this with the right arguments? ");
  });
});

describe("submodule graphs", () => {
  const lin = [
    "graph():",
    "    %x : [num_users=1] = placeholder[target=x]",
    "    %weight : [num_users=1] = get_attr[target=weight]",
    "    %bias : [num_users=1] = get_attr[target=bias]",
    "    %linear : [num_users=1] = call_function[target=torch.ops.aten.linear.default](args = (%x, %weight, %bias), kwargs = {})",
    "    return linear",
  ].join("\n");
  const out = [
    "graph():",
    "    %mul : [num_users=1] = placeholder[target=mul]",
    "    %weight : [num_users=1] = get_attr[target=weight]",
    "    %bias : [num_users=1] = get_attr[target=bias]",
    "    %linear_1 : [num_users=1] = call_function[target=torch.ops.aten.linear.default](args = (%mul, %weight, %bias), kwargs = {})",
    "    return linear_1",
  ].join("\n");

  it("splits the plain program at each module call", () => {
    const unflat = unflatten(loadedProgram("zoo/unflatten_plain"));
    expect(String(unflat.graph)).toBe(
      [
        "graph():",
        "    %x : [num_users=2] = placeholder[target=x]",
        "    %add : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%x, 1), kwargs = {})",
        "    %sub : [num_users=2] = call_module[target=sub](args = (%add, %x), kwargs = {})",
        "    %getitem : [num_users=1] = call_function[target=operator.getitem](args = (%sub, 0), kwargs = {})",
        "    %getitem_1 : [num_users=1] = call_function[target=operator.getitem](args = (%sub, 1), kwargs = {})",
        "    %out : [num_users=1] = call_module[target=out](args = (%getitem,), kwargs = {})",
        "    %add_1 : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%out, %getitem_1), kwargs = {})",
        "    return (add_1,)",
      ].join("\n"),
    );
    const sub = unflat.get_submodule("sub") as InterpreterModule;
    expect(String(sub.graph)).toBe(
      [
        "graph():",
        "    %add : [num_users=2] = placeholder[target=add]",
        "    %x : [num_users=1] = placeholder[target=x]",
        "    %lin : [num_users=1] = call_module[target=lin](args = (%x,), kwargs = {})",
        "    %mul : [num_users=1] = call_function[target=torch.ops.aten.mul.Tensor](args = (%lin, %add), kwargs = {})",
        "    %sum_1 : [num_users=1] = call_function[target=torch.ops.aten.sum.default](args = (%add,), kwargs = {})",
        "    return [mul, sum_1]",
      ].join("\n"),
    );
    expect(sub.arg_names).toEqual(["add", "x"]);
    expect(String((unflat.get_submodule("sub.lin") as InterpreterModule).graph)).toBe(lin);
    expect(String((unflat.get_submodule("out") as InterpreterModule).graph)).toBe(out);
  });

  it("keeps a preserved call's exported in/out specs", () => {
    for (const ep of [loadedProgram("zoo/preserve_module_call_signature"), tracedProgram("zoo/preserve_module_call_signature")]) {
      const unflat = unflatten(ep);
      expect(String(unflat.graph)).toBe(
        [
          "graph():",
          "    %x : [num_users=2] = placeholder[target=x]",
          "    %add : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%x, 1), kwargs = {})",
          "    %_spec_0 : [num_users=1] = get_attr[target=_spec_0]",
          "    %tree_unflatten : [num_users=2] = call_function[target=torch.utils._pytree.tree_unflatten](args = ([%x, %add], %_spec_0), kwargs = {})",
          "    %getitem : [num_users=2] = call_function[target=operator.getitem](args = (%tree_unflatten, 0), kwargs = {})",
          "    %getitem_1 : [num_users=0] = call_function[target=operator.getitem](args = (%tree_unflatten, 1), kwargs = {})",
          "    %getitem_2 : [num_users=1] = call_function[target=operator.getitem](args = (%getitem, 0), kwargs = {})",
          "    %getitem_3 : [num_users=1] = call_function[target=operator.getitem](args = (%getitem, 1), kwargs = {})",
          "    %sub : [num_users=1] = call_module[target=sub](args = (%getitem_2, %getitem_3), kwargs = {})",
          "    %_spec_1 : [num_users=1] = get_attr[target=_spec_1]",
          "    %tree_flatten_spec : [num_users=2] = call_function[target=torch.fx._pytree.tree_flatten_spec](args = (%sub, %_spec_1), kwargs = {})",
          "    %getitem_4 : [num_users=1] = call_function[target=operator.getitem](args = (%tree_flatten_spec, 0), kwargs = {})",
          "    %getitem_5 : [num_users=1] = call_function[target=operator.getitem](args = (%tree_flatten_spec, 1), kwargs = {})",
          "    %out : [num_users=1] = call_module[target=out](args = (%getitem_4,), kwargs = {})",
          "    %add_1 : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%out, %getitem_5), kwargs = {})",
          "    return (add_1,)",
        ].join("\n"),
      );
      const sub = unflat.get_submodule("sub") as InterpreterModule;
      expect(String(sub.graph)).toBe(
        [
          "graph():",
          "    %_positional_arg_0 : [num_users=1] = placeholder[target=_positional_arg_0]",
          "    %_positional_arg_1 : [num_users=1] = placeholder[target=_positional_arg_1]",
          "    %_spec_0 : [num_users=1] = get_attr[target=_spec_0]",
          "    %tree_flatten_spec : [num_users=2] = call_function[target=torch.fx._pytree.tree_flatten_spec](args = (((%_positional_arg_0, %_positional_arg_1), {}), %_spec_0), kwargs = {})",
          "    %x : [num_users=1] = call_function[target=operator.getitem](args = (%tree_flatten_spec, 0), kwargs = {})",
          "    %add : [num_users=2] = call_function[target=operator.getitem](args = (%tree_flatten_spec, 1), kwargs = {})",
          "    %lin : [num_users=1] = call_module[target=lin](args = (%x,), kwargs = {})",
          "    %mul : [num_users=1] = call_function[target=torch.ops.aten.mul.Tensor](args = (%lin, %add), kwargs = {})",
          "    %sum_1 : [num_users=1] = call_function[target=torch.ops.aten.sum.default](args = (%add,), kwargs = {})",
          "    %_spec_1 : [num_users=1] = get_attr[target=_spec_1]",
          "    %tree_unflatten : [num_users=1] = call_function[target=torch.utils._pytree.tree_unflatten](args = ((%mul, %sum_1), %_spec_1), kwargs = {})",
          "    return tree_unflatten",
        ].join("\n"),
      );
      expect(sub.arg_names).toEqual(["_positional_arg_0", "_positional_arg_1"]);
      expect(String((unflat.get_submodule("sub.lin") as InterpreterModule).graph)).toBe(lin);
    }
  });
});

describe("swapping a preserved submodule", () => {
  const key = "zoo/preserve_module_call_signature";
  const c = CASES[key]!;

  /** An eager Sub with the unflattened one's weights. */
  function eagerSub(unflat: UnflattenedModule): Sub {
    const sub = new Sub();
    sub.load_state_dict(new Map([
      ["lin.weight", unflat.get_parameter("sub.lin.weight")],
      ["lin.bias", unflat.get_parameter("sub.lin.bias")],
    ]));
    return sub;
  }

  it("runs an equivalent eager module in its place", () => {
    for (const ep of [loadedProgram(key), tracedProgram(key)]) {
      const unflat = unflatten(ep) as UnflattenedModule & { sub: Module };
      const calls: unknown[][] = [];
      const sub = eagerSub(unflat);
      sub.register_forward_pre_hook((_m, args) => void calls.push(args));
      unflat.sub = sub;
      expect(unflat.get_submodule("sub")).toBe(sub);
      expectOutputs(call(unflat, inputsOf(c)), c.unflattened_out);
      // Called as the eager model called it: sub(x, x + 1).
      expect(calls.length).toBe(1);
      expect(calls[0]!.length).toBe(2);
    }
  });

  it("fails as PyTorch does when the new module returns another structure", () => {
    class OneOutput extends nn.Module {
      override forward(x: Tensor, y: Tensor): PyTuple<Tensor> {
        return tuple(x.mul(y));
      }
    }
    const unflat = unflatten(loadedProgram(key)) as UnflattenedModule & { sub: Module };
    unflat.sub = new OneOutput();
    expect(() => call(unflat, inputsOf(c))).toThrow(TorchIndexError);
    expect(() => call(unflat, inputsOf(c))).toThrow("tuple index out of range");
  });
});

describe("repeated calls", () => {
  class Twice extends nn.Module {
    lin = new nn.Linear(4, 4);
    override forward(x: Tensor): Tensor {
      return this.lin(this.lin(x).relu());
    }
  }

  it("share one module when their graphs are equal (PyTorch's `lin@1` stack keys)", () => {
    const model = new Twice();
    const x = toTensor({ dtype: "float32", shape: [3, 4], data: Array.from({ length: 12 }, (_, i) => i / 7 - 0.8) });
    const ep = exportModule(model as never, [x], {});
    // PyTorch keys the second call's stack entry `L__self__lin@1`.
    const second = ep.graph.nodes.find((n) => n.name === "linear_1")!;
    second.meta.nn_module_stack = { L__self__: ["", "__main__.Twice"], "L__self__lin@1": ["lin", "torch.nn.modules.linear.Linear"] };
    const unflat = unflatten(ep);
    expect(String(unflat)).toBe("UnflattenedModule(\n  (lin): InterpreterModule()\n)");
    expect(unflat.graph.nodes.filter((n) => n.op === "call_module").map((n) => `${n.name}:${n.target as string}`)).toEqual(["lin:lin", "lin_1:lin"]);
    const got = call(unflat, [x]) as Tensor;
    const want = call(model, [x]) as Tensor;
    expect((got.sub(want).abs().max() as Tensor).item()).toBeLessThan(1e-6);
  });
});

describe("programs unflatten cannot split", () => {
  it("names the node without an nn_module_stack", () => {
    const ep = tracedProgram("zoo/unflatten_plain");
    for (const n of ep.graph.nodes) delete n.meta.nn_module_stack;
    expect(() => unflatten(ep)).toThrow(UnflattenError);
    expect(() => unflatten(ep)).toThrow("Unable to find nn_module_stack for node add");
    // The program itself is left as it was.
    expect(ep.graph.nodes.map((n) => n.name)).toContain("add_1");
  });

  it("needs the root entry of the module call graph first", () => {
    const ep = tracedProgram("zoo/unflatten_plain");
    const broken = Object.create(ep, { module_call_graph: { value: ep.module_call_graph.slice(1) } }) as ExportedProgram;
    expect(() => unflatten(broken)).toThrow(UnflattenError);
    expect(() => unflatten(broken)).toThrow("expected first fqn to be empty string, got 'sub'");
  });
});

// ep.module() behaviour beyond the reference runs: the guard function's checks, the input tree
// spec check, check_guards=false (PyTorch's `_check_input_constraints_for_graph` messages),
// validate_inputs, buffer and input mutation, registered state, and runtime asserts in the graph.
import { describe, expect, it } from "vitest";
import { torch } from "../../src/torch.js";
import { exportModule } from "../../src/export/export.js";
import { EXPORT_CALLS } from "../conformance/cases.js";
import { ExportedProgram } from "../../src/program/exported_program.js";
import { ExportGraphSignature } from "../../src/program/signature.js";
import { GuardFailedError, GuardIndexError, InputConstraintError, InputTreeSpecError } from "../../src/program/guards_errors.js";
import { Graph, GraphModule, Tuple, operator, makeTarget } from "../../src/fx/index.js";
import { lookupOp } from "../../src/ops/index.js";
import { TorchRuntimeError } from "../../src/ops/errors.js";
import { tuple, treespec_dumps, tree_flatten } from "../../src/pytree/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { CASES, argsKwargs, callArgs, expectThrow, loadModel, treeDifference } from "./fixtures.js";

/** An FX target for an ATen overload, as the tracer makes it. */
function aten(name: string) {
  const op = lookupOp(name)!;
  return makeTarget(op.qualifiedName, op.packetName, op.isImpure);
}

const LEAF = { type: null, context: null, children_spec: [] };
const LEAF_SPEC = JSON.stringify([1, LEAF]);
/** The in_spec JSON of `n` positional tensor arguments and no keyword arguments. */
function argsSpec(n: number): string {
  return JSON.stringify([1, { type: "builtins.tuple", context: "null", children_spec: [
    { type: "builtins.tuple", context: "null", children_spec: Array.from({ length: n }, () => LEAF) },
    { type: "builtins.dict", context: "[]", children_spec: [] },
  ] }]);
}

function exported(key: string): ExportedProgram {
  const [args, kwargs] = argsKwargs(CASES[key]!.inputs!);
  return exportModule(loadModel(key) as never, args, { ...EXPORT_CALLS[key]!(), kwargs });
}


describe("guard function", () => {
  it("checks the range and static sizes of mlp_dynamic_batch, in placeholder order", () => {
    const mod = exported("zoo/mlp_dynamic_batch").module();
    // The two failures PyTorch reports for this case's other inputs, and nothing else.
    const fixtureErrors = CASES["zoo/mlp_dynamic_batch"]!.other_inputs.flatMap((o) => (o.error ? [o.error.replace(/^AssertionError: /, "")] : []));
    expect(mod._guards_fn!.guards.map((g) => g.message)).toEqual(fixtureErrors);
    expect(mod._guards_fn!.code).toBe(
      "\ndef _(*args):\n" +
        '  torch._assert(args[0].size()[0] <= 1024, "Guard failed: x.size()[0] <= 1024")\n' +
        '  torch._assert(args[0].size()[1] == 16, "Guard failed: x.size()[1] == 16")\n' +
        "  return\n",
    );
  });

  it("fails with AssertionError on the first failing guard", () => {
    const mod = exported("zoo/mlp_dynamic_batch").module();
    expectThrow(() => mod(torch.zeros(2000, 15)), GuardFailedError, "Guard failed: x.size()[0] <= 1024");
    expectThrow(() => mod(torch.zeros(4, 15)), GuardFailedError, "Guard failed: x.size()[1] == 16");
  });

  it("raises Python's IndexError when an input has fewer dimensions than a guard reads", () => {
    const mod = exported("zoo/mlp_dynamic_batch").module();
    expectThrow(() => mod(torch.zeros(16)), GuardIndexError, "tuple index out of range");
  });

  it("relates sizes of inputs that share a symbol or derive from one", () => {
    const eq = exported("shapes/equal_dims_ok").module();
    expectThrow(() => eq(torch.zeros(4, 3), torch.zeros(5, 3)), GuardFailedError, "Guard failed: y.size()[0] == x.size()[0]");
    const derived = exported("shapes/derived_dim_2x").module();
    expectThrow(() => derived(torch.zeros(4, 3), torch.zeros(9, 3)), GuardFailedError, "Guard failed: y.size()[0] == 2 * x.size()[0]");
    expect((derived(torch.zeros(5, 3), torch.zeros(10, 3)) as Tensor).shape).toEqual([15, 3]);
  });

  it("names nested and keyword inputs by their user paths", () => {
    const mod = exported("zoo/nested_pytree_io").module();
    const messages = mod._guards_fn!.guards.map((g) => g.message);
    expect(messages).toContain("Guard failed: pair[1].size()[0] == 2");
    expect(messages).toContain("Guard failed: cfg['beta'].size()[0] == 3");
  });
});

describe("input tree spec", () => {
  it("rejects inputs whose structure differs from the exported one (ValueError)", () => {
    const ep = exported("zoo/mlp_dynamic_batch");
    const mod = ep.module();
    let error: unknown;
    try {
      mod(torch.zeros(3, 16), torch.zeros(3, 16));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InputTreeSpecError);
    const received = tree_flatten(tuple(tuple(torch.zeros(1), torch.zeros(1)), {}))[1];
    expect((error as Error).message).toBe(
      `Trying to flatten user inputs with exported input tree spec: \n${mod._in_spec}\n` +
        `but actually got inputs with tree spec of: \n${received}.\n` +
        "Please check that the inputs have the same number and type of args and kwargs as the ones you used when tracing.",
    );
    expect(treespec_dumps(mod._in_spec)).toBe(ep.module_call_graph[0]!.signature!.in_spec);
  });
});

describe("check_guards=false: _check_input_constraints_for_graph", () => {
  const mod = () => exported("zoo/mlp_dynamic_batch").module({ check_guards: false });

  it("has no guard function and checks inputs with PyTorch's RuntimeError messages", () => {
    expect(mod()._guards_fn).toBeNull();
    expectThrow(() => mod()(torch.zeros(2000, 16)), InputConstraintError, "Expected input at *args[0].shape[0] to be <= 1024, but got 2000");
    expectThrow(() => mod()(torch.zeros(8, 15)), InputConstraintError, "Expected input at *args[0].shape[1] to be equal to 16, but got 15. If you meant for this dimension to be dynamic, please re-export and specify dynamic_shapes (e.g. with Dim.DYNAMIC)");
    expectThrow(() => mod()(torch.zeros(16)), InputConstraintError, "Unexpected number of dimensions in input at *args[0].shape (expected torch.Size([s77, 16]), got torch.Size([16]))");
    expectThrow(() => mod()(3), InputConstraintError, "Expected input at *args[0] to be a tensor, but got <class 'int'>");
  });

  it("unifies sizes of one symbol across inputs", () => {
    const eq = exported("shapes/equal_dims_ok").module({ check_guards: false });
    expectThrow(() => eq(torch.zeros(4, 3), torch.zeros(5, 3)), InputConstraintError, "Expected input at *args[1].shape[0] to be equal to 4, but got 5");
  });

  it("runs valid inputs like the guarded module", () => {
    const c = CASES["zoo/mlp_dynamic_batch"]!;
    expect(treeDifference(mod()(...callArgs(c.inputs!)), c.outputs!)).toBe("");
  });
});

describe("state and mutation", () => {
  it("registers parameters under their FQNs, sharing the program's tensors", () => {
    const ep = exported("zoo/mlp_dynamic_batch");
    const mod = ep.module();
    expect([...mod.state_dict().keys()]).toEqual([...ep.state_dict.keys()]);
    expect(mod.get_parameter("fc1.weight")._storage).toBe(ep.state_dict.get("fc1.weight")!._storage);
  });

  it("keeps buffer mutations across calls, in the program's buffers too (as PyTorch's shared state)", () => {
    const c = CASES["zoo/counter_buffers_constants"]!;
    const ep = exported("zoo/counter_buffers_constants");
    const mod = ep.module();
    const first = mod(...callArgs(c.inputs!)) as Tensor;
    expect(treeDifference(first, c.outputs!)).toBe("");
    const second = mod(...callArgs(c.inputs!)) as Tensor;
    // count went from 1 to 2: every output element grows by one.
    const diff = Array.from(second._values(), (v, i) => Number(v) - Number(first._values()[i]));
    expect(diff.every((d) => Math.abs(d - 1) < 1e-6)).toBe(true);
    expect(Array.from(ep.state_dict.get("count")!._values())).toEqual([2]);
    expect([...mod.state_dict().keys()]).toEqual(["count"]); // the non-persistent buffer and the constant stay out
  });

  it("mutates user inputs in place as the exported model did (x.add_(1))", () => {
    const c = CASES["zoo/user_input_mutation"]!;
    const [x, y] = callArgs(c.inputs!) as Tensor[];
    const before = Array.from(x!._values(), Number);
    exported("zoo/user_input_mutation").module()(x, y);
    expect(Array.from(x!._values(), Number)).toEqual(before.map((v) => Math.fround(v + 1)));
  });

  it("validate_inputs=false skips the pre-hook's checks but not the guard function (a graph call in PyTorch)", () => {
    const guarded = exported("shapes/static_dim_mismatch_runtime").module();
    guarded.validate_inputs = false;
    expectThrow(() => guarded(torch.zeros(7, 16)), GuardFailedError, "Guard failed: x.size()[0] == 8");
    const unguarded = exported("shapes/static_dim_mismatch_runtime").module({ check_guards: false });
    expectThrow(() => unguarded(torch.zeros(7, 16)), InputConstraintError,
      "Expected input at *args[0].shape[0] to be equal to 8, but got 7. If you meant for this dimension to be dynamic, please re-export and specify dynamic_shapes (e.g. with Dim.DYNAMIC)");
    unguarded.validate_inputs = false;
    expect((unguarded(torch.zeros(7, 16)) as Tensor).shape).toEqual([7, 4]);
  });
});

describe("runtime asserts in the graph", () => {
  // zoo/item_check as PyTorch 2.11 exports it (the printed program of the reference case):
  //   item = aten.item(n); ge_1 = item >= 2; _assert_scalar(ge_1, ...); le_1 = item <= 8;
  //   _assert_scalar(le_1, ...); slice_1 = aten.slice.Tensor(x, 0, None, item); mul = aten.mul.Tensor(slice_1, 2)
  function itemCheckProgram(): ExportedProgram {
    const g = new Graph();
    const x = g.placeholder("x");
    x.meta.val = { dtype: "float32", shape: [10, 3] };
    const n = g.placeholder("n");
    n.meta.val = { dtype: "int64", shape: [] };
    const item = g.call_function(aten("item.default"), [n]);
    const ge = g.call_function(operator.ge, [item, 2], {}, "ge_1");
    g.call_function(aten("_assert_scalar.default"), [ge, "Runtime assertion failed for expression u0 >= 2 on node 'ge_1'"]);
    const le = g.call_function(operator.le, [item, 8], {}, "le_1");
    g.call_function(aten("_assert_scalar.default"), [le, "Runtime assertion failed for expression u0 <= 8 on node 'le_1'"]);
    const slice = g.call_function(aten("slice.Tensor"), [x, 0, null, item]);
    const mul = g.call_function(aten("mul.Tensor"), [slice, 2]);
    g.output(new Tuple([mul]));
    const inSpec = argsSpec(2);
    return new ExportedProgram(
      new GraphModule(g),
      new ExportGraphSignature(
        [
          { kind: "USER_INPUT", arg: { kind: "TensorArgument", name: "x" }, target: null, persistent: null },
          { kind: "USER_INPUT", arg: { kind: "TensorArgument", name: "n" }, target: null, persistent: null },
        ],
        [{ kind: "USER_OUTPUT", arg: { kind: "TensorArgument", name: "mul" }, target: null }],
      ),
      new Map(),
      [{ key: "u0", lower: 2, upper: 8 }],
      [{ fqn: "", signature: { inputs: [], outputs: [], in_spec: inSpec, out_spec: LEAF_SPEC, forward_arg_names: ["x", "n"] } }],
      new Map(),
    );
  }

  it("runs item/slice with the reference inputs and raises the assert's RuntimeError for the other inputs", () => {
    const c = CASES["zoo/item_check"]!;
    const mod = itemCheckProgram().module();
    expect(treeDifference(mod(...callArgs(c.inputs!)), c.outputs!)).toBe("");
    const other = c.other_inputs[0]!;
    expect(other.error).toBe("RuntimeError: Runtime assertion failed for expression u0 >= 2 on node 'ge_1'");
    expectThrow(() => mod(...callArgs(other.inputs)), TorchRuntimeError, other.error!.replace(/^RuntimeError: /, ""));
  });
});

describe("functional mutations (BUFFER_MUTATION / USER_INPUT_MUTATION outputs)", () => {
  // InputMutation and a counter buffer as run_decompositions leaves them: the new values are
  // outputs, and module() copies them back (`copy_`) before returning the user outputs.
  //   add = aten.add.Tensor(x, 1); add_1 = aten.add.Tensor(add, y); add_2 = aten.add.Tensor(b_count, 1)
  //   return (add_2, add, add_1)   # count mutation, x mutation, user output
  function functionalProgram(count: Tensor): ExportedProgram {
    const g = new Graph();
    const b = g.placeholder("b_count");
    b.meta.val = { dtype: "float32", shape: [1] };
    const x = g.placeholder("x");
    x.meta.val = { dtype: "float32", shape: [3, 4] };
    const y = g.placeholder("y");
    y.meta.val = { dtype: "float32", shape: [3, 4] };
    const add = g.call_function(aten("add.Tensor"), [x, 1]);
    const add1 = g.call_function(aten("add.Tensor"), [add, y]);
    const add2 = g.call_function(aten("add.Tensor"), [b, 1]);
    g.output(new Tuple([add2, add, add1]));
    const user = (name: string) => ({ kind: "USER_INPUT" as const, arg: { kind: "TensorArgument" as const, name }, target: null, persistent: null });
    return new ExportedProgram(
      new GraphModule(g),
      new ExportGraphSignature(
        [{ kind: "BUFFER", arg: { kind: "TensorArgument", name: "b_count" }, target: "count", persistent: true }, user("x"), user("y")],
        [
          { kind: "BUFFER_MUTATION", arg: { kind: "TensorArgument", name: "add_2" }, target: "count" },
          { kind: "USER_INPUT_MUTATION", arg: { kind: "TensorArgument", name: "add" }, target: "x" },
          { kind: "USER_OUTPUT", arg: { kind: "TensorArgument", name: "add_1" }, target: null },
        ],
      ),
      new Map([["count", count]]),
      [],
      [{ fqn: "", signature: { inputs: [], outputs: [], in_spec: argsSpec(2), out_spec: LEAF_SPEC, forward_arg_names: ["x", "y"] } }],
      new Map(),
    );
  }

  it("writes the new buffer and input values back and returns only the user outputs", () => {
    const c = CASES["zoo/user_input_mutation"]!;
    const count = torch.zeros(1);
    const mod = functionalProgram(count).module();
    const [x, y] = callArgs(c.inputs!) as Tensor[];
    const before = Array.from(x!._values(), Number);
    const out = mod(x, y);
    expect(treeDifference(out, c.outputs!)).toBe("");
    expect(Array.from(x!._values(), Number)).toEqual(before.map((v) => Math.fround(v + 1)));
    mod(torch.zeros(3, 4), torch.zeros(3, 4));
    expect(Array.from(count._values())).toEqual([2]);
    expect(Array.from(mod.get_buffer("count")._values())).toEqual([2]);
  });
});

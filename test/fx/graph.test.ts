// Unit tests of the fx Graph / Node edit operations, the lint and dead-code elimination.
import { describe, expect, it } from "vitest";
import { GraphError } from "../../src/core/errors.js";
import { Graph, GraphModule, makeTarget, operator, tuple, type Node } from "../../src/fx/index.js";

const add = makeTarget("torch.ops.aten.add.Tensor", "add");
const relu = makeTarget("torch.ops.aten.relu.default", "relu");
const mul = makeTarget("torch.ops.aten.mul.Tensor", "mul");
const addInplace = makeTarget("torch.ops.aten.add_.Tensor", "add_", true);
const assertScalar = makeTarget("torch.ops.aten._assert_scalar.default", "_assert_scalar.default", true);
const sum = makeTarget("torch.ops.aten.sum.default", "sum");

const names = (nodes: readonly Node[]): string[] => nodes.map((n) => n.name);

function small(): { g: Graph; x: Node; y: Node; a: Node; r: Node; out: Node } {
  const g = new Graph();
  const x = g.placeholder("x");
  const y = g.placeholder("y");
  const a = g.call_function(add, [x, y]);
  const r = g.call_function(relu, [a]);
  const out = g.output(tuple(r));
  return { g, x, y, a, r, out };
}

describe("building", () => {
  it("appends nodes in order and names them from targets", () => {
    const { g, x, y, a, r, out } = small();
    expect(names(g.nodes)).toEqual(["x", "y", "add", "relu", "output"]);
    expect(g.length).toBe(5);
    expect(a.args).toEqual([x, y]);
    expect(out.op).toBe("output");
    expect(r.op).toBe("call_function");
    expect(g.output_node()).toBe(out);
  });

  it("keeps use lists: users in order, unique inputs", () => {
    const { g, x, y, a, r } = small();
    const b = g.call_function(mul, [x, x], { other: a });
    expect(names(x.users)).toEqual(["add", "mul"]);
    expect(names(b.all_input_nodes)).toEqual(["x", "add"]);
    expect(names(a.users)).toEqual(["relu", "mul"]);
    expect(y.num_users).toBe(1);
    expect(names(r.users)).toEqual(["output"]);
  });

  it("names nodes like FX: suffixes, builtins, keywords, illegal characters", () => {
    const g = new Graph();
    const x = g.placeholder("x");
    expect(g.call_function(add, [x]).name).toBe("add");
    expect(g.call_function(add, [x]).name).toBe("add_1");
    expect(g.call_function(add, [x]).name).toBe("add_2");
    expect(g.call_function(addInplace, [x]).name).toBe("add_");
    expect(g.call_function(addInplace, [x]).name).toBe("add__1");
    expect(g.call_function(sum, [x]).name).toBe("sum_1"); // `sum` is a Python builtin
    expect(g.call_function(sum, [x]).name).toBe("sum_2");
    expect(g.call_function(assertScalar, [x]).name).toBe("_assert_scalar_default");
    expect(g.call_function(assertScalar, [x]).name).toBe("_assert_scalar_default_1");
    expect(g.call_function(makeTarget("torch.ops.aten.sym_size.int", "sym_size.int"), [x, 0], {}, "sym_size_int_4").name).toBe(
      "sym_size_int_4",
    );
    expect(g.call_function(operator.getitem, [x, 0]).name).toBe("getitem");
    expect(g.call_function(operator.getitem, [x, 1]).name).toBe("getitem_1");
    expect(g.placeholder("input").name).toBe("input_1"); // builtin
    expect(g.placeholder("lambda").name).toBe("lambda_1"); // keyword
    expect(g.placeholder("torch").name).toBe("torch_1"); // a global of generated code
    expect(g.call_function(makeTarget("m.f", "myFunc"), [x]).name).toBe("my_func");
    expect(g.placeholder("9lives").name).toBe("_9lives");
    expect(g.placeholder("a-b").name).toBe("a_b");
    expect(g.placeholder("x").name).toBe("x_1");
  });

  it("refuses targets of the wrong kind and unknown opcodes", () => {
    const g = new Graph();
    expect(() => g.create_node("call_function", "relu")).toThrow(GraphError);
    expect(() => g.create_node("placeholder", relu as unknown as string)).toThrow(GraphError);
    expect(() => g.create_node("bogus" as "placeholder", "x")).toThrow(/unknown node opcode/);
    expect(g.length).toBe(0);
  });
});

describe("bad arguments", () => {
  it("refuses a node of another graph and leaves no trace", () => {
    const { g } = small();
    const other = new Graph();
    const z = other.placeholder("z");
    const before = g.length;
    expect(() => g.call_function(relu, [z])).toThrow(/Argument 'z' of Node 'relu_1' does not belong to this Graph/);
    expect(g.length).toBe(before);
    expect(z.num_users).toBe(0);
  });

  it("refuses an erased (dangling) argument", () => {
    const { g, x } = small();
    const dead = g.call_function(mul, [x, 2]);
    g.erase_node(dead);
    expect(() => g.call_function(relu, [dead])).toThrow(/Argument 'mul' of Node 'relu_1' was erased/);
    expect(() => dead.users).toThrow(GraphError);
  });

  it("refuses a node using itself", () => {
    const { a } = small();
    expect(() => (a.args = [a])).toThrow(/use itself/);
  });

  it("finds arguments nested in lists, tuples and kwargs", () => {
    const { g, x, y } = small();
    const n = g.call_function(makeTarget("torch.ops.aten.cat.default", "cat"), [[x, tuple(y, x)]], { dim: 0 });
    expect(names(n.all_input_nodes)).toEqual(["x", "y"]);
  });
});

describe("edits", () => {
  it("erase_node refuses a node with users, naming them", () => {
    const { g, a } = small();
    expect(() => g.erase_node(a)).toThrow("Tried to erase Node add but it still had 1 users in the graph: {relu: None}!");
    expect(names(g.nodes)).toContain("add");
  });

  it("erase_node removes the node from its inputs' users", () => {
    const { g, x } = small();
    const m = g.call_function(mul, [x, 3]);
    expect(x.num_users).toBe(2);
    g.erase_node(m);
    expect(x.num_users).toBe(1);
    expect(m.erased).toBe(true);
    expect(names(g.nodes)).not.toContain("mul");
    expect(() => new Graph().erase_node(x)).toThrow(/wrong graph/);
  });

  it("replace_all_uses_with moves every user", () => {
    const { g, x, a, r } = small();
    const m = g.with_inserting_after(a, () => g.call_function(mul, [x, x]));
    const changed = a.replace_all_uses_with(m);
    expect(names(changed)).toEqual(["relu"]);
    expect(r.args).toEqual([m]);
    expect(a.num_users).toBe(0);
    expect(names(m.users)).toEqual(["relu"]);
    g.lint();
  });

  it("replace_all_uses_with honours the callback and refuses a cycle", () => {
    const { g, a } = small();
    const m = g.with_inserting_after(a, () => g.call_function(mul, [a, 2]));
    expect(() => a.replace_all_uses_with(m)).toThrow(/cycle/);
    expect(names(a.users)).toEqual(["relu", "mul"]); // nothing changed
    a.replace_all_uses_with(m, (u) => u !== m);
    expect(names(a.users)).toEqual(["mul"]);
    expect(names(m.users)).toEqual(["relu"]);
    g.lint();
  });

  it("replace_all_uses_with can propagate meta", () => {
    const { g, x, a } = small();
    a.meta.val = { dtype: "float32", shape: [2] };
    const m = g.with_inserting_after(a, () => g.call_function(mul, [x, x]));
    a.replace_all_uses_with(m, undefined, { propagate_meta: true });
    expect(m.meta.val).toEqual({ dtype: "float32", shape: [2] });
    expect(() => a.replace_all_uses_with(m, undefined, { propagate_meta: true })).toThrow(/empty meta/);
  });

  it("replace_input_with substitutes one input everywhere in the arguments", () => {
    const { g, x, y } = small();
    const n = g.call_function(mul, [x, [x, y]], { other: x });
    n.replace_input_with(x, y);
    expect(n.args).toEqual([y, [y, y]]);
    expect(n.kwargs).toEqual({ other: y });
    expect(names(n.all_input_nodes)).toEqual(["y"]);
    expect(names(x.users)).toEqual(["add"]);
  });

  it("update_arg and update_kwarg keep use lists in step", () => {
    const { x, y, a } = small();
    a.update_arg(1, x);
    expect(names(a.all_input_nodes)).toEqual(["x"]);
    expect(y.num_users).toBe(0);
    a.update_kwarg("alpha", y);
    expect(a.kwargs).toEqual({ alpha: y });
    expect(names(y.users)).toEqual(["add"]);
    expect(() => a.update_arg(5, 1)).toThrow(GraphError);
  });

  it("inserting_before / inserting_after set the insertion point like FX", () => {
    const { g, x, a } = small();
    g.with_inserting_before(a, () => {
      g.call_function(mul, [x, 1], {}, "m1");
      g.call_function(mul, [x, 2], {}, "m2");
    });
    expect(names(g.nodes)).toEqual(["x", "y", "m1", "m2", "add", "relu", "output"]);
    // After a node, each new node goes right after it: they come out reversed, as in FX.
    g.with_inserting_after(a, () => {
      g.call_function(mul, [x, 3], {}, "m3");
      g.call_function(mul, [x, 4], {}, "m4");
    });
    expect(names(g.nodes)).toEqual(["x", "y", "m1", "m2", "add", "m4", "m3", "relu", "output"]);
    const point = g.inserting_before(null);
    g.placeholder("first");
    point.restore();
    expect(g.nodes[0]!.name).toBe("first");
    g.call_function(relu, [x], {}, "last");
    expect(g.nodes.at(-1)!.name).toBe("last");
    expect(() => g.inserting_before(new Graph().placeholder("q"))).toThrow(/not in this graph/);
  });

  it("prepend/append move nodes; the lint catches the broken order and names the node", () => {
    const { g, x, a, r } = small();
    x.prepend(r); // relu before its input `add`
    expect(names(g.nodes)).toEqual(["relu", "x", "y", "add", "output"]);
    expect(() => g.lint()).toThrow("lint: Argument 'add' of Node 'relu' was used before it has been defined!");
    a.append(r);
    g.lint();
    expect(names(g.nodes)).toEqual(["x", "y", "add", "relu", "output"]);
  });

  it("the lint notices arguments edited in place", () => {
    const { g, x, a } = small();
    (a.args as Node[])[1] = x; // bypasses the store
    expect(() => g.lint()).toThrow("lint: Node add: its arguments changed without an update");
  });

  it("a cycle through two nodes is caught by the lint", () => {
    const { g, a, r } = small();
    a.update_arg(1, r); // add uses relu, relu uses add
    expect(() => g.lint()).toThrow(/Argument 'relu' of Node 'add' was used before it has been defined/);
  });

  it("lint checks get_attr targets against the owning module", () => {
    const g = new Graph();
    const t = g.get_attr("true_graph_0");
    g.output(t);
    const gm = new GraphModule(g);
    expect(() => g.lint()).toThrow("lint: Node true_graph_0 target true_graph_0 references nonexistent attribute of the module");
    gm.add_submodule("true_graph_0", new GraphModule(new Graph(), "true_graph_0"));
    g.lint();
  });
});

describe("navigation and copies", () => {
  it("next/prev, nodes_reversed, find_nodes", () => {
    const { g, x, y, a, out } = small();
    expect(x.prev).toBeNull();
    expect(x.next).toBe(y);
    expect(out.next).toBeNull();
    expect(a.prev).toBe(y);
    expect(names(g.nodes_reversed)).toEqual(["output", "relu", "add", "y", "x"]);
    expect(names(g.find_nodes("placeholder"))).toEqual(["x", "y"]);
    expect(names(g.find_nodes("call_function", makeTarget("torch.ops.aten.add.Tensor", "add")))).toEqual(["add"]);
    expect(g.find_nodes("call_function", mul)).toEqual([]);
  });

  it("graph_copy copies nodes, names, meta and returns the mapped output", () => {
    const { g, a } = small();
    a.meta.val = { dtype: "float32", shape: [3] };
    const h = new Graph();
    const map = new Map<Node, Node>();
    const result = h.graph_copy(g, map as Map<Node, never>);
    h.output(result ?? null);
    expect(names(h.nodes)).toEqual(["x", "y", "add", "relu", "output"]);
    const copyOfAdd = map.get(a)!;
    expect(copyOfAdd.graph).toBe(h);
    expect(copyOfAdd.meta.val).toEqual({ dtype: "float32", shape: [3] });
    expect(copyOfAdd.meta).not.toBe(a.meta);
    expect(names(copyOfAdd.all_input_nodes)).toEqual(["x", "y"]);
    h.lint();
    expect(String(h)).toBe(String(g));
  });

  it("node_copy without mapping refuses nodes of the other graph", () => {
    const { a } = small();
    const h = new Graph();
    expect(() => h.node_copy(a)).toThrow(/does not belong to this Graph/);
  });
});

describe("rename", () => {
  it("goes through the namespace and shows up in printing and store errors", () => {
    const { g, x, a } = small();
    expect(a._rename("sum")).toBe("sum_1"); // builtin
    expect(x._rename("y")).toBe("y_1"); // taken
    expect(a._rename("sum_1")).toBe("sum_1");
    expect(() => g.erase_node(x)).toThrow("Tried to erase Node y_1 but it still had 1 users in the graph: {sum_1: None}!");
    expect(String(g)).toContain("%sum_1 : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%y_1, %y), kwargs = {})");
    // A renamed placeholder keeps its target (the signature name) unless that is changed too.
    expect(new GraphModule(g).code).toContain("def forward(self, x, y):\n    y_1 = x");
    x.target = "y_1";
    expect(g.nodes[0]!.target).toBe("y_1");
    expect(() => (x.target = relu)).toThrow(/must stay a string/);
    expect(() => (a.target = "add")).toThrow(/must stay a Target/);
    a.target = mul;
    expect(a.is_impure()).toBe(false);
    a.target = addInplace;
    expect(a.is_impure()).toBe(true);
    a.replace_all_uses_with(x);
    g.eliminate_dead_code();
    expect(a.erased).toBe(false); // the store knows the new target is impure
  });
});

describe("dispose", () => {
  it("frees the graph's node ids for reuse and makes old handles fail clearly", () => {
    const { g, x, a } = small();
    const oldId = a.id;
    g.dispose();
    g.dispose(); // idempotent
    expect(() => g.nodes).toThrow("this graph was disposed");
    expect(() => a.users).toThrow("this graph was disposed");
    expect(() => g.call_function(relu, [])).toThrow("this graph was disposed");
    expect(a.erased).toBe(true);
    // The ids come back in the next graph; the old handles still refuse to work.
    const h = new Graph();
    const fresh: Node[] = [];
    for (let i = 0; i < 8; i++) fresh.push(h.placeholder(`p${i}`));
    expect(fresh.map((n) => n.id)).toContain(oldId);
    expect(() => x.replace_all_uses_with(x)).toThrow("this graph was disposed");
    h.lint();
    expect(names(h.nodes)).toEqual(["p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7"]);
  });

  it("reused slots start clean (no users, no inputs)", () => {
    for (let round = 0; round < 3; round++) {
      const { g } = small();
      const m = g.call_function(mul, [g.nodes[0]!, 2]);
      g.erase_node(m);
      g.dispose();
    }
    const { g, x, a } = small();
    expect(names(x.users)).toEqual(["add"]);
    expect(names(a.all_input_nodes)).toEqual(["x", "y"]);
    g.lint();
  });
});

describe("dead-code elimination", () => {
  it("removes unused pure nodes, keeps impure ones, placeholders and outputs", () => {
    const { g, x, y } = small();
    const m = g.with_inserting_before(g.output_node(), () => g.call_function(mul, [x, 2]));
    g.with_inserting_before(g.output_node(), () => g.call_function(relu, [m]));
    g.with_inserting_before(g.output_node(), () => g.call_function(addInplace, [y, 1]));
    g.with_inserting_before(g.output_node(), () => g.call_function(assertScalar, [true, "msg"]));
    expect(g.eliminate_dead_code()).toBe(true);
    expect(names(g.nodes)).toEqual(["x", "y", "add", "relu", "add_", "_assert_scalar_default", "output"]);
    expect(m.erased).toBe(true);
    expect(names(x.users)).toEqual(["add"]);
    expect(g.eliminate_dead_code()).toBe(false);
  });

  it("accepts a custom impurity test", () => {
    const { g, x } = small();
    g.with_inserting_before(g.output_node(), () => g.call_function(mul, [x, 2]));
    expect(g.eliminate_dead_code((n) => n.op !== "call_function" || n.name === "mul")).toBe(false);
    expect(names(g.nodes)).toContain("mul");
  });

  it("cleans subgraphs referenced by get_attr", () => {
    const sub = new Graph();
    const sx = sub.placeholder("x");
    sub.call_function(relu, [sx]);
    sub.output(tuple(sx));
    const g = new Graph();
    const x = g.placeholder("x");
    const t = g.get_attr("body");
    g.output(tuple(x, t));
    const gm = new GraphModule(g);
    gm.add_submodule("body", new GraphModule(sub, "body"));
    expect(g.eliminate_dead_code()).toBe(true);
    expect(names(sub.nodes)).toEqual(["x", "output"]);
  });

  it("refuses to run on a graph that is out of order", () => {
    const { g, x, r } = small();
    x.prepend(r);
    expect(() => g.eliminate_dead_code()).toThrow(/used before it has been defined/);
  });
});

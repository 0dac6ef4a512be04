// Random edit sequences: after every edit the store's use lists must mirror the arguments held
// in TypeScript, and the lint must pass (edits only ever reference earlier nodes).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Graph, inputNodes, makeTarget, tuple, type Argument, type Node } from "../../src/fx/index.js";

const f = makeTarget("torch.ops.aten.f.default", "f");

type Edit =
  | { kind: "add"; picks: number[]; nested: boolean }
  | { kind: "rauw"; a: number; b: number }
  | { kind: "erase"; a: number }
  | { kind: "update"; a: number; slot: number; pick: number }
  | { kind: "replace_input"; a: number; old: number; pick: number }
  | { kind: "dce" };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant("add" as const), picks: fc.array(fc.nat(50), { maxLength: 4 }), nested: fc.boolean() }),
  fc.record({ kind: fc.constant("rauw" as const), a: fc.nat(50), b: fc.nat(50) }),
  fc.record({ kind: fc.constant("erase" as const), a: fc.nat(50) }),
  fc.record({ kind: fc.constant("update" as const), a: fc.nat(50), slot: fc.nat(3), pick: fc.nat(50) }),
  fc.record({ kind: fc.constant("replace_input" as const), a: fc.nat(50), old: fc.nat(3), pick: fc.nat(50) }),
  fc.constant({ kind: "dce" as const }),
);

function check(g: Graph): void {
  g.lint();
  const nodes = g.nodes;
  const expectedUsers = new Map<Node, Set<Node>>(nodes.map((n) => [n, new Set<Node>()]));
  for (const n of nodes) {
    const inputs = inputNodes(n.args, n.kwargs);
    expect(n.all_input_nodes).toEqual(inputs);
    for (const i of inputs) expectedUsers.get(i)!.add(n);
  }
  for (const n of nodes) {
    const users = n.users;
    expect(new Set(users)).toEqual(expectedUsers.get(n));
    expect(users.length).toBe(expectedUsers.get(n)!.size);
    expect(n.num_users).toBe(users.length);
  }
}

function apply(g: Graph, e: Edit): void {
  const nodes = g.nodes.filter((n) => n.op !== "output");
  const at = (i: number): Node => nodes[i % nodes.length]!;
  switch (e.kind) {
    case "add": {
      const picked: Argument[] = e.picks.map(at);
      const args: Argument[] = e.nested ? [picked, tuple(...picked), 1] : picked;
      g.with_inserting_before(g.output_node(), () => g.call_function(f, args, e.nested ? { k: picked[0] ?? null } : {}));
      return;
    }
    case "rauw": {
      // Replace a later node by an earlier one, so order stays topological.
      const [i, j] = [e.a % nodes.length, e.b % nodes.length].sort((x, y) => x - y) as [number, number];
      if (i !== j) nodes[j]!.replace_all_uses_with(nodes[i]!);
      return;
    }
    case "erase": {
      const n = at(e.a);
      if (n.op !== "placeholder" && n.num_users === 0) g.erase_node(n);
      return;
    }
    case "update": {
      const n = at(e.a);
      const i = nodes.indexOf(n);
      if (n.op === "call_function" && n.args.length > 0 && i > 0) n.update_arg(e.slot % n.args.length, nodes[e.pick % i]!);
      return;
    }
    case "replace_input": {
      const n = at(e.a);
      const i = nodes.indexOf(n);
      const inputs = n.op === "call_function" ? n.all_input_nodes : [];
      if (inputs.length > 0 && i > 0) n.replace_input_with(inputs[e.old % inputs.length]!, nodes[e.pick % i]!);
      return;
    }
    case "dce":
      g.eliminate_dead_code();
  }
}

describe("random edits keep use-def consistent", () => {
  it("holds for 300 random edit sequences", () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 40 }), (edits) => {
        const g = new Graph();
        const x = g.placeholder("x");
        const y = g.placeholder("y");
        g.output(tuple(x, y));
        for (const e of edits) {
          apply(g, e);
          check(g);
        }
        g.dispose();
      }),
      { numRuns: 300 },
    );
  });
});

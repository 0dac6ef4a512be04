// pytree behaviour: containers, custom nodes, tree_map, key paths, errors.
import { describe, expect, it } from "vitest";
import {
  DefaultDict,
  Deque,
  OrderedDict,
  TreeSpecMismatchError,
  TreeSpecSerializationError,
  PytreeRegistrationError,
  _deregister_pytree_node,
  isTuple,
  keystr,
  namedtuple,
  register_namedtuple,
  register_pytree_node,
  tree_flatten,
  tree_flatten_with_path,
  tree_leaves,
  tree_map,
  tree_structure,
  tree_unflatten,
  treespec_dumps,
  treespec_loads,
  tuple,
} from "../../src/pytree/index.js";

const LEAF = '{"type": null, "context": null, "children_spec": []}';

describe("containers", () => {
  it("arrays are lists, tuple() makes tuples, and map() on a tuple gives a list", () => {
    const t = tuple(1, 2);
    expect(isTuple(t)).toBe(true);
    expect(isTuple([1, 2])).toBe(false);
    expect(isTuple(t.map((x) => x))).toBe(false);
    expect(Object.isFrozen(t)).toBe(true);
    expect(treespec_dumps(tree_structure([1]))).toBe(`[1, {"type": "builtins.list", "context": "null", "children_spec": [${LEAF}]}]`);
  });

  it("unflatten rebuilds tuples, lists and dicts of the same kind", () => {
    const tree = tuple([1, tuple(2, 3)], { a: 4, b: null });
    const [leaves, spec] = tree_flatten(tree);
    expect(leaves).toEqual([1, 2, 3, 4, null]);
    const back = tree_unflatten([10, 20, 30, 40, 50], spec) as unknown[];
    expect(isTuple(back)).toBe(true);
    expect(isTuple(back[0])).toBe(false);
    expect(isTuple((back[0] as unknown[])[1])).toBe(true);
    expect(back[1]).toEqual({ a: 40, b: 50 });
  });

  it("dicts keep insertion order; integer-like and numeric keys come back as a Map", () => {
    const m = new Map<unknown, unknown>([["x", 1], [3, 2]]);
    const spec = tree_structure(m);
    expect(treespec_dumps(spec)).toBe(
      `[1, {"type": "builtins.dict", "context": "[\\"x\\", 3]", "children_spec": [${LEAF}, ${LEAF}]}]`,
    );
    const back = tree_unflatten([7, 8], spec);
    expect(back).toBeInstanceOf(Map);
    expect([...(back as Map<unknown, unknown>)]).toEqual([["x", 7], [3, 8]]);
    const back2 = tree_unflatten([1, 2], treespec_loads(treespec_dumps(tree_structure(new Map([["10", 0], ["a", 0]])))));
    expect([...(back2 as Map<unknown, unknown>).keys()]).toEqual(["10", "a"]);
  });

  it("OrderedDict, defaultdict and deque serialize like PyTorch", () => {
    const od = new OrderedDict([["b", 1], ["a", 2]]);
    expect(treespec_dumps(tree_structure(od))).toBe(
      `[1, {"type": "collections.OrderedDict", "context": "[\\"b\\", \\"a\\"]", "children_spec": [${LEAF}, ${LEAF}]}]`,
    );
    const dd = new DefaultDict({ module: "builtins", name: "list" }, [["k", 1]]);
    const ddText = `[1, {"type": "collections.defaultdict", "context": {"default_factory_module": "builtins", "default_factory_name": "list", "dict_context": ["k"]}, "children_spec": [${LEAF}]}]`;
    expect(treespec_dumps(tree_structure(dd))).toBe(ddText);
    expect(treespec_dumps(treespec_loads(ddText))).toBe(ddText);
    const dq = new Deque([1, 2], 5);
    expect(treespec_dumps(tree_structure(dq))).toBe(
      `[1, {"type": "collections.deque", "context": "5", "children_spec": [${LEAF}, ${LEAF}]}]`,
    );
    expect(tree_structure(od).toString()).toBe("TreeSpec(OrderedDict, ['b', 'a'], [*,\n  *])");
  });

  it("namedtuples need a registered name to serialize; the context is that name", () => {
    const Point = namedtuple("Point", ["x", "y"]);
    const p = Point.create(1, 2);
    expect((p as unknown as { y: number }).y).toBe(2);
    const spec = tree_structure(p);
    expect(() => treespec_dumps(spec)).toThrow(TreeSpecSerializationError);
    register_namedtuple(Point, { serialized_type_name: "test.Point" });
    const text = treespec_dumps(spec);
    expect(text).toBe(`[1, {"type": "collections.namedtuple", "context": "test.Point", "children_spec": [${LEAF}, ${LEAF}]}]`);
    const back = tree_unflatten([5, 6], treespec_loads(text));
    expect(back).toBeInstanceOf(Point);
    expect(Array.from(back as unknown[])).toEqual([5, 6]);
  });
});

describe("custom nodes", () => {
  class Pair {
    constructor(readonly a: unknown, readonly b: unknown, readonly tag: string) {}
  }
  it("register_pytree_node flattens, unflattens and serializes with the given name", () => {
    register_pytree_node(Pair, (p) => [[p.a, p.b], p.tag], (c, tag) => new Pair(c[0], c[1], tag), {
      serialized_type_name: "test.Pair",
    });
    try {
      const [leaves, spec] = tree_flatten([new Pair(1, tuple(2), "t")]);
      expect(leaves).toEqual([1, 2]);
      const text = treespec_dumps(spec);
      expect(text).toContain('"type": "test.Pair", "context": "\\"t\\""');
      const back = tree_unflatten([3, 4], treespec_loads(text)) as Pair[];
      expect(back[0]).toBeInstanceOf(Pair);
      expect(back[0].tag).toBe("t");
      expect(() => register_pytree_node(Pair, () => [[], null], () => new Pair(0, 0, ""))).toThrow(PytreeRegistrationError);
    } finally {
      _deregister_pytree_node(Pair);
    }
    expect(tree_leaves(new Pair(1, 2, "t"))).toHaveLength(1);
  });
});

describe("tree_map and key paths", () => {
  it("tree_map over several trees; mismatched structures raise typed errors", () => {
    const a = { x: [1, 2], y: 3 };
    expect(tree_map((p: number, q: number) => p + q, a, { y: 30, x: [10, 20] })).toEqual({ x: [11, 22], y: 33 });
    expect(() => tree_map((p: number) => p, a, { x: [1], y: 3 })).toThrow(/Node arity mismatch; expected 2, but got 1/);
    expect(() => tree_map((p: number) => p, a, { x: [1, 2], z: 3 })).toThrow(TreeSpecMismatchError);
    expect(() => tree_map((p: number) => p, [1], tuple(1))).toThrow(/Node type mismatch; expected list, but got tuple/);
  });

  it("key paths print like keystr", () => {
    const [pairs] = tree_flatten_with_path(tuple({ a: [5] }, 6));
    expect(pairs.map(([kp, v]) => [keystr(kp), v])).toEqual([["[0]['a'][0]", 5], ["[1]", 6]]);
  });

  it("unflatten checks the leaf count", () => {
    expect(() => tree_unflatten([1], tree_structure([1, 2]))).toThrow(
      "treespec.unflatten(leaves): `leaves` has length 1 but the spec refers to a pytree that holds 2 items (TreeSpec(list, None, [*,\n  *])).",
    );
  });
});

describe("treespec_loads rejects bad input with typed errors", () => {
  const bad = [
    "not json",
    "[2, {}]",
    '[1, {"type": "builtins.frob", "context": "null", "children_spec": []}]',
    '[1, {"type": "builtins.dict", "context": "[\\"a\\"]", "children_spec": []}]',
    '[1, {"type": "builtins.tuple", "context": "{", "children_spec": []}]',
    '[1, {"type": "builtins.tuple", "context": "null"}]',
    "[1]",
  ];
  for (const text of bad) {
    it(text, () => expect(() => treespec_loads(text)).toThrow(TreeSpecSerializationError));
  }
});

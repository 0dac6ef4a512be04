// TreeSpec text against PyTorch 2.11: pytree.json cases and every TreeSpec string in the corpus.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  tree_flatten,
  tree_unflatten,
  treespec_dumps,
  treespec_loads,
  tuple,
} from "../../src/pytree/index.js";

const fixtures = new URL("../fixtures/torch-2.11/", import.meta.url);
const pytreeCases = JSON.parse(readFileSync(new URL("pytree.json", fixtures), "utf8")) as Record<
  string,
  { num_leaves: number; treespec: string; str: string }
>;
const corpusSpecs = JSON.parse(readFileSync(new URL("serde/treespecs.json", fixtures), "utf8")) as Array<{
  treespec: string;
}>;

class FakeTensor {} // any class instance that is not registered is a leaf, like a torch.Tensor
const T = () => new FakeTensor();

// The Python structures of gen_reference.py's pytree_cases(), written the pt2js way.
const structures: Record<string, () => unknown> = {
  tuple_of_tensors: () => tuple(T(), T()),
  list: () => [T(), 2, null],
  dict: () => ({ b: T(), a: [T(), tuple(3.0)] }),
  nested_args_kwargs: () => tuple(tuple(T(), [T()]), { k: T() }),
  none: () => null,
  empty: () => tuple(tuple(), {}),
};

describe("pytree.json (torch 2.11 tree_flatten + treespec_dumps + str)", () => {
  it("covers every case", () => {
    expect(Object.keys(structures).sort()).toEqual(Object.keys(pytreeCases).sort());
  });
  for (const [name, expected] of Object.entries(pytreeCases)) {
    it(name, () => {
      const [leaves, spec] = tree_flatten(structures[name]());
      expect(leaves.length).toBe(expected.num_leaves);
      expect(spec.num_leaves).toBe(expected.num_leaves);
      expect(treespec_dumps(spec)).toBe(expected.treespec);
      expect(spec.toString()).toBe(expected.str);
      const loaded = treespec_loads(expected.treespec);
      expect(loaded.equals(spec)).toBe(true);
      expect(loaded.toString()).toBe(expected.str);
    });
  }
});

describe("every TreeSpec string in the corpus", () => {
  it("has the collected strings", () => {
    expect(corpusSpecs.length).toBeGreaterThanOrEqual(17);
  });
  corpusSpecs.forEach(({ treespec }, i) => {
    it(`#${i} loads, dumps identically, and unflatten→flatten reproduces it`, () => {
      const spec = treespec_loads(treespec);
      expect(treespec_dumps(spec)).toBe(treespec);
      const leaves = Array.from({ length: spec.num_leaves }, () => T());
      const tree = tree_unflatten(leaves, spec);
      const [again, spec2] = tree_flatten(tree);
      expect(again).toEqual(leaves);
      expect(treespec_dumps(spec2)).toBe(treespec);
    });
  });
});

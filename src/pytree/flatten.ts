// tree_flatten / tree_unflatten / tree_map and friends (torch.utils._pytree's functional API).
import { PytreeError } from "./errors.js";
import { keyEntryStr, nodeDefOf, type KeyEntry } from "./registry.js";
import { LeafSpec, TreeSpec } from "./treespec.js";

export type IsLeaf = (node: unknown) => boolean;
export type KeyPath = readonly KeyEntry[];

/** True when `tree` is a leaf: not a registered node type, or `is_leaf(tree)` says so. */
export function tree_is_leaf(tree: unknown, is_leaf?: IsLeaf): boolean {
  if (is_leaf?.(tree)) return true;
  return nodeDefOf(tree) === null;
}

/** Flattens a pytree into its leaves (depth first) and the TreeSpec that rebuilds it. */
export function tree_flatten(tree: unknown, is_leaf?: IsLeaf): [unknown[], TreeSpec] {
  const leaves: unknown[] = [];
  const helper = (node: unknown): TreeSpec => {
    if (is_leaf?.(node)) {
      leaves.push(node);
      return LeafSpec();
    }
    const def = nodeDefOf(node);
    if (def === null) {
      leaves.push(node);
      return LeafSpec();
    }
    const [children, context] = def.flatten(node);
    return new TreeSpec(def, context, children.map(helper));
  };
  const spec = helper(tree);
  return [leaves, spec];
}

/** Inverse of tree_flatten. */
export function tree_unflatten(leaves: readonly unknown[], treespec: TreeSpec): unknown {
  if (!(treespec instanceof TreeSpec)) {
    throw new TypeError(
      "tree_unflatten(leaves, treespec): Expected `treespec` to be instance of TreeSpec but got item of type " +
        typeof treespec + ".",
    );
  }
  return treespec.unflatten(leaves);
}

/** The leaves of a pytree in flatten order. */
export function tree_leaves(tree: unknown, is_leaf?: IsLeaf): unknown[] {
  return tree_flatten(tree, is_leaf)[0];
}

/** The TreeSpec of a pytree. */
export function tree_structure(tree: unknown, is_leaf?: IsLeaf): TreeSpec {
  return tree_flatten(tree, is_leaf)[1];
}

/**
 * Maps `func` over the leaves of `tree`; each of `rests` must have `tree`'s structure (or have it as
 * a prefix) and contributes the matching subtree as an extra argument.
 */
export function tree_map(func: (x: any, ...rest: any[]) => unknown, tree: unknown, ...rests: unknown[]): unknown {
  const [leaves, spec] = tree_flatten(tree);
  const others = rests.map((r) => spec.flatten_up_to(r));
  return spec.unflatten(leaves.map((x, i) => func(x, ...others.map((o) => o[i]))));
}

/** Like tree_map but only applies `func` to leaves for which `pred` holds (tree_map_only). */
export function tree_map_only(pred: (x: unknown) => boolean, func: (x: any) => unknown, tree: unknown): unknown {
  return tree_map((x) => (pred(x) ? func(x) : x), tree);
}

/** Leaves with their key paths, and the spec (tree_flatten_with_path). */
export function tree_flatten_with_path(tree: unknown, is_leaf?: IsLeaf): [Array<[KeyPath, unknown]>, TreeSpec] {
  const [, spec] = tree_flatten(tree, is_leaf);
  return [tree_leaves_with_path(tree, is_leaf), spec];
}

/** Leaves with their key paths (tree_leaves_with_path). */
export function tree_leaves_with_path(tree: unknown, is_leaf?: IsLeaf): Array<[KeyPath, unknown]> {
  const out: Array<[KeyPath, unknown]> = [];
  const walk = (path: KeyEntry[], node: unknown): void => {
    if (is_leaf?.(node)) {
      out.push([path, node]);
      return;
    }
    const def = nodeDefOf(node);
    if (def === null) {
      out.push([path, node]);
      return;
    }
    if (!def.flattenWithKeys) {
      throw new PytreeError(
        `Did not find a flatten_with_keys_fn for type: ${def.name}. ` +
          "Please pass a flatten_with_keys_fn argument to register_pytree_node.",
      );
    }
    const [children] = def.flattenWithKeys(node);
    for (const [k, child] of children) walk([...path, k], child);
  };
  walk([], tree);
  return out;
}

/** Pretty key path: `[0]['a'].field`. */
export function keystr(kp: KeyPath): string {
  return kp.map(keyEntryStr).join("");
}

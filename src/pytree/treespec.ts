// TreeSpec: the structure of a pytree (type, context, children), as torch.utils._pytree.TreeSpec.
import { TreeSpecMismatchError } from "./errors.js";
import { nodeDefOf, type NodeDef } from "./registry.js";
import { pyRepr } from "./pyrepr.js";

export class TreeSpec {
  readonly num_nodes: number;
  readonly num_leaves: number;
  readonly num_children: number;

  /** `type` null with no children is a leaf (use LeafSpec()). */
  constructor(
    readonly type: NodeDef | null,
    readonly context: unknown,
    readonly children_specs: readonly TreeSpec[],
  ) {
    if (type === null && children_specs.length === 0) {
      this.num_nodes = this.num_leaves = 1;
      this.num_children = 0;
    } else {
      let nodes = 1;
      let leaves = 0;
      for (const c of children_specs) {
        nodes += c.num_nodes;
        leaves += c.num_leaves;
      }
      this.num_nodes = nodes;
      this.num_leaves = leaves;
      this.num_children = children_specs.length;
    }
    Object.freeze(this);
  }

  is_leaf(): boolean {
    return this.num_nodes === 1 && this.num_leaves === 1;
  }

  /** Python's repr: `TreeSpec(tuple, None, [*,\n  *])`, a leaf is `*`. */
  toString(indent = 0): string {
    if (this.is_leaf()) return "*";
    const prefix = `TreeSpec(${this.type?.name}, ${contextStr(this.context)}, [`;
    let children = "";
    if (this.num_children > 0) {
      const inner = indent + 2;
      children = this.children_specs[0].toString(inner);
      if (this.num_children > 1) children += ",";
      children += this.children_specs
        .slice(1)
        .map((c) => "\n" + " ".repeat(inner) + c.toString(inner))
        .join(",");
    }
    return `${prefix}${children}])`;
  }

  /** Structural equality (Python's TreeSpec.__eq__). */
  equals(other: TreeSpec): boolean {
    if (this === other) return true;
    if (this.is_leaf() || other.is_leaf()) return this.is_leaf() && other.is_leaf();
    if (this.type !== other.type) return false;
    if (!contextEquals(this.context, other.context)) return false;
    if (this.num_children !== other.num_children) return false;
    return this.children_specs.every((c, i) => c.equals(other.children_specs[i]));
  }

  /** Builds the pytree from `leaves` (Python: TreeSpec.unflatten). */
  unflatten(leaves: readonly unknown[]): unknown {
    if (leaves.length !== this.num_leaves) {
      throw new TreeSpecMismatchError(
        `treespec.unflatten(leaves): \`leaves\` has length ${leaves.length} but the spec refers to a ` +
          `pytree that holds ${this.num_leaves} items (${this}).`,
      );
    }
    let at = 0;
    const build = (spec: TreeSpec): unknown => {
      if (spec.is_leaf()) return leaves[at++];
      const children = spec.children_specs.map(build);
      return spec.type!.unflatten(children, spec.context);
    };
    return build(this);
  }

  /** The subtrees of `tree` at this spec's leaves; throws when `tree` does not have this structure. */
  flatten_up_to(tree: unknown): unknown[] {
    const out: unknown[] = [];
    const walk = (spec: TreeSpec, node: unknown): void => {
      if (spec.is_leaf()) {
        out.push(node);
        return;
      }
      const def = nodeDefOf(node);
      const want = spec.type!;
      const isDict = (d: NodeDef | null) =>
        d?.builtin === "dict" || d?.builtin === "OrderedDict" || d?.builtin === "defaultdict";
      let children: unknown[];
      if (isDict(want) && isDict(def)) {
        // Dict types are interchangeable; keys must match as sets, children follow the spec's order.
        const expected = (want.builtin === "defaultdict" ? (spec.context as unknown[])[1] : spec.context) as unknown[];
        const [, got] = def!.flatten(node);
        const gotKeys = (def!.builtin === "defaultdict" ? (got as unknown[])[1] : got) as unknown[];
        const missing = expected.filter((k) => !gotKeys.includes(k));
        const extra = gotKeys.filter((k) => !expected.includes(k));
        if (missing.length || extra.length) {
          let msg = "";
          if (missing.length) msg += `; missing key(s): {${missing.map(pyRepr).join(", ")}}`;
          if (extra.length) msg += `; extra key(s): {${extra.map(pyRepr).join(", ")}}`;
          throw new TreeSpecMismatchError(`Node keys mismatch${msg}.`);
        }
        const [values] = def!.flatten(node);
        children = expected.map((k) => values[gotKeys.indexOf(k)]);
      } else {
        if (def !== want) {
          throw new TreeSpecMismatchError(
            `Node type mismatch; expected ${want.name}, but got ${def ? def.name : typeName(node)}.`,
          );
        }
        const [values, context] = def.flatten(node);
        if (values.length !== spec.num_children) {
          throw new TreeSpecMismatchError(
            `Node arity mismatch; expected ${spec.num_children}, but got ${values.length}.`,
          );
        }
        if (want.builtin !== "deque" && !contextEquals(context, spec.context)) {
          throw new TreeSpecMismatchError(
            `Node context mismatch for node type ${want.name}; expected ${contextStr(spec.context)}, but got ${contextStr(context)}.`,
          );
        }
        children = values;
      }
      spec.children_specs.forEach((c, i) => walk(c, children[i]));
    };
    walk(this, tree);
    return out;
  }
}

const LEAF = new TreeSpec(null, null, []);

/** The leaf spec (a single shared instance, as `_LEAF_SPEC` in Python). */
export function LeafSpec(): TreeSpec {
  return LEAF;
}

function typeName(x: unknown): string {
  if (x === null || x === undefined) return "NoneType";
  if (typeof x !== "object") return typeof x;
  return Object.getPrototypeOf(x)?.constructor?.name ?? "object";
}

function contextStr(c: unknown): string {
  return pyRepr(c);
}

/** Deep equality for contexts (key lists, maxlen, classes by identity). */
export function contextEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => contextEquals(x, b[i]));
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !contextEquals(v, b.get(k))) return false;
    return true;
  }
  if (a && b && typeof a === "object" && typeof b === "object" && !(a instanceof Map) && !(b instanceof Map)) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) => contextEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b);
}

// torch.export.unflatten's passes after outlining (torch/export/unflatten.py): state assigned at
// its FQNs (`_assign_attr`), parameter/buffer inputs sunk into `get_attr` nodes (`_sink_params`),
// repeated calls with equal graphs merged (`_deduplicate_modules`) and children put in the order
// of the module call graph (`_reorder_submodules`).
import { Node, Tuple, type Argument, type Graph } from "../fx/index.js";
import { Module } from "../nn/module.js";
import type { Parameter } from "../nn/parameter.js";
import { Tensor } from "../tensor/tensor.js";
import { addSubmodule, callName, computeAccessor, type GraphOwner, type SubmoduleEntry } from "./unflatten_outline.js";
import { InterpreterModule, UnflattenError, getAttrPath, setPlainAttr } from "./unflatten_runtime.js";

export type AttrKind = "parameter" | "buffer" | "constant" | "module";

/**
 * `_assign_attr`: puts `value` at the dotted `target` under `root`, making empty modules on the
 * way; every call variant of a module on the path (`foo`, `foo@1`, ...) gets it too.
 */
export function assignAttr(value: unknown, root: Module, target: string, kind: AttrKind, persistent = true): void {
  const atoms = target.split(".");
  const field = atoms.pop()!;
  let mods = new Set<Module>([root]);
  for (const item of atoms) {
    const next = new Set<Module>();
    for (const m of mods) {
      if (getAttrPath(m, [item]) === undefined) m.register_module(item, new Module());
      const child = m._modules.get(item);
      if (child) next.add(child);
      for (let i = 1; m._modules.has(`${item}@${i}`); i++) next.add(m._modules.get(`${item}@${i}`)!);
    }
    mods = next;
  }
  for (const m of mods) {
    switch (kind) {
      case "parameter":
        m.register_parameter(field, value as Parameter);
        break;
      case "buffer":
        m.register_buffer(field, value as Tensor, { persistent });
        break;
      case "constant":
      case "module":
        (m as unknown as Record<string, unknown>)[field] = value;
        break;
    }
  }
}

/**
 * `_sink_params`: graph inputs that carry state (parameters, buffers, constants) become `get_attr`
 * nodes reading the module's own attributes; the inputs go away, and so do the arguments the
 * parents passed for them. Children first; returns, per module, the names of the inputs removed.
 */
export function sinkParams(
  module: Module,
  inputsToState: Map<string, string[]>,
  scope: string[],
  removed: Map<Module, Set<string>> = new Map(),
): Map<Module, Set<string>> {
  if (removed.has(module)) return removed;
  for (const [name, sub] of module._modules) {
    if (sub !== null) sinkParams(sub, inputsToState, [...scope, name], removed);
  }
  const graph = (module as unknown as Partial<GraphOwner>).graph;
  if (graph === undefined || graph.length === 0) return removed;

  const inputs = graph.nodes.filter((n) => n.op === "placeholder");
  const lastInput = inputs[inputs.length - 1] ?? null;
  for (const node of graph.nodes) {
    if (node.op !== "call_module") continue;
    const sub = getAttrPath(module, node.target as string);
    const gone = sub instanceof Module ? removed.get(sub) : undefined;
    if (gone !== undefined) node.args = node.args.filter((a) => !(a instanceof Node && gone.has(a.name)));
  }

  const scopeBase = scope.map((s) => s.split("@")[0]!);
  const sunk = new Set<string>();
  const toErase: Node[] = [];
  for (const node of inputs) {
    const candidates = inputsToState.get(node.name);
    if (candidates === undefined) continue;
    const stateName = candidates.map((c) => c.split(".")).find((parts) => scopeBase.every((s, i) => parts[i] === s) && parts.length >= scopeBase.length);
    // Shared modules: another scope owns this state and sinks it there.
    if (stateName === undefined) continue;
    if (node.num_users > 0) {
      const attrPath = stateName.slice(scope.length);
      const value = getAttrPath(module, attrPath);
      if (!(value instanceof Tensor) && (typeof value !== "object" || value === null)) {
        throw new UnflattenError(`expected state_attr to be torch.Tensor or torch.ScriptObject, got ${typeof value} at '${attrPath.join(".")}'`);
      }
      const getAttr = graph.with_inserting_after(lastInput, () => graph.create_node("get_attr", attrPath.join(".")));
      node.replace_all_uses_with(getAttr, undefined, { propagate_meta: true });
    }
    toErase.push(node);
    sunk.add(node.name);
  }
  for (const node of toErase) graph.erase_node(node);
  if (module instanceof InterpreterModule) module.finalize();
  removed.set(module, sunk);
  return removed;
}

/** `_check_graph_equivalence`: the same ops on the same arguments, node for node. */
function graphDump(graph: Graph): string {
  const index = new Map<Node, number>();
  const dump = (a: Argument | undefined): string => {
    if (a instanceof Node) return `%${index.get(a)}`;
    if (Array.isArray(a)) return `[${(a as readonly Argument[]).map(dump).join(", ")}]`;
    if (a instanceof Tuple) return `(${a.items.map((x) => dump(x as Argument)).join(", ")})`;
    return String(a);
  };
  return graph.nodes
    .map((n, i) => {
      index.set(n, i);
      const args = [...n.args.map(dump), ...Object.entries(n.kwargs).map(([k, v]) => `${k}=${dump(v)}`)];
      const target = n.op === "call_function" ? (n.target as { qualifiedName: string }).qualifiedName : n.op === "get_attr" ? (n.target as string) : "";
      return `${i}: ${n.op}[${target}](${args.join(", ")})`;
    })
    .join("\n");
}

/** Removes child `name` of the module at `prefix` under `root`. */
function popChild(root: Module, target: string): void {
  const atoms = target.split(".");
  const name = atoms.pop()!;
  const owner = getAttrPath(root, atoms);
  if (owner instanceof Module) delete (owner as unknown as Record<string, unknown>)[name];
}

/** `set_submodule`: replaces the module at `target`. */
function setSubmodule(root: Module, target: string, mod: Module): void {
  const atoms = target.split(".");
  const name = atoms.pop()!;
  const owner = getAttrPath(root, atoms);
  if (!(owner instanceof Module)) throw new UnflattenError(`no module at '${atoms.join(".")}'`);
  (owner as unknown as Record<string, unknown>)[name] = mod;
}

/**
 * `_deduplicate_modules`: a repeated call whose graph equals an earlier call's reuses that call's
 * module (the same FQN: the call_module is redirected and the `@n` module dropped). Returns the
 * redirected call names.
 */
export function deduplicateModules(partitions: Iterable<SubmoduleEntry[]>): Map<string, string> {
  const redirected = new Map<string, string>();
  for (const shared of partitions) {
    shared.forEach((entry, i) => {
      const childFqn = callName(entry.fqn, entry.callIdx);
      const target = computeAccessor(entry.parentFqn, childFqn);
      let deduplicated = false;
      for (const seen of shared.slice(0, i)) {
        if (graphDump(seen.module.graph) !== graphDump(entry.module.graph)) continue;
        if (seen.fqn === entry.fqn) {
          popChild(entry.parentModule, target);
          const seenChild = callName(seen.fqn, seen.callIdx);
          entry.parentCallModule.target = computeAccessor(entry.parentFqn, seenChild);
          redirected.set(childFqn, seenChild);
          break;
        } else if (!deduplicated) {
          setSubmodule(entry.parentModule, target, seen.module);
          deduplicated = true;
        }
      }
    });
  }
  return redirected;
}

/**
 * `_reorder_submodules`: children in the order of the module call graph (modules it names that
 * were never given a graph are added empty first); modules it does not name come last.
 */
export function reorderSubmodules(parent: Module, order: Map<string, number>, prefix = ""): void {
  if (prefix === "") {
    for (const fqn of [...order.keys()].slice(1)) {
      if (getAttrPath(parent, fqn) === undefined) addSubmodule(parent, fqn, new Module());
    }
  }
  const children: Array<[number, string, Module]> = [];
  for (const [name, child] of [...parent._modules]) {
    if (child === null) continue;
    const fqn = prefix + name;
    reorderSubmodules(child, order, `${fqn.split("@")[0]}.`);
    delete (parent as unknown as Record<string, unknown>)[name];
    const base = fqn.split("@")[0]!;
    children.push([order.get(fqn) ?? order.get(base) ?? order.size, name, child]);
  }
  children.sort((a, b) => a[0] - b[0]);
  for (const [, name, child] of children) parent.register_module(name, child);
}

/** `_copy_graph_attrs`: subgraphs of control flow (get_attr targets) move to the module that reads them. */
export function copyGraphAttrs(lookup: (name: string) => unknown, root: Module, seenAttrs: Map<string, Set<string>>): void {
  for (const [childFqn, names] of seenAttrs) {
    const mod = childFqn ? getAttrPath(root, childFqn) : root;
    if (!(mod instanceof Module)) throw new UnflattenError(`no module '${childFqn}' for its graph attributes`);
    for (const name of names) setPlainAttr(mod, name, lookup(name));
  }
}

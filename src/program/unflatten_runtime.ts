// The runtime side of torch.export.unflatten: InterpreterModule (a module running an FX graph of
// its own), the pytree calls the unflattened graphs make at module boundaries
// (`torch.fx._pytree.tree_flatten_spec`, `torch.utils._pytree.tree_unflatten`), and attribute
// paths over a module tree.
import { Pt2jsError } from "../core/errors.js";
import { Graph, GraphModule, Node, makeTarget, type Target } from "../fx/index.js";
import { Module } from "../nn/module.js";
import { TorchIndexError, TorchRuntimeError, TorchTypeError } from "../ops/errors.js";
import { TorchKeyError } from "../nn/errors.js";
import { isTuple, tree_flatten, type TreeSpec } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import { Interpreter } from "./interpreter.js";
import { className } from "../py_type.js";

/** An exported program that unflatten cannot turn back into a module hierarchy (PyTorch raises RuntimeError / AssertionError). */
export class UnflattenError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.RuntimeError";
}

/** `torch.fx._pytree.tree_flatten_spec`: flattens a value by an expected spec. */
export const TREE_FLATTEN_SPEC: Target = makeTarget("torch.fx._pytree.tree_flatten_spec", "tree_flatten_spec");
/** `torch.utils._pytree.tree_unflatten`. */
export const TREE_UNFLATTEN: Target = makeTarget("torch.utils._pytree.tree_unflatten", "tree_unflatten");

/**
 * The empty kwargs dict `{}` in a graph argument (`tree_flatten_spec(((a, b), {}), _spec_0)`).
 * FX arguments have no dict here; an empty one holds no nodes, so it is a printable leaf.
 */
export class EmptyDict {
  toString(): string {
    return "{}";
  }
}
export const EMPTY_DICT = new EmptyDict();

/** A module's attribute at a dotted path (children through `_modules`, then own attributes); undefined when missing. */
export function getAttrPath(root: Module, path: string | readonly string[]): unknown {
  const atoms = typeof path === "string" ? (path === "" ? [] : path.split(".")) : path;
  let cur: unknown = root;
  for (const atom of atoms) {
    if (cur instanceof Module) {
      if (cur._modules.has(atom)) cur = cur._modules.get(atom);
      else if (cur._parameters.has(atom)) cur = cur._parameters.get(atom);
      else if (cur._buffers.has(atom)) cur = cur._buffers.get(atom);
      else if (atom in cur) cur = (cur as unknown as Record<string, unknown>)[atom];
      else return undefined;
    } else if (cur !== null && typeof cur === "object" && atom in cur) {
      cur = (cur as Record<string, unknown>)[atom];
    } else {
      return undefined;
    }
    if (cur === undefined || cur === null) return cur === null ? null : undefined;
  }
  return cur;
}

/** Sets a non-state attribute (a TreeSpec, a graph, bookkeeping) without registering anything. */
export function setPlainAttr(m: Module, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * torch.export.unflatten's InterpreterModule: the part of the exported graph that ran inside
 * one submodule call, as an FX graph of its own, run by an interpreter on the module's state.
 */
export class InterpreterModule extends Module {
  static override __module_type__ = "torch.export.unflatten.InterpreterModule";
  declare graph: Graph;
  declare _ty: string | null;
  /** Placeholder targets, in order (set by finalize). */
  declare arg_names: string[];

  constructor(graph: Graph = new Graph(), ty: string | null = null) {
    super();
    setPlainAttr(this, "graph", graph);
    setPlainAttr(this, "_ty", ty);
    setPlainAttr(this, "arg_names", []);
  }

  /** Its graph as a GraphModule (`.code`, `.print_readable()`), with its submodules' graphs as children. */
  get graph_module(): GraphModule {
    return graphModuleView(this);
  }

  /** `print_readable()`: the module's forward and its submodules' graphs, as FX prints them. */
  print_readable(options: { print_output?: boolean } = {}): string {
    return this.graph_module.print_readable(options);
  }

  /** The eager module's type (`__main__.Sub`) this module stands for. */
  type_name(): string | null {
    return this._ty;
  }

  override forward(...args: unknown[]): unknown {
    return runGraph(this, this.graph, args);
  }

  /** Checks the graph and caches the placeholder names (after the parameters were sunk). */
  finalize(): void {
    lintModuleGraph(this, this.graph);
    this.arg_names = this.graph.nodes.filter((n) => n.op === "placeholder").map((n) => n.target as string);
  }
}

/**
 * torch.export.unflatten's InterpreterModuleDispatcher: the InterpreterModules of the successive
 * calls of one preserved module (whose calls traced different graphs); each call runs the next
 * one, wrapping around after the last.
 */
export class InterpreterModuleDispatcher extends Module {
  static override __module_type__ = "torch.export.unflatten.InterpreterModuleDispatcher";
  declare _ty: string | null;
  declare _call_modules: InterpreterModule[];
  declare _num_calls: number;

  constructor(attrs: Iterable<string>, callModules: InterpreterModule[]) {
    super();
    if (callModules.length === 0) throw new UnflattenError("call_modules must not be empty");
    this._modules = callModules[0]!._modules;
    for (const accessor of attrs) (this as unknown as Record<string, unknown>)[accessor] = getAttrPath(callModules[0]!, accessor);
    setPlainAttr(this, "_ty", callModules[0]!._ty);
    setPlainAttr(this, "_call_modules", callModules);
    setPlainAttr(this, "_num_calls", 0);
  }

  override forward(...args: unknown[]): unknown {
    const mod = this._call_modules[this._num_calls]!;
    this._num_calls = (this._num_calls + 1) % this._call_modules.length;
    try {
      return mod(...args);
    } catch (e) {
      this._num_calls = 0;
      throw e;
    }
  }

  call_modules(): InterpreterModule[] {
    return this._call_modules;
  }

  /** The eager module's type (`__main__.N`) this module stands for. */
  type_name(): string | null {
    return this._ty;
  }

  /** Each call's module's `print_readable()`, one after the other. */
  print_readable(options: { print_output?: boolean } = {}): string {
    return this._call_modules.map((m) => m.print_readable(options)).join("\n");
  }
}

/** FX lint, plus: every get_attr / call_module target must exist on the owning module. */
export function lintModuleGraph(owner: Module, graph: Graph): void {
  graph.lint();
  for (const n of graph.nodes) {
    if ((n.op === "get_attr" || n.op === "call_module") && getAttrPath(owner, n.target as string) === undefined) {
      throw new UnflattenError(`Node ${n.name} target ${n.target as string} references nonexistent attribute of the module`);
    }
  }
}

/** torch.fx.Interpreter over a module's graph: call_module calls the (possibly swapped) child. */
class ModuleInterpreter extends Interpreter {
  constructor(
    graph: Graph,
    private readonly owner: Module,
  ) {
    super(graph, (target) => {
      const v = getAttrPath(owner, target);
      if (v === undefined) throw new TorchRuntimeError(`${owner.constructor.name} has no attribute '${target}'`);
      return v;
    });
  }

  override runNode(node: Node): unknown {
    if (node.op === "call_module") {
      const mod = getAttrPath(this.owner, node.target as string);
      if (!(mod instanceof Module)) throw new TorchRuntimeError(`${this.owner.constructor.name} has no submodule '${node.target as string}'`);
      if (Object.keys(node.kwargs).length > 0) throw new TorchTypeError(`pt2js cannot call module '${node.target as string}' with keyword arguments`);
      return mod(...node.args.map((a) => this.load(a)));
    }
    if (node.op === "call_function" && node.target === TREE_FLATTEN_SPEC) {
      const [value, spec] = node.args.map((a) => this.load(a)) as [unknown, TreeSpec];
      return treeFlattenSpec(value, spec);
    }
    if (node.op === "call_function" && node.target === TREE_UNFLATTEN) {
      const [leaves, spec] = node.args.map((a) => this.load(a)) as [unknown[], TreeSpec];
      return spec.unflatten(leaves);
    }
    return super.runNode(node);
  }
}

/** Runs `graph` on `args` with `owner`'s attributes and children. */
export function runGraph(owner: Module, graph: Graph, args: readonly unknown[]): unknown {
  return new ModuleInterpreter(graph, owner).run(args);
}

/**
 * `torch.fx._pytree.tree_flatten_spec`: the leaves of `value` read by the expected spec. Tuples,
 * lists and dicts are indexed as the spec says (so a value of another structure fails as Python's
 * indexing does: `IndexError: tuple index out of range`); other types must flatten to the spec.
 */
export function treeFlattenSpec(value: unknown, spec: TreeSpec): unknown[] {
  if (spec.is_leaf()) return [value];
  const kind = spec.type?.builtin;
  if (kind === "tuple" || kind === "list" || kind === "namedtuple") {
    const out: unknown[] = [];
    spec.children_specs.forEach((child, i) => out.push(...treeFlattenSpec(indexSequence(value, i), child)));
    return out;
  }
  if (kind === "dict" || kind === "OrderedDict" || kind === "defaultdict") {
    const keys = (spec.context as unknown[] | null) ?? [];
    const out: unknown[] = [];
    spec.children_specs.forEach((child, i) => out.push(...treeFlattenSpec(indexMapping(value, keys[i]), child)));
    return out;
  }
  const [leaves, real] = tree_flatten(value);
  if (!real.equals(spec)) {
    throw new TorchRuntimeError(
      `Real spec ${real} of object ${String(value)} is different from expected spec ${spec}. ` +
        "Please file an issue at https://github.com/pytorch/pytorch/issues/new?template=bug-report.yml",
    );
  }
  return leaves;
}

// Python's `d[i]` on what a module returned.
function indexSequence(value: unknown, i: number): unknown {
  if (Array.isArray(value)) {
    if (i >= value.length) throw new TorchIndexError(`${isTuple(value) ? "tuple" : "list"} index out of range`);
    return value[i];
  }
  if (value instanceof Tensor) {
    const n = value.ndim === 0 ? 0 : (value.shape[0] as number);
    if (value.ndim === 0) throw new TorchIndexError("invalid index of a 0-dim tensor. Use `tensor.item()` in Python or `tensor.item<T>()` in C++ to convert a 0-dim tensor to a number");
    if (i >= n) throw new TorchIndexError(`index ${i} is out of bounds for dimension 0 with size ${n}`);
    return value.select(0, i);
  }
  if (value instanceof Map) {
    if (!value.has(i)) throw new TorchKeyError(String(i));
    return value.get(i);
  }
  if (value !== null && typeof value === "object" && !(value instanceof Node)) {
    if (!(String(i) in value)) throw new TorchKeyError(String(i));
    return (value as Record<string, unknown>)[String(i)];
  }
  throw new TorchTypeError(`'${className(value)}' object is not subscriptable`);
}

function indexMapping(value: unknown, key: unknown): unknown {
  if (value instanceof Map) {
    if (!value.has(key)) throw new TorchKeyError(pyKey(key));
    return value.get(key);
  }
  if (value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Tensor)) {
    if (!(String(key) in value)) throw new TorchKeyError(pyKey(key));
    return (value as Record<string, unknown>)[String(key)];
  }
  if (Array.isArray(value) || value instanceof Tensor) {
    throw new TorchTypeError(`${value instanceof Tensor ? "only integers, slices" : `${isTuple(value) ? "tuple" : "list"} indices must be integers or slices, not str`}`);
  }
  throw new TorchTypeError(`'${className(value)}' object is not subscriptable`);
}

const pyKey = (k: unknown) => (typeof k === "string" ? `'${k}'` : String(k));


/** A GraphModule view of a module with a graph (unflattened modules), its graph-holding children as children. */
export function graphModuleView(m: Module): GraphModule {
  const gm = new GraphModule((m as unknown as { graph: Graph }).graph, "GraphModule", false);
  for (const [name, child] of m._modules) {
    if (child !== null && child !== undefined && (child as unknown as { graph?: unknown }).graph instanceof Graph) {
      gm.add_submodule(name, graphModuleView(child));
    }
  }
  return gm;
}

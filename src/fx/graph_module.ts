// FX GraphModule: a Graph plus the attributes its get_attr / call_module nodes name, including
// child GraphModules (the branches of cond, the body of map) that print as nested classes.
import { GraphError } from "../core/errors.js";
import { Graph } from "./graph.js";
import { Interpreter } from "./interpreter.js";
import { exportedProgramBlock, printReadable, pythonCode } from "./printer.js";

export class GraphModule {
  readonly graph: Graph;
  /** The class name printed in `class GraphModule(torch.nn.Module):`. */
  readonly className: string;
  private readonly children = new Map<string, GraphModule>();
  private readonly attrs = new Map<string, unknown>();
  /** FX `gm.meta`: module-level metadata passes keep (`meta["custom"]` is saved with the program). */
  meta: Record<string, unknown> = {};

  /**
   * `claim: false` makes a view of a graph another module owns (an unflattened module's
   * `graph_module`): it prints and reads the graph without becoming its owning module.
   */
  constructor(graph: Graph, className = "GraphModule", claim = true) {
    if (claim && graph.owning_module !== null && graph.owning_module !== undefined) {
      throw new GraphError("this graph already belongs to another GraphModule");
    }
    this.graph = graph;
    this.className = className;
    if (claim) graph.owning_module = this;
  }

  /** Registers a child module (a subgraph) under `name`; kept in registration order. */
  add_submodule(name: string, module: GraphModule): void {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new GraphError(`invalid submodule name '${name}'`);
    if (module === this) throw new GraphError("a GraphModule cannot contain itself");
    this.children.set(name, module);
  }

  /** Registers a non-module attribute (a constant tensor, ...) that get_attr nodes may read. */
  register_attr(name: string, value: unknown): void {
    this.attrs.set(name, value);
  }

  /**
   * `copy.deepcopy(gm)`: a new module over a copy of the graph (nodes keep their names; each
   * node's meta is a shallow copy, as FX's node_copy makes), copies of the child modules, the same
   * attribute values, and a deep copy of `meta`.
   */
  deepcopy(): GraphModule {
    const graph = new Graph();
    const out = graph.graph_copy(this.graph, new Map());
    if (out !== undefined) graph.output(out);
    const copy = new GraphModule(graph, this.className);
    for (const [name, child] of this.children) copy.children.set(name, child.deepcopy());
    for (const [name, v] of this.attrs) copy.attrs.set(name, v);
    copy._resolveAttr = this._resolveAttr;
    copy.meta = deepCopyValue(this.meta) as Record<string, unknown>;
    return copy;
  }

  get_submodule(name: string): GraphModule | undefined {
    return this.children.get(name);
  }

  /**
   * @internal Resolves attributes the module holds outside its own tables (the parameters, buffers
   * and guard function of ep.module()'s module); undefined: not there.
   */
  _resolveAttr: ((target: string) => unknown) | null = null;

  /** Whether a dotted attribute path exists (a child module, or an attribute of one). */
  has_attr(target: string): boolean {
    if (this._resolveAttr !== null && this._resolveAttr(target) !== undefined) return true;
    const atoms = target.split(".");
    let m: GraphModule | undefined = this;
    for (let i = 0; i < atoms.length; i++) {
      const atom = atoms[i]!;
      if (m === undefined) return false;
      const child: GraphModule | undefined = m.children.get(atom);
      if (child !== undefined) {
        m = child;
        continue;
      }
      return i === atoms.length - 1 && m.attrs.has(atom);
    }
    return true;
  }

  /** The child module or attribute at a dotted path (`a.b.c`), or undefined. */
  get_attr(target: string): unknown {
    const resolved = this._resolveAttr?.(target);
    if (resolved !== undefined) return resolved;
    const atoms = target.split(".");
    let m: GraphModule = this;
    for (let i = 0; i < atoms.length; i++) {
      const atom = atoms[i]!;
      const child = m.children.get(atom);
      if (child !== undefined) {
        m = child;
        continue;
      }
      return i === atoms.length - 1 ? m.attrs.get(atom) : undefined;
    }
    return m;
  }

  /** @internal Registers this module's children and attributes on `other` (Transformer). */
  _copyAttrsTo(other: GraphModule): void {
    for (const [k, v] of this.children) other.add_submodule(k, v);
    for (const [k, v] of this.attrs) other.register_attr(k, v);
  }

  named_children(): Array<[string, GraphModule]> {
    return [...this.children];
  }

  /** Calls the module (`gm(*args)`): runs its graph with torch.fx.Interpreter (ATen targets eagerly). */
  forward(...args: unknown[]): unknown {
    return new Interpreter(this).run(...args);
  }

  /** The generated forward() source (FX `gm.code`): plain Python, without annotations or `# File:` comments. */
  get code(): string {
    return pythonCode(this.graph, "self", false).src;
  }

  /**
   * FX `print_readable()`: the class with its annotated forward and its subgraph classes. Returns
   * the text; `print_output: true` (PyTorch's default) also writes it to the console.
   */
  print_readable(options: { print_output?: boolean } = {}): string {
    const text = printReadable(this, this.className);
    if (options.print_output === true) console.log(text);
    return text;
  }

  /** FX `recompile()`: regenerates `code` from the graph. The code is generated on each read and the
   * graph is what runs, so there is nothing to cache; returns the new code (PyTorch returns a PythonCode). */
  recompile(): { src: string } {
    this.graph.lint();
    return { src: this.code };
  }

  /** The graph-module part of `print(ep)` (between `ExportedProgram:` and `Graph signature:`). */
  exported_program_block(): string {
    return exportedProgramBlock(this, this.className);
  }

  /** Lints this graph and every child graph. */
  lint(): void {
    this.graph.lint();
    for (const [, child] of this.children) child.lint();
  }
}

/** copy.deepcopy of plain metadata: arrays, plain objects and Maps are copied, other values shared. */
function deepCopyValue(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopyValue);
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, deepCopyValue(x)]));
  if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, deepCopyValue(x)]));
  }
  return v;
}

// FX Graph (torch/fx/graph.py): an ordered list of Nodes with one name namespace. The order,
// inputs and users live in the WASM graph store; this class keeps the Node objects by id.
import * as store from "../core/graph.js";
import { OpCode } from "../core/graph.js";
import { GraphError } from "../core/errors.js";
import { Namespace, isMagic, snakeCase } from "./naming.js";
import { inputNodes, mapArg, mapKwargs, mapList } from "./args.js";
import { formatGraph } from "./format.js";
import { Node } from "./node.js";
import type { Argument, Kwargs, Opcode, Target } from "./types.js";
import { isTarget } from "./types.js";
import type { GraphModule } from "./graph_module.js";
import type { PyTreeInfo } from "./printer.js";

const OPCODES: Readonly<Record<Opcode, OpCode>> = {
  placeholder: OpCode.Placeholder,
  get_attr: OpCode.GetAttr,
  call_function: OpCode.CallFunction,
  call_method: OpCode.CallMethod,
  call_module: OpCode.CallModule,
  output: OpCode.Output,
};

/** Restores the previous insertion point; also a `using` disposable. */
export interface InsertPoint {
  restore(): void;
}

// A graph nobody references any more gives its node slots back to the store. (A Node keeps its
// graph alive, so this only runs when no handle into the graph is left.)
const registry =
  typeof FinalizationRegistry === "function"
    ? new FinalizationRegistry<number>((id) => {
        try {
          store.disposeGraph(id);
        } catch {
          // already disposed
        }
      })
    : null;

// Scratch arrays for create_node (nothing in it re-enters create_node).
const inputScratch: Node[] = [];
const idScratch: number[] = [];

// Store id -> index in its graph's `locals` (ids are dense and recycled, so this stays small).
let localIndex = new Int32Array(1024);

function setLocalIndex(id: number, index: number): void {
  if (id >= localIndex.length) {
    const bigger = new Int32Array(Math.max(localIndex.length * 2, id + 1));
    bigger.set(localIndex);
    localIndex = bigger;
  }
  localIndex[id] = index;
}

export class Graph {
  /** The graph's id in the WASM store. */
  readonly id: number;
  /** The GraphModule this graph belongs to, if any (set by GraphModule). */
  owning_module: GraphModule | null = null;
  /** FX `graph._codegen` when it is a `_PyTreeCodeGen` (the module ep.module() returns); null: plain CodeGen. */
  _codegen: PyTreeInfo | null = null;
  // Node objects in creation order; `localIndex` maps a store id to its place here. (A dense
  // array beats a Map per node; a global table of Nodes would keep dead graphs alive.)
  private readonly locals: Array<Node | undefined> = [];
  private readonly namespace = new Namespace();
  private readonly root: number;
  // Insertion point: before `anchor`, or after it when `insertAfter` (root + before = append).
  private anchor: number;
  private insertAfter = false;
  private disposed = false;

  constructor() {
    this.id = store.createGraph();
    registry?.register(this, this.id, this);
    this.root = store.rootNode(this.id);
    this.anchor = this.root;
  }

  /**
   * Releases the graph's storage in the core now (instead of when it is garbage collected).
   * The graph and its nodes are unusable afterwards.
   */
  dispose(): void {
    if (this.disposed) return;
    registry?.unregister(this);
    store.disposeGraph(this.id);
    this.disposed = true;
    this.locals.length = 0;
  }

  get is_disposed(): boolean {
    return this.disposed;
  }

  /** @internal Throws if the graph was disposed (its node ids may belong to other graphs now). */
  _assertAlive(): void {
    if (this.disposed) throw new GraphError("this graph was disposed");
  }

  /** Live nodes in order. */
  get nodes(): Node[] {
    this._assertAlive();
    return this.toNodes(store.nodeIds(this.id));
  }

  /** Live nodes in reverse order. */
  get nodes_reversed(): Node[] {
    this._assertAlive();
    return this.toNodes(store.nodeIds(this.id, true));
  }

  get length(): number {
    this._assertAlive();
    return store.graphLength(this.id);
  }

  /** @internal */
  _nodeOf(id: number): Node {
    const n = id >= 0 && id < localIndex.length ? this.locals[localIndex[id]!] : undefined;
    if (n === undefined || n.id !== id) throw new GraphError(`node id ${id} is not in this graph`);
    return n;
  }

  /** @internal A fresh name from this graph's namespace (for renames). */
  _createName(candidate: string): string {
    return this.exactNames ? this.namespace.claim(candidate) : this.namespace.createName(candidate, null);
  }

  private exactNames = false;

  /** @internal A placeholder named `name` as export's placeholder naming pass names it (Namespace.claim). */
  _exactPlaceholder(name: string): Node {
    this.exactNames = true;
    try {
      return this.placeholder(name);
    } finally {
      this.exactNames = false;
    }
  }

  /** @internal Renames `node` as export's placeholder naming pass does (Namespace.claim); returns the name. */
  _exactRename(node: Node, name: string): string {
    this.exactNames = true;
    try {
      return node._rename(name);
    } finally {
      this.exactNames = false;
    }
  }

  /** @internal Throws unless `arg` may be an argument of `user` (same graph, not erased). */
  _checkArgument(arg: Node, user: Node): void {
    this._checkArgumentOf(arg, user.name);
  }

  /** @internal */
  _checkArgumentOf(arg: Node, userName: string): void {
    if (arg.graph !== this) {
      throw new GraphError(
        `Argument '${arg.name}' of Node '${userName}' does not belong to this Graph, but was used as an argument! ` +
          "If you are copying nodes from another graph, map the arguments to nodes of this graph",
      );
    }
    if (store.isErased(arg.id)) {
      throw new GraphError(`Argument '${arg.name}' of Node '${userName}' was erased from the graph (dangling argument)`);
    }
  }

  /**
   * Creates a node at the insertion point (FX `create_node`). `name` defaults to the target's
   * name; either way the graph's namespace makes it unique.
   */
  create_node(
    op: Opcode,
    target: Target | string,
    args: readonly Argument[] = [],
    kwargs: Kwargs = {},
    name?: string | null,
  ): Node {
    this._assertAlive();
    const code = OPCODES[op];
    if (code === undefined) throw new GraphError(`unknown node opcode '${String(op)}'`);
    if (op === "call_function") {
      if (!isTarget(target)) {
        throw new GraphError(`call_function needs a Target object (qualifiedName, name), got ${describe(target)}`);
      }
    } else if (typeof target !== "string") {
      throw new GraphError(`${op} needs a string target, got ${describe(target)}`);
    }
    if (!Array.isArray(args)) throw new GraphError("args must be an array (the positional arguments)");
    const candidate = name ?? targetToStr(target);
    const nodeName = this._createName(candidate);
    // Arguments are checked before the store creates anything, so a bad call leaves no node.
    const inputs = inputNodes(args, kwargs, nodeName, inputScratch);
    const count = inputs.length;
    idScratch.length = count;
    for (let i = 0; i < count; i++) {
      const a = inputs[i]!;
      this._checkArgumentOf(a, nodeName);
      idScratch[i] = a.id;
    }
    inputScratch.length = 0;
    const id = store.createNode(
      this.id,
      code,
      store.intern(nodeName),
      store.intern(typeof target === "string" ? target : target.qualifiedName),
      this.anchor,
      this.insertAfter,
      op === "call_function" && (target as Target).isImpure === true,
      idScratch,
    );
    const node = new Node(this, id, op, nodeName, target, args, kwargs);
    setLocalIndex(id, this.locals.length);
    this.locals.push(node);
    return node;
  }

  placeholder(name: string, defaultValue?: Argument): Node {
    return this.create_node("placeholder", name, defaultValue === undefined ? [] : [defaultValue]);
  }

  get_attr(qualifiedName: string): Node {
    return this.create_node("get_attr", qualifiedName);
  }

  call_function(target: Target, args: readonly Argument[] = [], kwargs: Kwargs = {}, name?: string): Node {
    return this.create_node("call_function", target, args, kwargs, name);
  }

  call_module(moduleName: string, args: readonly Argument[] = [], kwargs: Kwargs = {}): Node {
    return this.create_node("call_module", moduleName, args, kwargs);
  }

  call_method(methodName: string, args: readonly Argument[] = [], kwargs: Kwargs = {}): Node {
    return this.create_node("call_method", methodName, args, kwargs);
  }

  output(result: Argument): Node {
    return this.create_node("output", "output", [result]);
  }

  /**
   * Copies `node` (from any graph) into this graph at the insertion point (FX `node_copy`),
   * mapping its node arguments with `argTransform`; keeps its name when free and copies meta.
   */
  node_copy(node: Node, argTransform: (n: Node) => Argument = (n) => n): Node {
    const copy = this.create_node(
      node.op,
      node.target,
      mapList(node.args, argTransform),
      mapKwargs(node.kwargs, argTransform),
      node.name,
    );
    copy.meta = { ...node.meta };
    return copy;
  }

  /**
   * Copies every node of `g` into this graph (FX `graph_copy`), filling `valMap` (nodes of `g`
   * to their copies; entries already there are used instead of copying). Returns the value the
   * output node of `g` returns, mapped into this graph, or undefined if `g` has no output.
   */
  graph_copy(g: Graph, valMap: Map<Node, Argument>): Argument | undefined {
    const lookup = (n: Node): Argument => {
      const v = valMap.get(n);
      if (v === undefined) throw new GraphError(`graph_copy: Node '${n.name}' has no copy (is the source graph in order?)`);
      return v;
    };
    for (const node of g.nodes) {
      if (valMap.has(node)) continue;
      if (node.op === "output") return mapArg(node.args[0] ?? null, lookup);
      valMap.set(node, this.node_copy(node, lookup));
    }
    return undefined;
  }

  /** The output node (the last node); throws if the graph has none. */
  output_node(): Node {
    const ids = store.nodeIds(this.id, true);
    const last = ids.length > 0 ? this._nodeOf(ids[0]!) : null;
    if (last === null || last.op !== "output") throw new GraphError("the graph has no output node as its last node");
    return last;
  }

  /** Nodes with `op` (and `target`, compared by identity or qualified name), in order. */
  find_nodes(op: Opcode, target?: Target | string): Node[] {
    return this.nodes.filter((n) => {
      if (n.op !== op) return false;
      if (target === undefined) return true;
      if (n.target === target) return true;
      return typeof n.target !== "string" && typeof target !== "string" && n.target.qualifiedName === target.qualifiedName;
    });
  }

  /** Erases a node without users (FX `erase_node`); refuses a node that still has users. */
  erase_node(node: Node): void {
    this._assertAlive();
    if (node.graph !== this) {
      throw new GraphError(`Attempting to remove ${node.name} from wrong graph!`);
    }
    store.eraseNode(node.id);
    this.locals[localIndex[node.id]!] = undefined;
  }

  /** Sets the insertion point before `n` (null: the start of the graph). */
  inserting_before(n: Node | null = null): InsertPoint {
    if (n === null) return this.setInsert(this.root, true);
    this.checkOwn(n, "inserting_before");
    return this.setInsert(n.id, false);
  }

  /** Sets the insertion point after `n` (null: the end of the graph). Like FX, each new node goes
   * directly after `n`, so successive nodes come out in reverse order. */
  inserting_after(n: Node | null = null): InsertPoint {
    if (n === null) return this.setInsert(this.root, false);
    this.checkOwn(n, "inserting_after");
    return this.setInsert(n.id, true);
  }

  /** Runs `fn` with the insertion point before `n`, then restores it. */
  with_inserting_before<T>(n: Node | null, fn: () => T): T {
    const point = this.inserting_before(n);
    try {
      return fn();
    } finally {
      point.restore();
    }
  }

  /** Runs `fn` with the insertion point after `n`, then restores it. */
  with_inserting_after<T>(n: Node | null, fn: () => T): T {
    const point = this.inserting_after(n);
    try {
      return fn();
    } finally {
      point.restore();
    }
  }

  /**
   * Checks the graph (FX `lint`): nodes belong to this graph and appear in topological order,
   * names are unique, use lists match arguments, targets have the right kind and, with an
   * owning module, get_attr/call_module targets exist. Throws GraphError naming the node.
   */
  lint(): void {
    this._assertAlive();
    store.lint(this.id);
    for (const n of this.nodes) {
      // The store's input list must match the arguments (they are treated as immutable; an
      // array edited in place instead of assigned would leave the use lists stale).
      const expected = inputNodes(n.args, n.kwargs, n.name);
      const recorded = store.inputs(n.id);
      if (expected.length !== recorded.length || expected.some((a, i) => a.id !== recorded[i])) {
        throw new GraphError(
          `lint: Node ${n.name}: its arguments changed without an update (edit node.args/kwargs by assignment, not in place)`,
        );
      }
      if (n.op === "call_function" ? !isTarget(n.target) : typeof n.target !== "string") {
        throw new GraphError(`lint: Node ${n.name} has a target of the wrong kind for ${n.op}`);
      }
      const m = this.owning_module;
      if (m !== null && (n.op === "get_attr" || n.op === "call_module") && !m.has_attr(n.target as string)) {
        throw new GraphError(`lint: Node ${n.name} target ${n.target as string} references nonexistent attribute of the module`);
      }
    }
  }

  /**
   * Removes nodes without users that have no side effects (FX `eliminate_dead_code`). Impure
   * nodes (asserts, mutating ops: `target.isImpure`), placeholders and outputs stay. With an
   * owning module, subgraphs referenced by get_attr are cleaned too. Returns whether anything changed.
   */
  eliminate_dead_code(isImpureNode?: (n: Node) => boolean): boolean {
    this._assertAlive();
    let changed = false;
    if (isImpureNode === undefined) {
      const removed = store.eliminateDeadCode(this.id);
      for (const id of removed) this.locals[localIndex[id]!] = undefined;
      changed = removed.length > 0;
    } else {
      this.lint();
      for (const n of this.nodes_reversed) {
        if (!isImpureNode(n) && n.num_users === 0) {
          this.erase_node(n);
          changed = true;
        }
      }
    }
    const m = this.owning_module;
    if (m !== null) {
      const targets = new Set(this.find_nodes("get_attr").map((n) => n.target as string));
      for (const [name, child] of m.named_children()) {
        if (targets.has(name)) changed = child.graph.eliminate_dead_code() || changed;
      }
    }
    return changed;
  }

  /** FX's readable graph dump (`print(graph)`): `%add : [num_users=1] = call_function[...](...)`. */
  toString(): string {
    return formatGraph(this.nodes);
  }

  private toNodes(ids: number[]): Node[] {
    const out = new Array<Node>(ids.length);
    for (let i = 0; i < ids.length; i++) out[i] = this._nodeOf(ids[i]!);
    return out;
  }

  private setInsert(anchor: number, after: boolean): InsertPoint {
    const saved = { anchor: this.anchor, after: this.insertAfter };
    this.anchor = anchor;
    this.insertAfter = after;
    const restore = (): void => {
      this.anchor = saved.anchor;
      this.insertAfter = saved.after;
    };
    const point: InsertPoint & { [key: symbol]: unknown } = { restore };
    const dispose = (Symbol as { dispose?: symbol }).dispose;
    if (dispose !== undefined) point[dispose] = restore;
    return point;
  }

  private checkOwn(n: Node, what: string): void {
    this._assertAlive();
    if (n.graph !== this) throw new GraphError(`${what}: Node '${n.name}' is not in this graph`);
    if (n.erased) throw new GraphError(`${what}: Node '${n.name}' was erased from its graph`);
  }
}

const snakeCache = new Map<string, string>();

/** The default name of a node calling `target` (FX `_target_to_str`). */
export function targetToStr(target: Target | string): string {
  let op: string;
  if (typeof target === "string") {
    op = isMagic(target) ? target.slice(2, -2) : target;
  } else {
    // An OpOverload's `name` is "aten::add"; nodes are named after its packet ("add").
    const packet = (target as { packetName?: unknown }).packetName;
    op = typeof packet === "string" ? packet : target.name;
  }
  let snake = snakeCache.get(op);
  if (snake === undefined) {
    snake = snakeCase(op);
    if (snakeCache.size > 10_000) snakeCache.clear();
    snakeCache.set(op, snake);
  }
  return snake;
}

function describe(v: unknown): string {
  if (v === null) return "None";
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return typeof v;
}

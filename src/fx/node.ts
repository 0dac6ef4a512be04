// FX Node (torch/fx/node.py): one operation of a Graph. Topology (order, inputs, users) lives
// in the WASM graph store under `id`; this object holds the rich argument values and `meta`.
import * as store from "../core/graph.js";
import { GraphError } from "../core/errors.js";
import { inputNodes, mapArg, mapKwargs, mapList } from "./args.js";
import type { Graph } from "./graph.js";
import type { Argument, Kwargs, NodeMeta, Opcode, Target } from "./types.js";
import { isTarget, resolveTarget } from "./types.js";

const EMPTY_KWARGS: Kwargs = Object.freeze({});
const inputScratch: Node[] = [];
const idScratch: number[] = [];

export class Node {
  /** Metadata (FX `node.meta`): `val`, `stack_trace`, `nn_module_stack`, ... */
  meta: NodeMeta = {};
  /** @internal The printer's cache of this node's printed name (valid for one print pass). */
  _printEpoch = 0;
  /** @internal */
  _printName = "";
  private _args: readonly Argument[];
  private _kwargs: Kwargs;
  private _name: string;
  private _target: Target | string;
  private _resolved: Target | undefined;

  /** @internal Created by Graph.create_node only. */
  constructor(
    readonly graph: Graph,
    readonly id: number,
    readonly op: Opcode,
    name: string,
    target: Target | string,
    args: readonly Argument[] = [],
    kwargs: Kwargs = EMPTY_KWARGS,
  ) {
    this._name = name;
    this._target = target;
    this._args = args;
    this._kwargs = kwargs;
  }

  /** What the node calls or names: a string, or for call_function the callee — for an ATen op its
   * OpOverload (`node.target === torch.ops.aten.add.Tensor`), as in PyTorch. */
  get target(): Target | string {
    const t = this._target;
    if (typeof t === "string") return t;
    return (this._resolved ??= resolveTarget(t));
  }

  /** Changes the target (e.g. a placeholder renamed by export); same kind as before. */
  set target(target: Target | string) {
    this._checkLive("set target");
    if ((typeof target === "string") !== (typeof this._target === "string") || (typeof target !== "string" && !isTarget(target))) {
      throw new GraphError(`Node '${this._name}': a ${this.op} node's target must stay a ${typeof this._target === "string" ? "string" : "Target"}`);
    }
    store.setNodeTarget(this.id, store.intern(typeof target === "string" ? target : target.qualifiedName));
    if (typeof target !== "string") store.setImpure(this.id, target.isImpure === true);
    this._target = target;
    this._resolved = undefined;
  }

  get name(): string {
    return this._name;
  }

  /** `node.name = "..."` (FX allows assigning it); goes through the graph's namespace like `_rename`. */
  set name(candidate: string) {
    this._rename(candidate);
  }

  /**
   * Renames the node (FX `Node._rename`): `candidate` goes through the graph's namespace, so
   * the result may get a suffix. Returns the new name.
   */
  _rename(candidate: string): string {
    this._checkLive("rename");
    if (candidate === this._name) return candidate;
    const name = this.graph._createName(candidate);
    store.setNodeName(this.id, store.intern(name));
    this._name = name;
    return name;
  }

  get args(): readonly Argument[] {
    return this._args;
  }

  set args(args: readonly Argument[]) {
    this._update(args, this._kwargs);
  }

  get kwargs(): Kwargs {
    return this._kwargs;
  }

  set kwargs(kwargs: Kwargs) {
    this._update(this._args, kwargs);
  }

  /** Nodes that use this node, in the order they started using it. */
  get users(): Node[] {
    this._checkLive("users");
    return store.users(this.id).map((id) => this.graph._nodeOf(id));
  }

  /** Number of users, without building the list. */
  get num_users(): number {
    this._checkLive("num_users");
    return store.userCount(this.id);
  }

  /** Input nodes in first-occurrence order (FX `all_input_nodes`). */
  get all_input_nodes(): Node[] {
    this._checkLive("inputs");
    return store.inputs(this.id).map((id) => this.graph._nodeOf(id));
  }

  get next(): Node | null {
    this.graph._assertAlive();
    const n = store.nextNode(this.id);
    return n < 0 ? null : this.graph._nodeOf(n);
  }

  get prev(): Node | null {
    this.graph._assertAlive();
    const n = store.prevNode(this.id);
    return n < 0 ? null : this.graph._nodeOf(n);
  }

  get erased(): boolean {
    return this.graph.is_disposed || store.isErased(this.id);
  }

  get stack_trace(): string | null {
    return this.meta.stack_trace ?? null;
  }

  set stack_trace(trace: string | null) {
    this.meta.stack_trace = trace;
  }

  /** @internal Sets args and kwargs and the store's input list (all-or-nothing). */
  _update(args: readonly Argument[], kwargs: Kwargs): void {
    this._checkLive("set arguments");
    // Scratch arrays shared by all updates (nothing below re-enters _update).
    const inputs = inputNodes(args, kwargs, this._name, inputScratch);
    const count = inputs.length;
    idScratch.length = count;
    for (let i = 0; i < count; i++) {
      const a = inputs[i]!;
      this.graph._checkArgument(a, this);
      idScratch[i] = a.id;
    }
    inputScratch.length = 0;
    store.setInputs(this.id, idScratch);
    this._args = args;
    this._kwargs = kwargs;
  }

  /** Replaces positional argument `i`. */
  update_arg(i: number, value: Argument): void {
    if (!Number.isInteger(i) || i < 0 || i >= this._args.length) {
      throw new GraphError(`update_arg: Node '${this._name}' has no positional argument ${i}`);
    }
    const args = this._args.slice();
    args[i] = value;
    this.args = args;
  }

  /** Sets keyword argument `key`. */
  update_kwarg(key: string, value: Argument): void {
    this.kwargs = { ...this._kwargs, [key]: value };
  }

  /** Replaces every use of `old` in this node's arguments with `replacement`. */
  replace_input_with(old: Node, replacement: Node): void {
    const fn = (n: Node): Argument => (n === old ? replacement : n);
    this._update(mapList(this._args, fn), mapKwargs(this._kwargs, fn));
  }

  /**
   * Makes every user of this node use `replaceWith` instead (FX `replace_all_uses_with`).
   * `deleteUserCb(user)` returning false keeps that user. Returns the users changed.
   * Making `replaceWith` use itself is refused (it would be a cycle): exclude it with the callback.
   */
  replace_all_uses_with(
    replaceWith: Node,
    deleteUserCb: (user: Node) => boolean = () => true,
    { propagate_meta = false }: { propagate_meta?: boolean } = {},
  ): Node[] {
    this._checkLive("replace_all_uses_with");
    this.graph._checkArgument(replaceWith, this);
    if (propagate_meta) {
      if (Object.keys(replaceWith.meta).length > 0) {
        throw new GraphError(
          `replace_all_uses_with: propagate_meta requires '${replaceWith.name}' to have empty meta`,
        );
      }
      replaceWith.meta = { ...this.meta };
    }
    const users = this.users.filter((u) => deleteUserCb(u));
    if (users.includes(replaceWith)) {
      throw new GraphError(
        `replace_all_uses_with: '${replaceWith.name}' uses '${this._name}', so replacing all uses would make ` +
          `'${replaceWith.name}' use itself (a cycle); exclude it with deleteUserCb`,
      );
    }
    const fn = (n: Node): Argument => (n === this ? replaceWith : n);
    for (const u of users) u._update(mapList(u._args, fn), mapKwargs(u._kwargs, fn));
    return users;
  }

  /** Moves `x` to just before this node (FX `prepend`). */
  prepend(x: Node): void {
    this._checkLive("prepend");
    this.graph._checkArgument(x, this);
    store.moveNode(x.id, this.id, false);
  }

  /** Moves `x` to just after this node (FX `append`). */
  append(x: Node): void {
    this._checkLive("append");
    this.graph._checkArgument(x, this);
    store.moveNode(x.id, this.id, true);
  }

  private _impureModule = false;

  /**
   * Marks a call_module node impure (FX checks the called module's `_is_impure`): dead-code
   * elimination keeps it though nothing uses its result (the guard function ep.module() calls).
   */
  _markImpure(): void {
    this._checkLive("mark impure");
    this._impureModule = true;
    store.setImpure(this.id, true);
  }

  /** Whether dead-code elimination must keep this node (FX `Node.is_impure`). */
  is_impure(): boolean {
    if (this._impureModule) return true;
    if (this.op === "placeholder" || this.op === "output") return true;
    if (this.op === "call_function") return typeof this._target !== "string" && this._target.isImpure === true;
    return false;
  }

  /** Maps every Node in a value (FX `map_arg`). */
  static map_arg(arg: Argument, fn: (n: Node) => Argument): Argument {
    return mapArg(arg, fn);
  }

  toString(): string {
    return this._name;
  }

  private _checkLive(what: string): void {
    this.graph._assertAlive();
    if (store.isErased(this.id)) {
      throw new GraphError(`${what}: Node '${this._name}' was erased from its graph`);
    }
  }
}

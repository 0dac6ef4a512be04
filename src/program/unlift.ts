// ExportedProgram.module() (torch/export/_unlift.py `_unlift_exported_program_lifted_states`): a
// module holding the program's parameters, buffers and constants under their FQNs, whose forward
// takes the user's inputs as the exported model did. A call
//   1. checks the inputs against the exported input tree spec (ValueError otherwise),
//   2. flattens them and runs the guard function (`Guard failed: x.size()[0] <= 1024`),
//   3. interprets the graph with the lifted state fed to its parameter/buffer/constant inputs,
//   4. writes mutated buffers and inputs back (copy_), and rebuilds the outputs with the out spec.
import { Module } from "../nn/module.js";
import { Parameter } from "../nn/parameter.js";
import { Graph, GraphModule, tuple as fxTuple, type Argument, type MetaValue, type Node } from "../fx/index.js";
import { lookupOp, normalizeArgs, runEager } from "../ops/index.js";
import { TorchRuntimeError } from "../ops/errors.js";
import {
  tree_flatten_with_path, tree_unflatten, tree_leaves_with_path, treespec_loads, tuple, MappingKey, SequenceKey,
  type KeyPath, type TreeSpec,
} from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import { warn } from "../warnings.js";
import type { ExportedProgram } from "./exported_program.js";
import type { InputSpec } from "./signature.js";
import { Interpreter } from "./interpreter.js";
import { convertGuardsCodeToFn, inputGuardsForGraph, replaceFlatArgSources, type GuardsFn } from "./guards.js";
import { checkInputConstraintsForGraph } from "./guards_legacy.js";
import { InputTreeSpecError } from "./guards_errors.js";

export interface UnliftOptions {
  /** Build the guard function (PyTorch's default); false checks inputs with `_check_input_constraints_for_graph`. */
  check_guards?: boolean;
}

/** The module `ep.module()` returns (PyTorch's `_StatefulGraphModule`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export class ExportedProgramModule<A extends readonly unknown[] = any[], R = any> extends Module {
  declare _ep: ExportedProgram;
  declare _in_spec: TreeSpec;
  declare _out_spec: TreeSpec;
  /** The guard function run on the flattened inputs (absent with check_guards=false). */
  declare _guards_fn: GuardsFn | null;
  /** PyTorch's `validate_inputs`: off skips the pre-hook's checks (tree spec, check_guards=false checks), not the guard function. */
  declare validate_inputs: boolean;
  declare _constants: Map<string, Tensor>;
  declare _userPlaceholders: Node[];
  declare _interpreter: Interpreter | undefined;

  /** Sets an attribute that is not state (no parameter/buffer registration). */
  _hidden(key: string, value: unknown): void {
    Object.defineProperty(this, key, { value, writable: true, configurable: true, enumerable: false });
  }

  declare _graph_module: GraphModule | undefined;

  /**
   * The unlifted graph module (PyTorch's ep.module() *is* one): parameters, buffers and constants
   * read with `get_attr`, the guard function called as `self._guards_fn(...)` after the inputs,
   * `copy_` back into mutated buffers and inputs, and only the user outputs returned, with a
   * `_PyTreeCodeGen` taking the user's arguments. This is the graph `forward` runs, so edits to it
   * (graph passes, then `recompile()`) change what the module computes.
   */
  get graph_module(): GraphModule {
    if (this._graph_module === undefined) this._hidden("_graph_module", buildUnliftedGraphModule(this));
    return this._graph_module!;
  }

  get graph(): Graph {
    return this.graph_module.graph;
  }

  /** FX `gm.code`. */
  get code(): string {
    return this.graph_module.code;
  }

  /** FX `gm.print_readable()`. */
  print_readable(options: { print_output?: boolean } = {}): string {
    return this.graph_module.print_readable(options);
  }

  /** FX `gm.recompile()` after editing `graph`: the next call interprets the edited graph. */
  recompile(): { src: string } {
    this._hidden("_interpreter", undefined);
    return this.graph_module.recompile();
  }

  get range_constraints() {
    return this._ep.range_constraints;
  }

  /**
   * Calls the program with the user's arguments; keyword arguments are a trailing options object
   * (`mod(x, pair, { cfg })`) when the exported call had any.
   */
  override forward(...callArgs: A): R {
    const [args, kwargs] = splitKwargs(callArgs as readonly unknown[] as unknown[], this._in_spec);
    // The forward pre-hook: the tree spec check, and without a guard function the legacy checks.
    const withPath = this.validate_inputs ? checkInputsMatch(args, kwargs, this._in_spec) : flattenInputs(args, kwargs, this._in_spec);
    const flat = withPath.map(([, v]) => v);
    if (this.validate_inputs && this._guards_fn === null) {
      checkInputConstraintsForGraph(this._userPlaceholders.map((n) => n.meta.val), withPath, this._ep.range_constraints);
    }
    // The guard function is a call in the graph itself (right after the placeholders), so it runs
    // whatever validate_inputs says.
    return this._run(flat) as R;
  }

  /** Interprets the unlifted graph on the flattened user inputs (it writes mutations back itself). */
  private _run(flatUser: unknown[]): unknown {
    if (this._interpreter === undefined) {
      this._hidden(
        "_interpreter",
        new Interpreter(this.graph, (target) => this._attr(target), (target, args) => this._callModule(target, args)),
      );
    }
    const outs = this._interpreter!.run(flatUser) as unknown[];
    return tree_unflatten(outs, this._out_spec);
  }

  private _callModule(target: string, args: unknown[]): unknown {
    if (target === "_guards_fn") {
      this._guards_fn?.call(args);
      return null;
    }
    const m = this._attr(target);
    if (m instanceof Module) return m.__call__(...args);
    throw new TorchRuntimeError(`ep.module() cannot call '${target}'`);
  }

  private _lifted(spec: InputSpec): unknown {
    const fqn = spec.target!;
    switch (spec.kind) {
      case "PARAMETER":
        return this.get_parameter(fqn);
      case "BUFFER":
        return this.get_buffer(fqn);
      case "CONSTANT_TENSOR":
      case "CUSTOM_OBJ":
        return this._attr(fqn);
      default:
        throw new TorchRuntimeError(`ep.module() cannot feed a ${spec.kind} input ('${spec.arg.name}')`);
    }
  }

  /** @internal The attribute at `fqn` (state, constants, subgraphs); throws when there is none. */
  _attrOf(fqn: string): unknown {
    return this._attr(fqn);
  }

  private _attr(fqn: string): unknown {
    const c = this._constants.get(fqn);
    if (c !== undefined) return c;
    // Subgraphs of control flow (`true_graph_0`) stay children of the program's graph module.
    const sub = this._ep.graph_module.get_submodule(fqn);
    if (sub !== undefined) return sub;
    if (this._graph_module !== undefined) {
      const own = this._graph_module.get_submodule(fqn);
      if (own !== undefined) return own;
    }
    const [owner, name] = ownerOf(this, fqn);
    if (owner._parameters.has(name)) return owner._parameters.get(name);
    if (owner._buffers.has(name)) return owner._buffers.get(name);
    throw new TorchRuntimeError(`ep.module() has no attribute '${fqn}'`);
  }

  /** The key paths of the user inputs, as `inspect.signature(forward).bind(*args, **kwargs)` names them. */
  _inputPaths(): KeyPath[] {
    return inputPaths(this._in_spec, this._ep.module_call_graph[0]?.signature?.forward_arg_names ?? null);
  }
}

/** A subgraph (a cond branch, a map body) as a submodule of ep.module(): `.graph`, `.code`, its own subgraphs. */
class SubgraphModule extends Module {
  declare _gm: GraphModule;

  constructor(gm: GraphModule) {
    super();
    Object.defineProperty(this, "_gm", { value: gm, writable: true, configurable: true, enumerable: false });
    for (const [name, child] of gm.named_children()) this.register_module(name, new SubgraphModule(child));
  }

  get graph(): Graph {
    return this._gm.graph;
  }

  get code(): string {
    return this._gm.code;
  }

  override forward(...args: unknown[]): unknown {
    const gm = this._gm;
    return new Interpreter(gm.graph, (target) => gm.get_attr(target)).run(args);
  }
}

/** `_unlift_exported_program_lifted_states(ep, check_guards)`. */
/**
 * `_check_input_constraints_pre_hook`: the inputs' tree structure, then each input against its
 * placeholder and the range constraints (PyTorch's `Expected input at *args[0].shape[0] ...` texts),
 * without running the program.
 */
export function checkInputConstraintsPreHook(mod: ExportedProgramModule, args: readonly unknown[], kwargs: Record<string, unknown>): void {
  const withPath = checkInputsMatch([...args], kwargs, mod._in_spec);
  checkInputConstraintsForGraph(mod._userPlaceholders.map((n) => n.meta.val), withPath, mod._ep.range_constraints);
}

export function unliftExportedProgram(ep: ExportedProgram, options: UnliftOptions = {}): ExportedProgramModule {
  const sig = ep.module_call_graph[0]?.signature;
  if (!sig) throw new TorchRuntimeError("ep.module() needs the root entry of module_call_graph with its in/out specs");
  const mod = new ExportedProgramModule();
  const hidden = (k: string, v: unknown) => mod._hidden(k, v);
  hidden("_ep", ep);
  hidden("_in_spec", treespec_loads(sig.in_spec));
  hidden("_out_spec", treespec_loads(sig.out_spec));
  hidden("validate_inputs", true);
  hidden("_constants", new Map<string, Tensor>());
  hidden("_userPlaceholders", userPlaceholders(ep));
  // Made on first use; present from the start, so a call being exported creates no attribute.
  hidden("_graph_module", undefined);
  hidden("_interpreter", undefined);
  registerState(mod, ep);
  // The control-flow subgraphs (`true_graph_0`) are submodules, as in PyTorch's unlifted module.
  for (const [name, child] of ep.graph_module.named_children()) {
    if (!mod._modules.has(name)) mod.register_module(name, new SubgraphModule(child));
  }

  let guardsFn: GuardsFn | null = null;
  if (options.check_guards ?? true) {
    const paths = mod._inputPaths();
    const metas: MetaValue[] = mod._userPlaceholders.map((n) => n.meta.val);
    const code = inputGuardsForGraph(metas, ep.range_constraints, paths);
    code.push(...ep._guards_code.map((g) => replaceFlatArgSources(g, paths)));
    guardsFn = convertGuardsCodeToFn(code, paths);
  }
  hidden("_guards_fn", guardsFn);
  // Its forward takes the exported forward's arguments (the codegen's names), so exporting the
  // module again names its inputs (and guard messages) as the original program did.
  hidden("forwardArgNames", pytreeCodegen(mod._in_spec, mod._out_spec, sig.forward_arg_names ?? null).orig_args);
  return mod;
}

// `_register_attrs_to_new_gm`: parameters and buffers under their FQNs (submodules made as
// needed), sharing the program's tensors so buffer updates persist across calls as in PyTorch.
function registerState(mod: ExportedProgramModule, ep: ExportedProgram): void {
  const sig = ep.graph_signature;
  const nonPersistent = new Set(sig.non_persistent_buffers);
  for (const fqn of sig.buffers) {
    const value = nonPersistent.has(fqn) ? ep.constants.get(fqn) : ep.state_dict.get(fqn);
    if (value === undefined) throw new TorchRuntimeError(`ep.module(): buffer '${fqn}' is missing from the program's state`);
    const [owner, name] = ownerOf(mod, fqn, true);
    owner.register_buffer(name, value, { persistent: !nonPersistent.has(fqn) });
  }
  for (const fqn of sig.parameters) {
    const value = ep.state_dict.get(fqn);
    if (value === undefined) throw new TorchRuntimeError(`ep.module(): parameter '${fqn}' is missing from the program's state`);
    const [owner, name] = ownerOf(mod, fqn, true);
    owner.register_parameter(name, value instanceof Parameter ? value : new Parameter(value, value.requires_grad));
  }
  for (const spec of sig.input_specs) {
    if (spec.kind !== "CONSTANT_TENSOR" && spec.kind !== "CUSTOM_OBJ") continue;
    let value = ep.constants.get(spec.target!);
    if (value === undefined) throw new TorchRuntimeError(`ep.module(): constant '${spec.target}' is missing from the program's state`);
    // A tensor constant that requires grad is detached (it is no parameter), with PyTorch's warning.
    if (spec.kind === "CONSTANT_TENSOR" && value instanceof Tensor && value.requires_grad) {
      warn(
        `A model attribute \`${spec.target}\` requires gradient. but it's not properly registered as a parameter. ` +
          "torch.export will detach it and treat it as a constant tensor but please register it as parameter instead.",
      );
      value = value.detach();
    }
    mod._constants.set(spec.target!, value);
    // `_assign_attr(..., CONSTANT)`: a plain attribute of its owner (not a buffer), so `gm.foo` reads it.
    const [owner, name] = ownerOf(mod, spec.target!, true);
    if (!(name in owner)) Object.defineProperty(owner, name, { value, writable: true, configurable: true, enumerable: false });
  }
}

// `_assign_attr`: the module owning `a.b.c` (creating empty modules `a`, `a.b` when asked) and `c`.
function ownerOf(root: Module, fqn: string, create = false): [Module, string] {
  const atoms = fqn.split(".");
  let owner = root;
  for (const a of atoms.slice(0, -1)) {
    let child = owner._modules.get(a);
    if (!child) {
      if (!create) throw new TorchRuntimeError(`ep.module() has no submodule '${a}' (in '${fqn}')`);
      child = new Module();
      owner.register_module(a, child);
    }
    owner = child;
  }
  return [owner, atoms[atoms.length - 1]!];
}

function userPlaceholders(ep: ExportedProgram): Node[] {
  const userNames = new Set(ep.graph_signature.input_specs.filter((s) => s.kind === "USER_INPUT").map((s) => s.arg.name));
  return ep.graph.nodes.filter((n) => n.op === "placeholder" && userNames.has(n.name));
}

// JS has no keyword arguments: a trailing plain object is the kwargs when the exported call had
// keyword arguments and one more argument than its positional ones.
function splitKwargs(callArgs: unknown[], inSpec: TreeSpec): [unknown[], Record<string, unknown>] {
  const [argsSpec, kwargsSpec] = inSpec.children_specs;
  const nArgs = argsSpec?.num_children ?? callArgs.length;
  const hasKwargs = (kwargsSpec?.num_children ?? 0) > 0;
  const last = callArgs[callArgs.length - 1];
  if (hasKwargs && callArgs.length === nArgs + 1 && isPlainObject(last)) {
    return [callArgs.slice(0, -1), last as Record<string, unknown>];
  }
  return [callArgs, {}];
}

function isPlainObject(v: unknown): boolean {
  return typeof v === "object" && v !== null && Object.getPrototypeOf(v) === Object.prototype;
}

// `reorder_kwargs`: the kwargs in the exported spec's key order (extra keys last, so the spec check names them).
export function reorderKwargs(kwargs: Record<string, unknown>, inSpec: TreeSpec): Record<string, unknown> {
  const keys = (inSpec.children_specs[1]?.context as unknown[] | undefined) ?? [];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (String(k) in kwargs) out[String(k)] = kwargs[String(k)];
  for (const [k, v] of Object.entries(kwargs)) if (!(k in out)) out[k] = v;
  return out;
}

function flattenInputs(args: unknown[], kwargs: Record<string, unknown>, inSpec: TreeSpec): Array<[KeyPath, unknown]> {
  return tree_flatten_with_path(tuple(tuple(...args), reorderKwargs(kwargs, inSpec)))[0];
}

/**
 * `_check_inputs_match`: the inputs' tree spec must be the exported one, up to `eq_spec` (dict keys
 * may come in another order). Returns the flat inputs with their paths, in the exported order (as
 * `fx_pytree.tree_flatten_spec` flattens them).
 */
export function checkInputsMatch(args: unknown[], kwargs: Record<string, unknown>, inSpec: TreeSpec): Array<[KeyPath, unknown]> {
  // reorder_kwargs: the keywords must be the exported ones (in any order).
  const expected = ((inSpec.children_specs[1]?.context as unknown[] | undefined) ?? []).map(String);
  const got = Object.keys(kwargs);
  if (got.length !== expected.length || got.some((k) => !expected.includes(k))) {
    const list = (xs: string[]) => `[${xs.map((k) => `'${k}'`).join(", ")}]`;
    throw new InputTreeSpecError(`Ran into a kwarg keyword mismatch: Got the following keywords ${list(got)} but expected ${list(expected)}`);
  }
  const tree = tuple(tuple(...args), reorderKwargs(kwargs, inSpec));
  const [flat, received] = tree_flatten_with_path(tree);
  if (received.equals(inSpec)) return flat;
  if (!eqSpec(received, inSpec)) {
    throw new InputTreeSpecError(
      "Trying to flatten user inputs with exported input tree spec: \n" +
        `${inSpec}\n` +
        "but actually got inputs with tree spec of: \n" +
        `${received}.\n` +
        "Please check that the inputs have the same number and type of args and kwargs as the ones you used when tracing.",
    );
  }
  return tree_flatten_with_path(inSpec.unflatten(inSpec.flatten_up_to(tree)))[0];
}

const DICTS = new Set(["dict", "OrderedDict", "defaultdict"]);

/** `eq_spec`: TreeSpec equality where a dict's keys may be in any order. */
function eqSpec(a: TreeSpec, b: TreeSpec): boolean {
  if (a.is_leaf() || b.is_leaf()) return a.is_leaf() && b.is_leaf();
  const dict = a.type?.builtin === "dict" && b.type?.builtin === "dict";
  if (!dict) return a.equals(b) || (a.type === b.type && a.num_children === b.num_children && a.children_specs.every((c, i) => eqSpec(c, b.children_specs[i]!)) && sameContext(a, b));
  const ka = (a.context as unknown[]) ?? [];
  const kb = (b.context as unknown[]) ?? [];
  if (ka.length !== kb.length || !ka.every((k) => kb.includes(k))) return false;
  return ka.every((k, i) => eqSpec(a.children_specs[i]!, b.children_specs[kb.indexOf(k)]!));
}

function sameContext(a: TreeSpec, b: TreeSpec): boolean {
  return JSON.stringify(a.context ?? null) === JSON.stringify(b.context ?? null) || DICTS.has(a.type?.builtin ?? "");
}

/**
 * `_get_input_paths`: the user inputs bound to forward's parameter names (`['x']`, `['pair'][0]`,
 * `['cfg']['alpha']`), one path per flattened input. Without names, PyTorch's codegen names
 * positional arguments `arg_0`, `arg_1`, ... and keyword arguments by their keys.
 */
export function inputPaths(inSpec: TreeSpec, forwardArgNames: readonly string[] | null): KeyPath[] {
  const [argsSpec, kwargsSpec] = inSpec.children_specs;
  // Stand-in leaves (their flat index) keep the exported structure.
  const leaves = Array.from({ length: inSpec.num_leaves }, (_, i) => i);
  const [args, kwargs] = tree_unflatten(leaves, inSpec) as [unknown[], Record<string, unknown> | Map<unknown, unknown>];
  const kw = kwargs instanceof Map ? Object.fromEntries(kwargs) : (kwargs ?? {});
  const nArgs = argsSpec?.num_children ?? 0;
  const kwKeys = ((kwargsSpec?.context as unknown[] | undefined) ?? []).map(String);
  const names = forwardArgNames ?? [...Array.from({ length: nArgs }, (_, i) => `arg_${i}`), ...kwKeys];
  const bound = new Map<string, unknown>();
  names.forEach((name, i) => {
    if (i < nArgs) bound.set(name, args[i]);
    else if (name in kw) bound.set(name, kw[name]);
  });
  const paths = tree_leaves_with_path(Object.fromEntries(bound));
  // Paths in flat-input order (the bound order can differ when kwargs were passed out of order).
  // An input the names cannot bind (e.g. a *args rest) keeps the tracer's `L['flat_args'][i]` source.
  const byLeaf = new Map(paths.map(([p, leaf]) => [leaf as number, p]));
  return leaves.map((i) => byLeaf.get(i) ?? [MappingKey("flat_args"), SequenceKey(i)]);
}

/**
 * `_unlift` (torch/export/_unlift.py): the program's graph with its lifted inputs made attributes
 * again. Each parameter / buffer / constant placeholder becomes a `get_attr` of its FQN (in the
 * placeholder's place), `_guards_fn` is called on the user inputs right after the last placeholder,
 * each mutation output becomes `aten.copy_(target, value)` before the output, which returns the user
 * outputs only; the code generator takes and returns the user's pytrees.
 */
function buildUnliftedGraphModule(mod: ExportedProgramModule): GraphModule {
  const ep = mod._ep;
  const sig = ep.graph_signature;
  const specOf = new Map(sig.input_specs.map((s) => [s.arg.name, s]));
  const g = new Graph();
  const valMap = new Map<Node, Argument>();
  const byTarget = new Map<string, Node>(); // unlifted FQN -> its get_attr
  const userInputs = new Map<string, Node>(); // user input name -> placeholder
  let output: Node | null = null;
  for (const node of ep.graph.nodes) {
    if (node.op === "output") {
      output = node;
      continue;
    }
    const spec = node.op === "placeholder" ? specOf.get(node.name) : undefined;
    if (spec !== undefined && spec.kind !== "USER_INPUT" && spec.target !== null) {
      const attr = g.get_attr(spec.target);
      attr.meta = { ...node.meta };
      valMap.set(node, attr);
      byTarget.set(spec.target, attr);
      continue;
    }
    const copy = g.node_copy(node, (n) => valMap.get(n)!);
    valMap.set(node, copy);
    if (node.op === "placeholder") userInputs.set(node.name, copy);
  }
  const placeholders = g.nodes.filter((n) => n.op === "placeholder");
  if (mod._guards_fn !== null && placeholders.length > 0) {
    // The guard function module is impure: dead-code elimination keeps its call.
    g.with_inserting_after(placeholders[placeholders.length - 1]!, () => g.call_module("_guards_fn", placeholders)._markImpure());
  }
  if (output !== null) {
    const outs = flatOutputs(output.args[0] ?? null).map((a) => (a instanceof Object && valMap.has(a as Node) ? valMap.get(a as Node)! : a));
    const userOuts: Argument[] = [];
    // A user output that is a mutation's new value returns that mutation's copy_ (the input or
    // buffer itself): _insert_copy_for_mutations' return_nodes_to_copy.
    const copies = new Map<Argument, Node>();
    sig.output_specs.forEach((spec, i) => {
      const value = outs[i] ?? null;
      if (spec.kind === "BUFFER_MUTATION" || spec.kind === "PARAMETER_MUTATION" || spec.kind === "USER_INPUT_MUTATION") {
        const dst = spec.kind === "USER_INPUT_MUTATION" ? userInputs.get(spec.target!) : byTarget.get(spec.target!);
        if (dst === undefined) throw new TorchRuntimeError(`ep.module(): the mutated '${spec.target}' is not an input of the program`);
        copies.set(value, g.call_function(lookupOp("copy_.default")!, [dst, value]));
      } else {
        userOuts.push(value);
      }
    });
    g.output(fxTuple(...userOuts.map((v) => copies.get(v) ?? v)));
  }
  const sigEntry = ep.module_call_graph[0]?.signature;
  g._codegen = pytreeCodegen(mod._in_spec, mod._out_spec, sigEntry?.forward_arg_names ?? null);
  const gm = new GraphModule(g);
  for (const [name, child] of ep.graph_module.named_children()) gm.add_submodule(name, child);
  gm._resolveAttr = (target) => {
    if (target === "_guards_fn") return mod._guards_fn ?? undefined;
    try {
      return mod._attrOf(target);
    } catch {
      return undefined;
    }
  };
  return gm;
}

function flatOutputs(a: Argument): Argument[] {
  if (Array.isArray(a)) return a as Argument[];
  if (a !== null && typeof a === "object" && "items" in (a as object)) return (a as unknown as { items: Argument[] }).items;
  return [a];
}

/** `_get_codegen(in_spec, out_spec, forward_arg_names)`: the argument names the generated forward takes. */
function pytreeCodegen(inSpec: TreeSpec, outSpec: TreeSpec, forwardArgNames: readonly string[] | null) {
  const [argsSpec, kwargsSpec] = inSpec.children_specs;
  const isArgsKwargs =
    inSpec.type?.name === "tuple" && inSpec.num_children === 2 && argsSpec?.type?.name === "tuple" && kwargsSpec?.type?.name === "dict";
  const kwargKeys = isArgsKwargs ? ((kwargsSpec!.context as unknown[] | null) ?? []).map(String) : [];
  let names: string[];
  if (forwardArgNames !== null && forwardArgNames.length > 0) names = [...forwardArgNames];
  else if (isArgsKwargs) names = [...Array.from({ length: argsSpec!.num_children }, (_, i) => `arg_${i}`), ...kwargKeys];
  else names = Array.from({ length: inSpec.num_children }, (_, i) => `arg_${i}`);
  return {
    orig_args: names,
    args_kwargs: isArgsKwargs ? { count_args: argsSpec!.num_children, kwarg_keys: kwargKeys } : null,
    has_out_spec: outSpec !== null && outSpec !== undefined,
  };
}

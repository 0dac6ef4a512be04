// torch.export.unflatten(ep) (torch/export/unflatten.py): the exported program as a module
// hierarchy like the eager model's. Each submodule call becomes an InterpreterModule running its
// own FX graph (split from the flat graph by the nodes' nn_module_stack, unflatten_outline.ts);
// parameters, buffers and constants sit at their FQNs and are read by `get_attr` nodes
// (unflatten_passes.ts). A call whose signature was preserved at export
// (`preserve_module_call_signature`) keeps its exported in/out specs, so the user may swap in
// another module taking and returning the same structure: `unflat.sub = new Sub()`.
//
//   const unflat = torch.export.unflatten(ep);
//   String(unflat)            // UnflattenedModule(\n  (sub): InterpreterModule(...)...)
//   String(unflat.sub.graph)  // graph():\n    %add : [num_users=2] = placeholder[target=add] ...
//   unflat(x)                 // runs the graphs (and any swapped-in modules)
import { Graph, type GraphModule, type Node } from "../fx/index.js";
import { Module } from "../nn/module.js";
import { Parameter } from "../nn/parameter.js";
import { TorchTypeError } from "../ops/errors.js";
import { tree_flatten_with_path, tree_unflatten, treespec_loads, tuple, GetAttrKey, SequenceKey, type KeyPath, type TreeSpec } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import { ExportedProgram } from "./exported_program.js";
import type { ExportGraphSignature } from "./signature.js";
import type { RangeConstraint } from "./range_constraints.js";
import { checkInputConstraintsForGraph } from "./guards_legacy.js";
import { reorderKwargs } from "./unlift.js";
import {
  IVals, callName, copyGraph, fixNnModuleStacks, inplaceBufferAndInputMutations, outlineSubmodules, rootModuleType, type CallSignature,
} from "./unflatten_outline.js";
import { assignAttr, copyGraphAttrs, deduplicateModules, reorderSubmodules, sinkParams } from "./unflatten_passes.js";
import {
  InterpreterModule, InterpreterModuleDispatcher, UnflattenError, getAttrPath, graphModuleView, lintModuleGraph, runGraph, setPlainAttr,
} from "./unflatten_runtime.js";

export { InterpreterModule, InterpreterModuleDispatcher, UnflattenError } from "./unflatten_runtime.js";

/** Adapts flat inputs of another tree spec to the exported one (`torch.export.unflatten.FlatArgsAdapter`). */
export interface FlatArgsAdapter {
  adapt(target_spec: TreeSpec, input_spec: TreeSpec, input_args: unknown[], metadata?: Record<string, unknown>, obj?: unknown): unknown[];
  get_flat_arg_paths?(): string[];
}

/** Parsed specs of the preserved call signatures, by call name (`sub`, `sub@1`). */
function callSignatures(ep: ExportedProgram): Map<string, CallSignature> {
  const out = new Map<string, CallSignature>();
  for (const entry of ep.module_call_graph) {
    const sig = entry.signature;
    if (sig === null) continue;
    out.set(entry.fqn, { inputs: sig.inputs, outputs: sig.outputs, in_spec: treespec_loads(sig.in_spec), out_spec: treespec_loads(sig.out_spec) });
  }
  return out;
}

export class UnflattenedModule extends Module {
  static override __module_type__ = "torch.export.unflatten.UnflattenedModule";
  declare graph: Graph;
  declare graph_signature: ExportGraphSignature;
  declare module_call_graph: ExportedProgram["module_call_graph"];
  declare range_constraints: readonly RangeConstraint[];
  declare flat_args_adapter: FlatArgsAdapter | null;
  /** Whether inputs have been adapted (by flat_args_adapter) at least once. */
  declare adapted: boolean;
  /** Off skips the input checks against the exported placeholders. */
  declare check_input_constraints: boolean;
  declare input_placeholders: Node[];
  declare _ty: string | null;
  declare _in_spec: TreeSpec;
  declare _out_spec: TreeSpec;

  constructor(ep: ExportedProgram, flatArgsAdapter: FlatArgsAdapter | null = null) {
    super();
    const fqns = ep.module_call_graph.map((e) => e.fqn);
    if (fqns[0] !== "") throw new UnflattenError(`expected first fqn to be empty string, got '${fqns[0] ?? ""}'`);
    const rootSig = ep.module_call_graph[0]!.signature;
    if (rootSig === null) throw new UnflattenError("unflatten needs the root entry of module_call_graph with its in/out specs");
    if (ep.graph_signature.input_specs.some((s) => s.kind === "TOKEN") || ep.graph_signature.output_specs.some((s) => s.kind === "TOKEN")) {
      throw new UnflattenError("pt2js cannot unflatten a program with effect tokens");
    }
    const hidden = (k: string, v: unknown) => setPlainAttr(this, k, v);
    const exportGraph = copyGraph(ep.graph);
    hidden("graph_signature", ep.graph_signature);
    hidden("graph", new Graph());
    hidden("module_call_graph", ep.module_call_graph);
    hidden("flat_args_adapter", flatArgsAdapter);
    hidden("adapted", false);
    hidden("_in_spec", treespec_loads(rootSig.in_spec));
    hidden("_out_spec", treespec_loads(rootSig.out_spec));

    inplaceBufferAndInputMutations(exportGraph, ep.graph_signature);
    fixNnModuleStacks(exportGraph);
    hidden("_ty", rootModuleType(exportGraph));
    const signatures = callSignatures(ep);
    // Intermediate values of mutations read by preserved calls: where each was made, the
    // mutation is performed again (`_IVals`).
    const ivals = new IVals();
    const { seenModules, seenAttrs } = outlineSubmodules(exportGraph, this, signatures, ivals);
    ivals.update(seenModules.values());
    copyGraphAttrs((name) => ep.graph_module.get_submodule(name), this, seenAttrs);
    hidden("range_constraints", ep.range_constraints);

    const consts = assignState(this, ep);
    sinkParams(this, consts.inputsToState, []);

    const redirected = deduplicateModules(seenModules.values());
    let fqnList = fqns.filter((f) => !redirected.has(f));
    dispatchModules(this, redirected, consts.constsTargets);
    fqnList = fqnList.filter((f) => !f.includes("@"));

    hidden("input_placeholders", this.graph.nodes.filter((n) => n.op === "placeholder"));
    hidden("check_input_constraints", true);
    const order = new Map(fqnList.map((f, i) => [f, i]));
    for (const [name] of this.named_modules(null, "", false)) if (!order.has(name)) order.set(name, order.size);
    reorderSubmodules(this, order);
    lintModuleGraph(this, this.graph);
  }

  /** Its graph as a GraphModule (`.code`, `.print_readable()`), with its submodules' graphs as children. */
  get graph_module(): GraphModule {
    return graphModuleView(this);
  }

  /** `print_readable()`: the module's forward and its submodules' graphs, as FX prints them. */
  print_readable(options: { print_output?: boolean } = {}): string {
    return this.graph_module.print_readable(options);
  }

  /** The eager root module's type (`__main__.PreserveSig`). */
  type_name(): string | null {
    return this._ty;
  }

  /**
   * Flattens the call's inputs by the exported in_spec (adapting them when their structure differs
   * and an adapter was given) and checks them against the exported placeholders.
   */
  process_forward_inputs(...callArgs: unknown[]): unknown[] {
    const [args, kwargs] = splitKwargs(callArgs, this._in_spec);
    const [withPath, inSpec] = tree_flatten_with_path(tuple(tuple(...args), reorderKwargs(kwargs, this._in_spec)));
    let flat = withPath.map(([, v]) => v);
    if (!inSpec.equals(this._in_spec)) {
      const adapter = this.flat_args_adapter;
      if (adapter === null) {
        throw new TorchTypeError("There is no flat args adapter specified. Are you sure you are calling this with the right arguments? ");
      }
      flat = adapter.adapt(this._in_spec, inSpec, flat, {}, args);
      if (flat.length !== this._in_spec.num_leaves) {
        throw new TorchTypeError(
          `Flat args adaption failed, number of args mismatch Adapted: ${flat.length} \nExported module: ${this._in_spec.num_leaves}`,
        );
      }
      this.adapted = true;
    }
    if (this.check_input_constraints) {
      let checked: Array<[KeyPath, unknown]> = withPath;
      if (this.adapted) {
        const paths = this.flat_args_adapter?.get_flat_arg_paths?.() ?? [];
        checked = flat.map((v, i) => [[SequenceKey(i), GetAttrKey(paths[i] ?? "<unknown location>")], v]);
      }
      checkInputConstraintsForGraph(this.input_placeholders.map((n) => n.meta.val), checked, this.range_constraints);
    }
    return flat;
  }

  override forward(...callArgs: unknown[]): unknown {
    const flat = this.process_forward_inputs(...callArgs);
    const out = runGraph(this, this.graph, flat);
    return tree_unflatten(out as unknown[], this._out_spec);
  }
}

/**
 * `torch.export.unflatten(ep, flat_args_adapter=None)`: a module with the eager module's hierarchy.
 * Throws UnflattenError for a program it cannot split (nodes without nn_module_stack, ...).
 */
export function unflatten(ep: ExportedProgram, flatArgsAdapter: FlatArgsAdapter | null = null): UnflattenedModule {
  if (!(ep instanceof ExportedProgram)) {
    const got = ep === null || ep === undefined ? "NoneType" : typeof ep === "object" ? ((ep as object).constructor?.name ?? "object") : typeof ep;
    throw new TorchTypeError(`torch.export.unflatten: the 'module' parameter must be an instance of 'ExportedProgram', got '${got}' instead.`);
  }
  return new UnflattenedModule(ep, flatArgsAdapter);
}

// Parameters, buffers and constants (cloned, aliases kept shared) at their FQNs; returns which
// state each graph input carries (every FQN it is known by).
function assignState(root: UnflattenedModule, ep: ExportedProgram): { inputsToState: Map<string, string[]>; constsTargets: Set<string> } {
  const sig = ep.graph_signature;
  const state = ep.state_dict;
  const missing = (what: string, fqn: string) => new UnflattenError(`unflatten: ${what} '${fqn}' is missing from the program's state`);
  const assignedParams = new Set<string>();
  const idToParam = new Map<Tensor, Parameter>();
  for (const name of sig.parameters) {
    const p = state.get(name);
    if (p === undefined) throw missing("parameter", name);
    if (!idToParam.has(p)) idToParam.set(p, new Parameter(p.clone(), p.requires_grad));
    assignAttr(idToParam.get(p), root, name, "parameter");
    assignedParams.add(name);
  }
  const nonPersistent = new Set(sig.non_persistent_buffers);
  const assignedBuffers = new Set<string>();
  const idToBuffer = new Map<Tensor, [Tensor, boolean]>();
  for (const name of sig.buffers) {
    const persistent = !nonPersistent.has(name);
    const b = persistent ? state.get(name) : ep.constants.get(name);
    if (b === undefined) throw missing("buffer", name);
    if (!idToBuffer.has(b)) idToBuffer.set(b, [b.clone(), persistent]);
    assignAttr(idToBuffer.get(b)![0], root, name, "buffer", persistent);
    assignedBuffers.add(name);
  }
  // Aliased or unused state: in the state dict but not the signature.
  for (const [name, t] of state) {
    if (assignedParams.has(name) || assignedBuffers.has(name)) continue;
    if (idToBuffer.has(t) || !(t instanceof Parameter)) {
      if (!idToBuffer.has(t)) idToBuffer.set(t, [t, true]);
      assignAttr(idToBuffer.get(t)![0], root, name, "buffer", true);
    } else {
      if (!idToParam.has(t)) idToParam.set(t, t);
      assignAttr(idToParam.get(t), root, name, "parameter");
    }
  }
  const idToConst = new Map<unknown, unknown>();
  for (const [fqn, c] of ep.constants) {
    if (!idToConst.has(c)) idToConst.set(c, c instanceof Tensor ? c.clone() : c);
    assignAttr(idToConst.get(c), root, fqn, "constant");
  }

  // Tensor → [(input name, FQN)], so aliases of one tensor sink under any of their names.
  const constsMap = new Map<unknown, Array<[string, string]>>();
  const add = (obj: unknown, input: string, target: string) => {
    const list = constsMap.get(obj) ?? [];
    list.push([input, target]);
    constsMap.set(obj, list);
  };
  const targets = new Set<string>();
  const added = new Set<string>();
  for (const s of sig.input_specs) {
    if (s.kind === "PARAMETER" || (s.kind === "BUFFER" && s.persistent !== false)) {
      add(state.get(s.target!), s.arg.name, s.target!);
      targets.add(s.target!);
      added.add(s.target!);
    } else if (s.kind === "BUFFER" || s.kind === "CONSTANT_TENSOR" || s.kind === "CUSTOM_OBJ") {
      add(ep.constants.get(s.target!), s.arg.name, s.target!);
      targets.add(s.target!);
    }
  }
  for (const [name, c] of ep.constants) {
    if (targets.has(name)) continue;
    const known = constsMap.get(c);
    if (known === undefined) throw new UnflattenError(`constant '${name}' id not found in consts_map`);
    add(c, known[0]![0], name);
  }
  for (const [fqn, t] of state) {
    if (added.has(fqn)) continue;
    const known = constsMap.get(t);
    if (known === undefined) continue;
    add(t, known[0]![0], fqn);
  }
  const inputsToState = new Map<string, string[]>();
  for (const list of constsMap.values()) {
    const fqns = list.map(([, t]) => t);
    for (const [input] of list) inputsToState.set(input, fqns);
  }
  return { inputsToState, constsTargets: targets };
}

// `_dispatch_modules`: the calls of a preserved module that got graphs of their own (`n`, `n@1`,
// ...) become one InterpreterModuleDispatcher at `n`, which runs them in turn; call_module
// targets drop their call index.
function dispatchModules(root: UnflattenedModule, redirected: Map<string, string>, constsTargets: Set<string>): void {
  const called = new Map<string, Array<[number, InterpreterModule]>>();
  for (const entry of root.module_call_graph) {
    if (!entry.fqn || entry.signature === null) continue;
    const mod = getAttrPath(root, redirected.get(entry.fqn) ?? entry.fqn);
    const at = entry.fqn.indexOf("@");
    const base = at < 0 ? entry.fqn : entry.fqn.slice(0, at);
    const idx = at < 0 ? 0 : Number(entry.fqn.slice(at + 1));
    const list = called.get(base) ?? [];
    list.push([idx, mod as InterpreterModule]);
    called.set(base, list);
  }
  const attrs = new Map<string, Set<string>>();
  for (const target of constsTargets) {
    const dot = target.lastIndexOf(".");
    const [owner, name] = dot < 0 ? ["", target] : [target.slice(0, dot), target.slice(dot + 1)];
    const set = attrs.get(owner) ?? new Set<string>();
    set.add(name);
    attrs.set(owner, set);
  }
  for (const [fqn, indexed] of called) {
    const mods = [...indexed].sort((a, b) => a[0] - b[0]).map(([, m]) => m);
    if (mods.length <= 1) continue;
    mods.forEach((_, i) => {
      const name = callName(fqn, i + 1);
      if (redirected.has(name)) return;
      const atoms = name.split(".");
      const last = atoms.pop()!;
      const owner = getAttrPath(root, atoms);
      if (owner instanceof Module) owner._modules.delete(last);
    });
    root.set_submodule(fqn, new InterpreterModuleDispatcher(attrs.get(fqn) ?? new Set(), mods));
  }
  const elide = (prefix: string, graph: Graph) => {
    for (const node of graph.nodes) {
      if (node.op !== "call_module") continue;
      const base = (node.target as string).split("@")[0]!;
      if (called.has(prefix ? `${prefix}.${base}` : base)) node.target = base;
    }
  };
  for (const [fqn, mod] of root.named_modules(null, "", false)) {
    const graph = (mod as unknown as { graph?: unknown }).graph;
    if (graph instanceof Graph) elide(fqn, graph);
    else if (mod instanceof InterpreterModuleDispatcher) for (const m of mod.call_modules()) elide(fqn, m.graph);
  }
}

// JS has no keyword arguments: a trailing plain object is the kwargs when the exported call had
// keyword arguments and one more argument than its positional ones (as ep.module() takes them).
function splitKwargs(callArgs: unknown[], inSpec: TreeSpec): [unknown[], Record<string, unknown>] {
  const [argsSpec, kwargsSpec] = inSpec.children_specs;
  const nArgs = argsSpec?.num_children ?? callArgs.length;
  const last = callArgs[callArgs.length - 1];
  const isPlain = typeof last === "object" && last !== null && Object.getPrototypeOf(last) === Object.prototype;
  if ((kwargsSpec?.num_children ?? 0) > 0 && callArgs.length === nArgs + 1 && isPlain) {
    return [callArgs.slice(0, -1), last as Record<string, unknown>];
  }
  return [callArgs, {}];
}


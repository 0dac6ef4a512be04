// torch.export.unflatten's outlining (torch/export/unflatten.py `_ModuleFrame`): walks the flat
// exported graph in order and, from each node's nn_module_stack, copies it into the graph of the
// module call it ran in. A call's graph gets a placeholder for every value it reads from outside
// (prepended, so the first value read is the last placeholder) and returns the values used after
// it; the parent graph gets a `call_module` node taking those values and reading its outputs back
// (`getitem` when there are several). A call whose signature was preserved instead takes and
// returns exactly its exported in/out specs: `tree_flatten_spec` / `tree_unflatten` around it.
import { Graph, Node, Tuple, operator, type Argument } from "../fx/index.js";
import { mapKwargs, mapList } from "../fx/args.js";
import { lookupOp } from "../ops/index.js";
import type { Module } from "../nn/module.js";
import { Module as ModuleClass } from "../nn/module.js";
import type { TreeSpec } from "../pytree/index.js";
import type { ExportGraphSignature } from "./signature.js";
import type { ModuleCallArgument } from "./exported_program.js";
import type { OpOverload } from "../ops/registry.js";
import { EMPTY_STACK_KEY } from "../export/module_stack.js";
import {
  EMPTY_DICT, InterpreterModule, TREE_FLATTEN_SPEC, TREE_UNFLATTEN, UnflattenError, getAttrPath, setPlainAttr,
} from "./unflatten_runtime.js";

/** A preserved module call signature (ModuleCallSignature), with its specs parsed. */
export interface CallSignature {
  inputs: readonly ModuleCallArgument[];
  outputs: readonly ModuleCallArgument[];
  in_spec: TreeSpec;
  out_spec: TreeSpec;
}

/** A module with a graph of its own: the UnflattenedModule root or an InterpreterModule. */
export interface GraphOwner extends Module {
  graph: Graph;
}

/** One call of a submodule, as the outliner met it (`_SubmoduleEntry`). */
export interface SubmoduleEntry {
  parentFqn: string;
  parentModule: GraphOwner;
  parentCallModule: Node;
  fqn: string;
  callIdx: number;
  module: GraphOwner;
}

/** [fqn, module type (null for the root), call index]. */
type StackEntry = readonly [string, string | null, number];

interface OutlineContext {
  flatGraph: Graph;
  nodes: readonly Node[];
  seenNodes: Map<string, Node>;
  seenModules: Map<string, SubmoduleEntry[]>;
  seenAttrs: Map<string, Set<string>>;
  createdModules: Map<string, GraphOwner>;
  moduleCallGraph: Map<string, CallSignature>;
  ivals: IVals;
}

/**
 * `_IVals`: the intermediate values of mutations that a preserved call reads although another
 * call computed them. A functionalized in-place op (`add = aten.add(buf, 1)` standing for
 * `buf.add_(1)`) is read as its first argument, and the module that computed it later gets the
 * original mutation back (`copy_(buf, add)` right after it), so the value flows through the state.
 */
export class IVals {
  /** Per module FQN, the names of the intermediate values read elsewhere. */
  private readonly namesByFqn = new Map<string, Set<string>>();

  read(frame: ModuleFrame, node: Node): Node {
    if (node.op !== "call_function") throw new UnflattenError(`expected node.op to be 'call_function', got '${node.op}'`);
    const target = node.target as Partial<OpOverload>;
    if (target.isMutable !== true) {
      const stack = Object.values(node.meta.nn_module_stack ?? {});
      const fqn = stack.length > 0 ? stack[stack.length - 1]![0] : "";
      const names = this.namesByFqn.get(fqn) ?? new Set<string>();
      names.add(node.name);
      this.namesByFqn.set(fqn, names);
    }
    const first = node.args[0];
    if (!(first instanceof Node)) throw new UnflattenError(`the intermediate value '${node.name}' does not mutate a graph value`);
    return frame.remapInput(first);
  }

  /** Performs the recorded mutations where their values were computed. */
  update(partitions: Iterable<SubmoduleEntry[]>): void {
    const copy = lookupOp("copy_.default")!;
    for (const shared of partitions) {
      for (const entry of shared) {
        const names = this.namesByFqn.get(entry.fqn);
        if (names === undefined) continue;
        const graph = entry.module.graph;
        for (const node of graph.nodes.filter((n) => names.has(n.name))) {
          const made = graph.with_inserting_after(node, () => graph.create_node("call_function", copy, [node.args[0]!, node]));
          made.meta = { ...node.meta };
        }
      }
    }
  }
}

/** `_call_name`: `base`, `base@1`, `base@2`, ... for the 1st, 2nd, 3rd call. */
export function callName(base: string, n: number): string {
  return n === 1 ? base : `${base}@${n - 1}`;
}

/** `_is_prefix` on strings: strictly shorter and a prefix. */
function isPrefixStr(candidate: string, target: string): boolean {
  return candidate.length < target.length && target.startsWith(candidate);
}

function isPrefixStack(a: readonly StackEntry[], b: readonly StackEntry[]): boolean {
  return a.length < b.length && stackEquals(a, b.slice(0, a.length));
}

function stackEquals(a: readonly StackEntry[], b: readonly StackEntry[]): boolean {
  return a.length === b.length && a.every((e, i) => e[0] === b[i]![0] && e[1] === b[i]![1] && e[2] === b[i]![2]);
}

/** `_compute_accessor`: the child's path relative to its parent. */
export function computeAccessor(parentFqn: string, childFqn: string): string {
  if (parentFqn === "") return childFqn;
  const p = parentFqn.split(".");
  const c = childFqn.split(".");
  if (c.slice(0, p.length).join(".") !== p.join(".")) {
    throw new UnflattenError(
      `Child module '${childFqn}' is not a descendant of parent module '${parentFqn}'.` +
        "This is currently unsupported." +
        "Please try to make child module attach to parent module directly.",
    );
  }
  return c.slice(p.length).join(".");
}

/** `_add_submodule`: registers `child` at the dotted `target`, making the modules on the way. */
export function addSubmodule(root: Module, target: string, child: Module, create: (fqn: string) => Module = () => new ModuleClass()): void {
  const atoms = target.split(".");
  const field = atoms.pop()!;
  let mod = root;
  atoms.forEach((item, i) => {
    let sub = getAttrPath(mod, [item]);
    if (sub === undefined || sub === null) {
      sub = create(atoms.slice(0, i + 1).join("."));
      mod.register_module(item, sub as Module);
    }
    if (!(sub instanceof ModuleClass)) throw new UnflattenError(`'${item}' in '${target}' is not a module`);
    mod = sub;
  });
  mod.add_module(field, child);
}

/** Adds `spec` as `_spec_<i>` on the module (`_add_spec`); returns the name. */
function addSpec(mod: Module, spec: TreeSpec): string {
  let i = 0;
  while (`_spec_${i}` in mod) i++;
  const name = `_spec_${i}`;
  setPlainAttr(mod, name, spec);
  return name;
}

function generateFlattenSpec(mod: GraphOwner, value: Argument, spec: TreeSpec): Node {
  const specNode = mod.graph.get_attr(addSpec(mod, spec));
  return mod.graph.call_function(TREE_FLATTEN_SPEC, [value, specNode]);
}

function generateUnflatten(mod: GraphOwner, leaves: Argument, spec: TreeSpec): Node {
  const specNode = mod.graph.get_attr(addSpec(mod, spec));
  return mod.graph.call_function(TREE_UNFLATTEN, [leaves, specNode]);
}

// Calls export deduplicates (sym sizes and the like): copied into a preserved call's graph
// rather than passed in.
const SYM_TARGETS = new Set([
  "torch.ops.aten.sym_size.int", "torch.ops.aten.item.default", "torch.ops.aten.unbind.int",
  "torch.ops.aten.sum.dim_IntList", "torch.ops.aten.view.default", "torch.ops.aten.diff.default",
]);


export class ModuleFrame {
  readonly fqn: string;
  readonly childFqn: string;
  readonly module: GraphOwner;
  readonly graph: Graph;
  /** Flat-graph node → its copy in this graph. */
  readonly nodeMap = new Map<Node, Node>();
  /** Flat-graph node → the placeholder (or signature input) standing for it here. */
  readonly nodeToPlaceholder = new Map<Node, Node>();
  readonly parentCallModule: Node | null = null;

  constructor(
    private readonly ctx: OutlineContext,
    private readonly parent: ModuleFrame | null,
    private readonly moduleStack: readonly StackEntry[],
    moduleId: string,
    module?: GraphOwner,
  ) {
    const [fqn, ty, numCalls] = moduleStack[moduleStack.length - 1]!;
    this.fqn = fqn;
    this.childFqn = callName(fqn, numCalls + 1);
    this.module = module ?? ctx.createdModules.get(fqn) ?? (new InterpreterModule(new Graph(), ty) as GraphOwner);
    this.graph = this.module.graph;
    if (parent === null) return;

    const accessor = computeAccessor(parent.fqn, this.childFqn);
    const create = (rel: string): Module => {
      const path = parent.fqn ? `${parent.fqn}.${rel}` : rel;
      const known = ctx.createdModules.get(path);
      if (known !== undefined) return known;
      const made = new InterpreterModule(new Graph(), ty) as GraphOwner;
      ctx.createdModules.set(path, made);
      return made;
    };
    addSubmodule(parent.module, accessor, this.module, create);
    this.parentCallModule = parent.graph.call_module(accessor);
    const seen = ctx.seenModules.get(moduleId) ?? [];
    ctx.seenModules.set(moduleId, seen);
    if (seen.length > 0) this.module._modules = seen[0]!.module._modules;
    seen.push({
      parentFqn: parent.fqn, parentModule: parent.module, parentCallModule: this.parentCallModule,
      fqn, callIdx: numCalls + 1, module: this.module,
    });

    const signature = ctx.moduleCallGraph.get(this.childFqn);
    if (signature !== undefined) this.preserveSignature(signature, parent);
  }

  // The call takes (args, kwargs) as its exported in_spec says: placeholders `_positional_arg_<i>`,
  // flattened by the spec into the values the flat graph used; the parent builds them the same way.
  private preserveSignature(signature: CallSignature, parent: ModuleFrame): void {
    const inSpec = signature.in_spec;
    const [argsSpec, kwargsSpec] = inSpec.children_specs;
    if (inSpec.num_children !== 2 || inSpec.type?.builtin !== "tuple") {
      throw new UnflattenError(`expected in_spec to be a tuple of 2 children, got ${inSpec}`);
    }
    if (argsSpec!.type?.builtin !== "tuple") throw new UnflattenError(`expected args_spec.type to be tuple, got ${argsSpec}`);
    if (kwargsSpec!.type?.builtin !== "dict") throw new UnflattenError(`expected kwargs_spec.type to be dict, got ${kwargsSpec}`);
    if (kwargsSpec!.num_children > 0) {
      throw new UnflattenError(`pt2js cannot unflatten the preserved call of '${this.childFqn}' with keyword arguments`);
    }
    this.graph.with_inserting_after(null, () => {
      const argNodes = Array.from({ length: argsSpec!.num_children }, (_, i) => this.graph.placeholder(`_positional_arg_${i}`));
      const flatArgs = generateFlattenSpec(this.module, new Tuple<Argument>([new Tuple<Argument>(argNodes), EMPTY_DICT]), inSpec);
      signature.inputs.forEach((arg, idx) => {
        const constant = typeof arg !== "string";
        const name = constant ? `_constant_${idx}` : arg;
        const node = this.graph.create_node("call_function", operator.getitem, [flatArgs, idx], {}, name);
        if (constant) return;
        const seen = this.ctx.seenNodes.get(name);
        if (seen !== undefined) {
          node.meta = { ...seen.meta };
          this.nodeToPlaceholder.set(seen, node);
        }
      });
    });
    const call = this.parentCallModule!;
    const argNodes = parent.graph.with_inserting_before(call, () => {
      const inputs: Argument[] = signature.inputs.map((arg) => {
        if (typeof arg !== "string") return arg.value as Argument;
        const seen = this.ctx.seenNodes.get(arg);
        return seen === undefined ? null : parent.remapInput(seen);
      });
      const tree = generateUnflatten(parent.module, inputs, inSpec);
      const args = parent.graph.call_function(operator.getitem, [tree, 0]);
      parent.graph.call_function(operator.getitem, [tree, 1]);
      return Array.from({ length: argsSpec!.num_children }, (_, i) => parent.graph.call_function(operator.getitem, [args, i]));
    });
    call.args = argNodes;
  }

  private addPlaceholder(x: Node): void {
    if (this.fqn === "") throw new UnflattenError(`Cannot add placeholder ${x.name} to root module`);
    const ph = this.graph.with_inserting_before(null, () => this.graph.placeholder(x.name));
    ph.meta = { ...x.meta };
    this.nodeToPlaceholder.set(x, ph);
  }

  private copySymCallFunction(x: Node): Node {
    const remap = (n: Node): Argument => this.remapInput(n);
    const node = this.graph.call_function(x.target as never, mapList(x.args, remap), mapKwargs(x.kwargs, remap));
    node.meta = { ...x.meta };
    this.nodeMap.set(x, node);
    return node;
  }

  /** The value standing for flat-graph node `x` in this graph (a new input when it comes from outside). */
  remapInput(x: Node): Node {
    if (x.graph !== this.ctx.flatGraph) throw new UnflattenError("expected x.graph to be flat_graph, got different graph");
    const mapped = this.nodeMap.get(x) ?? this.nodeToPlaceholder.get(x);
    if (mapped !== undefined) return mapped;
    const preserved = this.ctx.moduleCallGraph.has(this.fqn);
    if (x.op === "placeholder" || !preserved) {
      this.addPlaceholder(x);
      const call = this.parentCallModule;
      if (call !== null) {
        // Prepended, as the placeholders are.
        this.parent!.graph.with_inserting_before(call, () => {
          call.args = [this.parent!.remapInput(x), ...call.args];
        });
      }
      return this.nodeToPlaceholder.get(x)!;
    }
    if (x.op === "call_function" && typeof x.target !== "string" && (SYM_TARGETS.has(x.target.qualifiedName) || x.target.qualifiedName.startsWith("_operator."))) {
      return this.copySymCallFunction(x);
    }
    // x is the intermediate value of a mutation: read the mutated value, mutate it where x is made.
    if (preserved) return this.ctx.ivals.read(this, x);
    throw new UnflattenError(`Could not run remap_input() on op type: ${x.op} for node ${x.name}`);
  }

  private finalizeOutputs(): void {
    this.ctx.createdModules.delete(this.fqn);
    const origOutputs: Array<Node | null> = [];
    const signature = this.ctx.moduleCallGraph.get(this.childFqn);
    let graphOutputs: Node | Node[];
    let parentOut: Node | null;
    if (signature !== undefined && this.parent !== null) {
      for (const out of signature.outputs) origOutputs.push(typeof out === "string" ? (this.ctx.seenNodes.get(out) ?? null) : null);
      const actual = (o: Node | null): Node | null => {
        if (o === null) return null;
        const n = this.nodeMap.get(o) ?? this.nodeToPlaceholder.get(o);
        if (n === undefined) throw new UnflattenError(`Could not find output node ${o.name}. Graph: ${this.graph}`);
        return n;
      };
      graphOutputs = generateUnflatten(this.module, new Tuple<Argument>(origOutputs.map(actual)), signature.out_spec);
      parentOut = generateFlattenSpec(this.parent.module, this.parentCallModule!, signature.out_spec);
    } else {
      const outs: Node[] = [];
      for (const [orig, copy] of this.nodeMap) {
        if (orig.users.some((u) => !this.ctx.seenNodes.has(u.name))) {
          origOutputs.push(orig);
          outs.push(copy);
        }
      }
      parentOut = this.parentCallModule;
      graphOutputs = outs.length === 1 ? outs[0]! : outs;
    }
    this.graph.output(graphOutputs);
    if (parentOut === null) return;
    parentOut.meta.val = graphOutputs instanceof Node ? graphOutputs.meta.val : graphOutputs.map((o) => o.meta.val);
    if (origOutputs.length === 1 && signature === undefined) {
      this.parent!.nodeMap.set(origOutputs[0]!, parentOut);
      return;
    }
    origOutputs.forEach((orig, i) => {
      if (orig === null) return;
      const item = this.parent!.graph.call_function(operator.getitem, [parentOut!, i]);
      item.meta.val = orig.meta.val;
      this.parent!.nodeMap.set(orig, item);
    });
  }

  private copyNode(node: Node): void {
    this.nodeMap.set(node, this.graph.node_copy(node, (n) => this.remapInput(n)));
    this.ctx.seenNodes.set(node.name, node);
  }

  /** The root frame: inputs, then everything, then the output. */
  runOuter(): void {
    const nodes = this.ctx.nodes;
    let i = 0;
    while (i < nodes.length && nodes[i]!.op === "placeholder") this.copyNode(nodes[i++]!);
    this.runFrom(i);
    for (const node of nodes) if (node.op === "output") this.copyNode(node);
  }

  runFrom(start: number): number {
    const nodes = this.ctx.nodes;
    let idx = start;
    while (idx < nodes.length) {
      const node = nodes[idx]!;
      if (node.op === "placeholder") throw new UnflattenError(`unexpected placeholder node at index ${idx}`);
      const depth = this.moduleStack.length;
      if (node.op === "output") {
        if (depth === 1) return idx;
        this.finalizeOutputs();
        return idx;
      }
      const stack = node.meta.nn_module_stack;
      const keys = stack ? Object.keys(stack) : [];
      if (stack === null || stack === undefined || keys.length === 0) {
        throw new UnflattenError(`Unable to find nn_module_stack for node ${node.name}`);
      }
      const nodeStack: StackEntry[] =
        keys.length === 1 && keys[0] === EMPTY_STACK_KEY
          ? [...this.moduleStack]
          : keys.map((k) => {
              const [path, ty] = stack[k]!;
              return [path, path ? ty : null, k.includes("@") ? Number(k.split("@").pop()) : 0] as const;
            });
      if (!stackEquals(nodeStack.slice(0, depth), this.moduleStack)) {
        // This module's call is over: the node starts another one.
        this.finalizeOutputs();
        return idx;
      }
      if (isPrefixStack(this.moduleStack, nodeStack)) {
        const next = nodeStack[depth]!;
        const key = keys[depth]!;
        idx = new ModuleFrame(this.ctx, this, [...this.moduleStack, next], key.split("@")[0]!).runFrom(idx);
        continue;
      }
      if (node.op === "get_attr") {
        const attrs = this.ctx.seenAttrs.get(this.childFqn) ?? new Set<string>();
        attrs.add(node.target as string);
        this.ctx.seenAttrs.set(this.childFqn, attrs);
      }
      this.copyNode(node);
      idx++;
    }
    return idx;
  }
}

/** `_outline_submodules`: fills the root's graph and builds its InterpreterModules. */
export function outlineSubmodules(
  flatGraph: Graph,
  root: GraphOwner,
  moduleCallGraph: Map<string, CallSignature>,
  ivals: IVals,
): { seenModules: Map<string, SubmoduleEntry[]>; seenAttrs: Map<string, Set<string>> } {
  const ctx: OutlineContext = {
    flatGraph,
    nodes: flatGraph.nodes,
    seenNodes: new Map(),
    seenModules: new Map(),
    seenAttrs: new Map(),
    createdModules: new Map(),
    moduleCallGraph,
    ivals,
  };
  new ModuleFrame(ctx, null, [["", null, 0]], "", root).runOuter();
  return { seenModules: ctx.seenModules, seenAttrs: ctx.seenAttrs };
}

/** A copy of `graph` (nodes, names, meta), which the passes below may edit. */
export function copyGraph(graph: Graph): Graph {
  const g = new Graph();
  const map = new Map<Node, Node>();
  for (const n of graph.nodes) map.set(n, g.node_copy(n, (a) => map.get(a)!));
  return g;
}

/**
 * `_fix_nn_module_stacks`: keeps each node's stack only as far as its FQNs nest (each a prefix
 * of the next), dropping the rest.
 */
export function fixNnModuleStacks(graph: Graph): void {
  for (const node of graph.nodes) {
    const stack = node.meta.nn_module_stack;
    if (!stack) continue;
    const entries = Object.entries(stack);
    if (entries.length === 0) continue;
    const fqns = entries.map(([, [path]]) => path.split("@")[0]!);
    let prev = fqns[0]!;
    let valid = 1;
    for (const cur of fqns.slice(1)) {
      if (!isPrefixStr(prev, cur)) break;
      valid++;
      prev = cur;
    }
    if (valid < entries.length) node.meta.nn_module_stack = Object.fromEntries(entries.slice(0, valid));
  }
}

/** `_root_module_type`: the type of the root entry of the first stack that has one. */
export function rootModuleType(graph: Graph): string | null {
  for (const node of graph.nodes) {
    for (const [path, ty] of Object.values(node.meta.nn_module_stack ?? {})) if (!path) return ty;
  }
  return null;
}

/**
 * `_inplace_buffer_and_input_mutations`: a mutated buffer or input, returned by the functional
 * graph, becomes a `copy_` into its placeholder right where the new value is computed.
 */
export function inplaceBufferAndInputMutations(graph: Graph, sig: ExportGraphSignature): void {
  const output = graph.output_node();
  const ret = output.args[0];
  const returned: readonly Argument[] = ret instanceof Tuple ? ret.items : Array.isArray(ret) ? ret : [ret as Argument];
  const byName = new Map(graph.nodes.filter((n) => n.op === "placeholder").map((n) => [n.name, n]));
  const bufferInput = new Map([...sig.inputs_to_buffers].map(([input, fqn]) => [fqn, input]));
  const mutationToInput = new Map<string, string>();
  for (const spec of sig.output_specs) {
    if (spec.kind === "BUFFER_MUTATION") mutationToInput.set(spec.arg.name, bufferInput.get(spec.target!)!);
    else if (spec.kind === "USER_INPUT_MUTATION") mutationToInput.set(spec.arg.name, spec.target!);
  }
  const num = mutationToInput.size;
  if (num === 0) return;
  const copy = lookupOp("copy_.default")!;
  for (const mutation of returned.slice(0, num)) {
    if (!(mutation instanceof Node)) throw new UnflattenError("a mutation output is not a node");
    const input = byName.get(mutationToInput.get(mutation.name)!);
    if (input === undefined) throw new UnflattenError(`no placeholder for the input mutated by '${mutation.name}'`);
    const node = graph.with_inserting_after(mutation, () => graph.create_node("call_function", copy, [input, mutation]));
    node.meta = { ...mutation.meta };
    mutation.replace_all_uses_with(node, (u) => u !== node);
  }
  output.args = [new Tuple<Argument>(returned.slice(num))];
}


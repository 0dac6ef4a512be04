// torch.export.export in non-strict mode (torch/export/_trace.py): fake inputs with symbolic sizes,
// a traced graph of ATen ops, parameters/buffers/constants lifted to placeholders, the constraint
// check, and the ExportedProgram.
import { ShapeEnv, type DimConstraint } from "../core/shape_env.js";
import { solveConstraints, DRAFT_EXPORT_HINT, type TrackedDim } from "../core/solver.js";
import { Graph, GraphModule, Node, Tuple as FxTuple, type Argument } from "../fx/index.js";
import { withDispatchMode } from "../ops/dispatch.js";
import { tuple, tree_flatten, tree_leaves_with_path, keystr, treespec_dumps, type KeyPath } from "../pytree/index.js";
import { SymInt, type Size } from "../symbolic/symint.js";
import { Tensor } from "../tensor/tensor.js";
import { ExportedProgram } from "../program/exported_program.js";
import { ExportGraphSignature, type InputSpec, type OutputSpec } from "../program/signature.js";
import type { RangeConstraint } from "../program/range_constraints.js";
import { parameterList } from "./arg_names.js";
import { DerivedDim, DimHint, NamedDim, INT_OO } from "./dim.js";
import { tensorSpecs, type TensorSpec, type DimSpec } from "./dynamic_shapes.js";
import { UserError } from "./errors.js";
import { enterModule, exitModule, resetModuleStack } from "./module_stack.js";
import { TraceMode, tensorMeta } from "./trace_mode.js";

/** What export needs of a module (nn.Module provides it). */
export interface ExportableModule {
  forward(...args: never[]): unknown;
  named_parameters(): Iterable<[string, Tensor]>;
  named_buffers(): Iterable<[string, Tensor]>;
  /** FQNs of buffers left out of the state_dict. */
  non_persistent_buffers?(): Iterable<string>;
  /** Plain tensor attributes (lifted as constants), by FQN. */
  named_tensor_constants?(): Iterable<[string, Tensor]>;
  /** forward's parameter names, for minified code. */
  forwardArgNames?: readonly string[];
  /** PyTorch's type name of the module class (`__main__.MLP`). */
  readonly __module_type__?: string;
}

export interface ExportOptions {
  kwargs?: Record<string, unknown>;
  dynamic_shapes?: unknown;
  strict?: boolean;
  preserve_module_call_signature?: readonly string[];
  prefer_deferred_runtime_asserts_over_guards?: boolean;
}

/** torch.export.export(mod, args, { kwargs, dynamic_shapes, ... }). */
export function exportModule(mod: ExportableModule, args: readonly unknown[], options: ExportOptions = {}): ExportedProgram {
  if (options.strict) {
    throw new UserError(
      "strict=True export traces Python bytecode with TorchDynamo, which is not available in JavaScript; pt2js exports in non-strict mode (strict=False)",
    );
  }
  if (typeof (mod as { forward?: unknown }).forward !== "function") {
    throw new UserError(`Expected \`mod\` to be an instance of \`torch.nn.Module\`, got ${describe(mod)}.`);
  }
  const kwargs = options.kwargs ?? {};
  const combined = combineArgs(mod, args, kwargs);
  const specs = tensorSpecs(combined, options.dynamic_shapes);

  const env = new ShapeEnv({ preferDeferredRuntimeAsserts: options.prefer_deferred_runtime_asserts_over_guards ?? false });
  try {
    return trace(mod, args, kwargs, combined, specs, env);
  } finally {
    resetModuleStack();
  }
}

// inspect.signature(forward).bind(*args, **kwargs).arguments: parameter name → value.
function combineArgs(mod: ExportableModule, args: readonly unknown[], kwargs: Record<string, unknown>): Map<string, unknown> {
  const params = parameterList(mod.forward as never, mod.forwardArgNames);
  const combined = new Map<string, unknown>();
  params.forEach((p, i) => {
    if (p.rest) {
      if (i < args.length) combined.set(p.name, tuple(...args.slice(i)));
      return;
    }
    if (i < args.length) combined.set(p.name, args[i]);
    else if (p.name in kwargs) combined.set(p.name, kwargs[p.name]);
  });
  if (args.length > params.length && !params.some((p) => p.rest)) {
    throw new UserError(`forward() takes ${params.length} positional arguments but ${args.length} were given`);
  }
  for (const k of Object.keys(kwargs)) {
    if (!params.some((p) => p.name === k)) throw new UserError(`forward() got an unexpected keyword argument '${k}'`);
  }
  return combined;
}

/** A user input dimension after fake-input creation. */
interface InputDim {
  source: string;
  spec: DimSpec;
  size: Size;
}

function trace(
  mod: ExportableModule,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  combined: Map<string, unknown>,
  specs: TensorSpec[],
  env: ShapeEnv,
): ExportedProgram {
  const graph = new Graph();
  const mode = new TraceMode(graph);

  // Fake user inputs with symbols named after their sources (L['x'].size()[0] → s77).
  const fakes = new Map<Tensor, Tensor>();
  const inputDims: InputDim[] = [];
  for (const spec of specs) {
    const base = `L${keystr(spec.path)}`;
    const shape = spec.tensor.shape.map((d, i) => {
      const source = `${base}.size()[${i}]`;
      const size = fakeSize(env, source, d as number, spec.dims[i] ?? null);
      inputDims.push({ source, spec: spec.dims[i] ?? null, size });
      return size;
    });
    fakes.set(spec.tensor, Tensor.fake(shape, spec.tensor.dtype));
  }

  // Placeholders: parameters, buffers, constants, then user inputs (PyTorch's order).
  const inputSpecs: InputSpec[] = [];
  const stateDict = new Map<string, Tensor>();
  const constants = new Map<string, Tensor>();
  const nonPersistent = new Set(mod.non_persistent_buffers?.() ?? []);
  const swaps: Array<[string, Tensor, Tensor]> = [];
  const lift = (fqn: string, t: Tensor, prefix: string, kind: InputSpec["kind"], persistent: boolean | null) => {
    const node = graph.placeholder(`${prefix}_${fqn.replace(/\./g, "_").toLowerCase()}`);
    const fake = Tensor.fake(t.shape, t.dtype, t._stride, t._offset);
    fake.requires_grad = t.requires_grad;
    node.meta.val = tensorMeta(fake);
    mode.bindTensor(fake, node);
    swaps.push([fqn, t, fake]);
    inputSpecs.push({ kind, arg: { kind: "TensorArgument", name: node.name }, target: fqn, persistent });
  };
  for (const [fqn, p] of mod.named_parameters()) {
    lift(fqn, p, "p", "PARAMETER", null);
    stateDict.set(fqn, p);
  }
  for (const [fqn, b] of mod.named_buffers()) {
    const persistent = !nonPersistent.has(fqn);
    lift(fqn, b, "b", "BUFFER", persistent);
    (persistent ? stateDict : constants).set(fqn, b);
  }
  for (const [fqn, c] of mod.named_tensor_constants?.() ?? []) {
    lift(fqn, c, "c", "CONSTANT_TENSOR", null);
    constants.set(fqn, c);
  }
  const [leavesWithPath] = [tree_leaves_with_path(combinedTree(combined))];
  const userLeaves: unknown[] = [];
  for (const [path, leaf] of leavesWithPath) {
    const name = placeholderName(path);
    const node = graph.placeholder(name);
    if (leaf instanceof Tensor) {
      const fake = fakes.get(leaf)!;
      node.meta.val = tensorMeta(fake);
      mode.bindTensor(fake, node);
      userLeaves.push(fake);
      inputSpecs.push({ kind: "USER_INPUT", arg: { kind: "TensorArgument", name: node.name }, target: null, persistent: null });
    } else {
      node.meta.val = leaf as never;
      userLeaves.push(leaf);
      inputSpecs.push({ kind: "USER_INPUT", arg: { kind: "ConstantArgument", name: node.name, value: leaf }, target: null, persistent: null });
    }
  }

  // Run forward on the fakes, with the module's state swapped for fake tensors.
  const fakeArgs = args.map((a) => replaceTensors(a, fakes));
  const fakeKwargs = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, replaceTensors(v, fakes)]));
  for (const [fqn, , fake] of swaps) setAttr(mod, fqn, fake);
  let result: unknown;
  try {
    result = withDispatchMode(mode, () => {
      enterModule("", mod.__module_type__ ?? `__main__.${mod.constructor.name}`);
      try {
        return (mod.forward as (...a: unknown[]) => unknown).call(mod, ...fakeArgs, ...kwargsAsArgs(fakeKwargs, combined, args.length));
      } finally {
        exitModule();
      }
    });
  } finally {
    for (const [fqn, real] of swaps) setAttr(mod, fqn, real);
  }

  // Outputs: the flattened result as a tuple.
  const [outLeaves, outSpec] = tree_flatten(result);
  const outputSpecs: OutputSpec[] = [];
  const outNodes: Argument[] = outLeaves.map((leaf) => {
    const node = outputNode(mode, leaf);
    outputSpecs.push({
      kind: "USER_OUTPUT",
      arg: node instanceof Node ? { kind: leaf instanceof Tensor ? "TensorArgument" : "SymIntArgument", name: node.name } : { kind: "ConstantArgument", name: String(node), value: node },
      target: null,
    });
    return node;
  });
  graph.output(new FxTuple(outNodes));
  graph.eliminate_dead_code();

  checkConstraints(env, inputDims, specs);

  const inSpec = treespec_dumps(tree_flatten(tuple(tuple(...args), kwargs))[1]);
  const forwardArgNames = [...combined.keys()];
  return new ExportedProgram(
    new GraphModule(graph),
    new ExportGraphSignature(inputSpecs, outputSpecs),
    stateDict,
    rangeConstraints(env, inputDims),
    [{
      fqn: "",
      signature: { inputs: [], outputs: [], in_spec: inSpec, out_spec: treespec_dumps(outSpec), forward_arg_names: forwardArgNames },
    }],
    constants,
  );
}

function fakeSize(env: ShapeEnv, source: string, hint: number, spec: DimSpec): Size {
  if (spec === null || typeof spec === "number") {
    if (typeof spec === "number" && spec !== hint) {
      throw new UserError(`Expected ${source} to be ${spec}, but the example input has size ${hint}`);
    }
    return hint;
  }
  const constraint = dimConstraint(spec);
  if (spec instanceof DimHint && spec.type === "STATIC") return hint;
  return SymInt.of(env, env.createSymbol(source, hint, constraint));
}

function dimConstraint(spec: NamedDim | DimHint): DimConstraint {
  if (spec instanceof DimHint) return spec.type === "DYNAMIC" ? { kind: "relaxed" } : null;
  return { kind: "strict", min: spec.min, max: spec.max };
}

// After tracing: run produce_guards / DimConstraints and raise PyTorch's error on violations.
function checkConstraints(env: ShapeEnv, dims: readonly InputDim[], specs: readonly TensorSpec[]): void {
  void specs;
  const tracked: TrackedDim[] = [];
  const byName = new Map<string, string>();
  const sourcePairs: Array<[string, string]> = [];
  const derived: Array<{ source: string; root: string; a: number; b: number }> = [];
  const relaxed: string[] = [];
  const named: NamedDim[] = [];
  for (const d of dims) {
    if (!(d.spec instanceof NamedDim) && !(d.spec instanceof DimHint)) continue;
    const expr = d.size instanceof SymInt ? d.size.expr : null;
    if (d.spec instanceof DimHint) {
      if (d.spec.type !== "STATIC") relaxed.push(d.source);
      continue;
    }
    if (d.spec instanceof DerivedDim) {
      const rootSource = byName.get(d.spec.root.__name__);
      if (rootSource !== undefined) derived.push({ source: d.source, root: rootSource, a: d.spec.coefficient, b: d.spec.offset });
    } else {
      const first = byName.get(d.spec.__name__);
      if (first !== undefined) sourcePairs.push([first, d.source]);
      else byName.set(d.spec.__name__, d.source);
      named.push(d.spec);
    }
    if (expr !== null) tracked.push({ source: d.source, expr, constraint: dimConstraint(d.spec) });
  }
  if (tracked.length === 0 && relaxed.length === 0) return;
  const outcome = solveConstraints(env, {
    inputs: tracked,
    sourcePairs,
    derivedEqualities: derived,
    relaxedSources: relaxed,
    dims: named.map((d) => ({ name: d.__name__, min: d.min, max: d.max })),
  });
  if (outcome.message !== null) throw new UserError(outcome.message.endsWith(DRAFT_EXPORT_HINT) ? outcome.message : outcome.message + DRAFT_EXPORT_HINT);
}

// make_constraints: named Dims give the user's bounds; hints and unspecified dims the inferred range.
function rangeConstraints(env: ShapeEnv, dims: readonly InputDim[]): RangeConstraint[] {
  const out = new Map<string, RangeConstraint>();
  for (const d of dims) {
    if (!(d.size instanceof SymInt)) continue;
    const key = d.size.toString();
    const range = d.spec instanceof NamedDim ? { lower: d.spec.min, upper: d.spec.max } : env.bound(d.size.expr);
    const old = out.get(key);
    out.set(key, old === undefined ? { key, ...range } : { key, lower: Math.max(old.lower, range.lower), upper: Math.min(old.upper, range.upper) });
  }
  for (const d of dims) {
    if (!(d.size instanceof SymInt)) continue;
    for (const s of d.size.expr.freeSymbols()) {
      const key = s.toString();
      if (!out.has(key)) out.set(key, { key, ...env.varRange(s) });
    }
  }
  void INT_OO;
  return [...out.values()];
}

function outputNode(mode: TraceMode, leaf: unknown): Argument {
  if (leaf instanceof Tensor) return mode.argument(leaf);
  if (leaf instanceof SymInt) return mode.symNode(leaf.expr);
  return leaf as Argument;
}

// The combined arguments as a dict tree, so leaf paths start with the parameter name.
function combinedTree(combined: Map<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(combined);
}

// `x`, `pair_0`, `cfg_alpha`: a user input's placeholder name from its path.
function placeholderName(path: KeyPath): string {
  return keystr(path)
    .replace(/^\['([^']*)'\]/, "$1")
    .replace(/\[(?:'([^']*)'|(\d+))\]|\.(\w+)/g, (_m, key, idx, attr) => `_${key ?? idx ?? attr}`)
    .replace(/[^A-Za-z0-9_]/g, "_");
}

function replaceTensors(value: unknown, fakes: Map<Tensor, Tensor>): unknown {
  if (value instanceof Tensor) return fakes.get(value) ?? value;
  if (Array.isArray(value)) {
    const mapped = value.map((v) => replaceTensors(v, fakes));
    return Object.isFrozen(value) ? Object.freeze(Object.setPrototypeOf(mapped, Object.getPrototypeOf(value))) : mapped;
  }
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, replaceTensors(v, fakes)]));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceTensors(v, fakes)]));
  }
  return value;
}

// Keyword arguments become trailing positional arguments in parameter order (JS has no kwargs).
function kwargsAsArgs(kwargs: Record<string, unknown>, combined: Map<string, unknown>, nArgs: number): unknown[] {
  const names = [...combined.keys()].slice(nArgs);
  return names.map((n) => kwargs[n]);
}

function setAttr(mod: object, fqn: string, value: Tensor): void {
  const atoms = fqn.split(".");
  let owner = mod as Record<string, unknown>;
  for (const a of atoms.slice(0, -1)) owner = owner[a] as Record<string, unknown>;
  owner[atoms[atoms.length - 1]!] = value;
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return "None";
  return typeof x === "object" || typeof x === "function" ? (x.constructor?.name ?? typeof x) : typeof x;
}

// torch.export.export in non-strict mode (torch/export/_trace.py): fake inputs with symbolic sizes,
// a traced graph of ATen ops, parameters/buffers/constants lifted to placeholders, the constraint
// check, and the ExportedProgram.
import { ConstraintViolationError, GuardError } from "../core/errors.js";
import { ShapeEnv } from "../core/shape_env.js";
import { DRAFT_EXPORT_HINT } from "../core/solver.js";
import { FakeInputs } from "./fake_inputs.js";
import { Module, _withRawAssignment } from "../nn/module.js";
import { setModuleCallHook } from "../nn/hooks.js";
import { Graph, GraphModule, Node, Tuple as FxTuple, isTensorMeta, type Argument } from "../fx/index.js";
import { dispatchHooks, getDispatchMode, withDispatchMode } from "../ops/dispatch.js";
import { keystr, tuple, tree_flatten, treespec_dumps, type KeyPath } from "../pytree/index.js";
import { nodeDefOf } from "../pytree/registry.js";
import { withModuleInputs } from "../nn/module_inputs.js";
import { SymInt, setSymIntOpHook } from "../symbolic/symint.js";
import { SymBool } from "../symbolic/symbool.js";
import { SymFloat } from "../symbolic/symfloat.js";
import { setDataDependentFallback } from "../symbolic/data_dependent.js";
import type { Expr } from "../core/expr.js";
import { Tensor } from "../tensor/tensor.js";
import { ExportedProgram } from "../program/exported_program.js";
import { convertGuardsToCode } from "../program/guards_code.js";
import { ExportGraphSignature, type InputSpec, type OutputSpec } from "../program/signature.js";
import { parameterList } from "./arg_names.js";
import { pyType, tensorSpecs, type IntSpec, type TensorSpec } from "./dynamic_shapes.js";
import { TorchTypeError } from "../ops/errors.js";
import { GuardOnDataDependentSymNode, UserError } from "./errors.js";
import { userFrameOf } from "./stack_trace.js";
import { enterModule, exitModule, resetModuleStack } from "./module_stack.js";
import { TraceMode, SymIntValue } from "./trace_mode.js";
import { LiftedInputs } from "./lifting.js";
import { ModuleCalls } from "./module_calls.js";
import { firstOpsOf, insertDeferredRuntimeAsserts } from "./runtime_asserts.js";
import { AttributeAssignments } from "./attribute_assignment.js";
import { AdditionalInputs, ShapesCollection } from "./shapes_collection.js";

/** What export needs of a module (nn.Module provides it). */
export interface ExportableModule {
  forward(...args: never[]): unknown;
  named_parameters(): Iterable<[string, Tensor]>;
  named_buffers(): Iterable<[string, Tensor]>;
  /** FQNs of buffers left out of the state_dict. */
  non_persistent_buffers?(): Iterable<string>;
  /** Plain tensor attributes (lifted as constants), by FQN. */
  named_tensor_constants?(): Iterable<[string, Tensor]>;
  named_modules?(): Iterable<[string, object]>;
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
/** draft_export's additions to a trace (src/export/draft_export.ts). */
export interface DraftState {
  /** item() values and nonzero counts of a real run, in call order. */
  values: number[];
  /** Decides a data-dependent guard from the real values (null: cannot) and records it. */
  decide(expr: Expr, hints: ReadonlyMap<number, number>, env: ShapeEnv): number | null;
}

export function exportModule(mod: ExportableModule, args: readonly unknown[], options: ExportOptions = {}, draft: DraftState | null = null): ExportedProgram {
  // Modules among the inputs are pytree nodes of their parameters and buffers meanwhile.
  return withModuleInputs([args, options?.kwargs ?? {}], () => exportModuleImpl(mod, args, options, draft));
}

function exportModuleImpl(mod: ExportableModule, args: readonly unknown[], options: ExportOptions, draft: DraftState | null): ExportedProgram {
  options = checkOptions(options);
  if (options.strict) {
    throw new UserError(
      "strict=True export traces Python bytecode with TorchDynamo, which is not available in JavaScript; pt2js exports in non-strict mode (strict=False)",
    );
  }
  if (typeof (mod as { forward?: unknown } | null)?.forward !== "function") {
    throw new UserError(`Expected \`mod\` to be an instance of \`torch.nn.Module\`, got ${describe(mod)}.`);
  }
  const kwargs = options.kwargs ?? {};
  const env = new ShapeEnv({ preferDeferredRuntimeAsserts: options.prefer_deferred_runtime_asserts_over_guards ?? false });
  try {
    checkInputs(args, kwargs);
    const combined = combineArgs(mod, args, kwargs);
    // An AdditionalInputs or ShapesCollection object stands for the dynamic_shapes it makes; the
    // former's examples are then checked against the program (PyTorch's verify_additional_inputs).
    const given = options.dynamic_shapes;
    const dynamicShapes = given instanceof AdditionalInputs || given instanceof ShapesCollection ? given.dynamic_shapes(mod as never, args, kwargs) : given;
    const ints: IntSpec[] = [];
    const specs = tensorSpecs(combined, dynamicShapes, ints);
    const ep = trace(options, mod, args, kwargs, combined, specs, env, draft, ints);
    ep._example_inputs = [[...args], { ...kwargs }];
    if (given instanceof AdditionalInputs) given.verify(ep);
    return ep;
  } catch (error) {
    throw withDraftExportHint(error);
  } finally {
    resetModuleStack();
  }
}

const OPTION_KEYS = new Set(["kwargs", "dynamic_shapes", "strict", "preserve_module_call_signature", "prefer_deferred_runtime_asserts_over_guards"]);

// The options object stands for export's keyword arguments: unknown keys and wrong types are
// Python's TypeError for a bad keyword argument (null/undefined values mean "not given", like None).
function checkOptions(options: ExportOptions | null | undefined): ExportOptions {
  if (options === null || options === undefined) return {};
  if (typeof options !== "object" || Array.isArray(options)) {
    throw new TorchTypeError(`export() takes its keyword arguments as an options object, got ${pyType(options)}`);
  }
  // Other keys are ignored (callers spread objects holding more than the options), except a
  // near-miss of an option's name (`dynamic_shape`, `dynamicShapes`), which would be silently lost.
  for (const key of Object.keys(options)) {
    if (OPTION_KEYS.has(key)) continue;
    const meant = [...OPTION_KEYS].find((k) => editDistance(normalizeKey(k), normalizeKey(key)) <= 1);
    if (meant !== undefined) throw new TorchTypeError(`export() got an unexpected keyword argument '${key}'. Did you mean '${meant}'?`);
  }
  for (const key of ["strict", "prefer_deferred_runtime_asserts_over_guards"] as const) {
    const v = options[key];
    if (v !== undefined && v !== null && typeof v !== "boolean") {
      throw new TorchTypeError(`export(): argument '${key}' must be bool, not ${pyTypeName(v)}`);
    }
  }
  const preserve = options.preserve_module_call_signature as unknown;
  if (preserve !== undefined && preserve !== null) {
    if (!Array.isArray(preserve)) {
      throw new TorchTypeError(`export(): argument 'preserve_module_call_signature' must be tuple of strs, not ${pyTypeName(preserve)}`);
    }
    const bad = preserve.findIndex((f) => typeof f !== "string");
    if (bad >= 0) {
      throw new TorchTypeError(
        `export(): argument 'preserve_module_call_signature' must be tuple of strs, but found element of type ${pyTypeName(preserve[bad])} at pos ${bad}`,
      );
    }
  }
  return { ...options, kwargs: options.kwargs ?? undefined, preserve_module_call_signature: preserve ?? undefined } as ExportOptions;
}

function normalizeKey(k: string): string {
  return k.toLowerCase().replace(/_/g, "");
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

// _process_export_inputs: `args` must be a tuple (a JS array), `kwargs` a dict (a plain object).
function checkInputs(args: unknown, kwargs: unknown): void {
  if (!Array.isArray(args)) {
    throw new UserError(`Expecting \`args\` to be a tuple of example positional inputs, got ${pyType(args)}`);
  }
  const plain = typeof kwargs === "object" && kwargs !== null && !Array.isArray(kwargs) && [Object.prototype, null].includes(Object.getPrototypeOf(kwargs));
  if (!plain) throw new UserError(`Expecting \`kwargs\` to be a dict of example keyword inputs, got ${pyType(kwargs)}`);
}

// `int`, `str`, `NoneType`: the bare name of pyType's `<class 'int'>`.
function pyTypeName(x: unknown): string {
  return pyType(x).slice(8, -2);
}

// torch.export appends a pointer to draft_export to the errors it raises about the export itself.
function withDraftExportHint(error: unknown): unknown {
  const own = error instanceof UserError || error instanceof ConstraintViolationError || error instanceof GuardError;
  if (own && !(error as Error).message.endsWith(DRAFT_EXPORT_HINT)) (error as Error).message += DRAFT_EXPORT_HINT;
  return error;
}

// inspect.signature(forward).bind(*args, **kwargs).arguments: parameter name → value. JavaScript
// has no keyword arguments: a kwarg whose name is a parameter of forward binds to it; the others
// (Python's keyword-only arguments) reach forward as a trailing options object in its last
// parameter, and keep their own names here, as in PyTorch.
function combineArgs(mod: ExportableModule, args: readonly unknown[], kwargs: Record<string, unknown>): Map<string, unknown> {
  const params = parameterList(mod.forward as never, mod.forwardArgNames);
  const combined = new Map<string, unknown>();
  const twice = params.findIndex((p, i) => !p.rest && i < args.length && Object.prototype.hasOwnProperty.call(kwargs, p.name));
  if (twice >= 0) throw new UserError(`forward() got multiple values for argument '${params[twice]!.name}'`);
  // A trailing object pattern holds the keyword-only parameters (arg_names.ts): bound by name only.
  const keywordOnly = params.find((p) => p.keywordOnly !== undefined)?.keywordOnly;
  const positional = keywordOnly === undefined ? params : params.slice(0, -1);
  positional.forEach((p, i) => {
    if (p.rest) {
      if (i < args.length) combined.set(p.name, tuple(...args.slice(i)));
      return;
    }
    if (i < args.length) combined.set(p.name, args[i]);
    else if (p.name in kwargs) combined.set(p.name, kwargs[p.name]);
  });
  if (keywordOnly !== undefined && args.length > positional.length) {
    throw new UserError(`forward() takes ${positional.length} positional arguments but ${args.length} were given`);
  }
  if (args.length > params.length && !params.some((p) => p.rest)) {
    throw new UserError(`forward() takes ${params.length} positional arguments but ${args.length} were given`);
  }
  let extra = Object.keys(kwargs).filter((k) => !params.some((p) => p.name === k));
  const hasRest = params.some((p) => p.rest);
  if (keywordOnly !== undefined) {
    const unexpected = extra.find((k) => !keywordOnly.includes(k));
    if (unexpected !== undefined && !hasRest) throw new UserError(`forward() got an unexpected keyword argument '${unexpected}'`);
    // signature.bind().arguments: keyword-only parameters in their declared order.
    extra = [...keywordOnly.filter((k) => extra.includes(k)), ...extra.filter((k) => !keywordOnly.includes(k))];
  } else if (extra.length > 0 && !hasRest && combined.size >= params.length) {
    throw new UserError(`forward() got an unexpected keyword argument '${extra[0]}'`);
  }
  for (const k of extra) combined.set(k, kwargs[k]);
  return combined;
}

// The user inputs in the program's order, {**bind_partial(*args).arguments, **kwargs}: keyword
// arguments keep the caller's order, as pytree flattens the kwargs dict (dynamic_shapes, matched
// by signature order, use `combined` itself).
function inputOrder(combined: ReadonlyMap<string, unknown>, kwargs: Record<string, unknown>): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of combined) if (!Object.prototype.hasOwnProperty.call(kwargs, k)) out.set(k, v);
  for (const k of Object.keys(kwargs)) if (combined.has(k)) out.set(k, combined.get(k));
  return out;
}

/** forward's arguments: positional ones, kwargs bound by parameter name, the rest as an options object. */
export function callArguments(mod: ExportableModule, args: readonly unknown[], kwargs: Record<string, unknown>): unknown[] {
  const params = parameterList(mod.forward as never, mod.forwardArgNames);
  const call = [...args];
  const options: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    const i = params.findIndex((p) => p.name === k);
    if (i >= 0) call[i] = v;
    else options[k] = v;
  }
  if (Object.keys(options).length > 0) {
    // After a rest parameter the options object follows the positional arguments (`...args, opts`).
    if (params.some((p) => p.rest)) call.push(options);
    else call[params.length - 1] = options;
  }
  return call;
}

function trace(
  options: ExportOptions,
  mod: ExportableModule,
  args: readonly unknown[],
  kwargs: Record<string, unknown>,
  combined: Map<string, unknown>,
  specs: TensorSpec[],
  env: ShapeEnv,
  draft: DraftState | null,
  ints: readonly IntSpec[] = [],
): ExportedProgram {
  const graph = new Graph();
  const mode = new TraceMode(graph);
  if (draft !== null) mode.realValues = [...draft.values];

  const inputs = new FakeInputs(env, specs, ints);
  // Int inputs marked Dim.AUTO / Dim.DYNAMIC are lifted as their SymInts (placeholders `x: Sym(s77)`).
  if (inputs.symInts.size > 0) combined = withSymInts(combined, inputs.symInts);
  const fakes = inputs.fakes;

  // Placeholders: parameters, buffers, constants, then user inputs (PyTorch's order).
  const lifted = new LiftedInputs(graph, mode);
  lifted.lift(mod, inputOrder(combined, kwargs), fakes);
  if (inputs.symInts.size > 0) bindSymIntInputs(graph, mode, lifted.inputSpecs);
  mode.liftConstant = (t) => lifted.liftConstant(t);

  // Run forward on the fakes, with the module's state swapped for fake tensors.
  let fakeArgs = args.map((a) => replaceTensors(a, fakes));
  let fakeKwargs = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, replaceTensors(v, fakes)]));
  if (inputs.symInts.size > 0) [fakeArgs, fakeKwargs] = replaceIntInputs(mod, fakeArgs, fakeKwargs, inputs.symInts);
  const calls = new ModuleCalls(mod, options.preserve_module_call_signature ?? [], mode);
  const swaps = lifted.swaps;
  let result: unknown;
  const previousHook = setModuleCallHook(calls.hook);
  const previousSymHook = setSymIntOpHook((op, a, b, r) => mode.recordSymOp(op, a, b, r));
  // Data-dependent values and sizes (item(), nonzero, boolean masks) are unbacked symbols u0, u1, ...
  const previousFallback = setDataDependentFallback(draft === null ? null : (expr) => draft.decide(expr, mode.unbackedHints, env));
  const previousUnbacked = dispatchHooks.createUnbackedSymInt;
  const previousUnbackedFloat = dispatchHooks.createUnbackedSymFloat;
  dispatchHooks.createUnbackedSymFloat = () => {
    const symbol = env.createUnbackedFloat();
    const current = getDispatchMode();
    (current instanceof TraceMode ? current : mode).pendingUnbacked.push(symbol);
    return new SymFloat(env, symbol);
  };
  dispatchHooks.createUnbackedSymInt = () => {
    const symbol = env.createUnbacked();
    // Bound by the graph being traced: a subgraph's own (item() in a while_loop body) stay there.
    const current = getDispatchMode();
    (current instanceof TraceMode ? current : mode).pendingUnbacked.push(symbol);
    return new SymInt(env, symbol);
  };
  _withRawAssignment(() => swaps.forEach(([fqn, , fake]) => setAttr(mod, fqn, fake)));
  const attributes = mod instanceof Module ? new AttributeAssignments(mod) : null;
  attributes?.start();
  try {
    const callArgs = callArguments(mod, fakeArgs, fakeKwargs);
    // Named TRACE_ROOT (stack_trace.ts) so stack traces can tell the model's frames from the caller's.
    const __pt2js_trace_root__ = () =>
      mod instanceof Module ? (mod as unknown as (...a: unknown[]) => unknown)(...callArgs) : callPlain(mod, callArgs);
    result = withDispatchMode(mode, __pt2js_trace_root__);
    if (attributes !== null) withDispatchMode(mode, () => recordBufferAssignments(attributes, swaps));
  } catch (error) {
    throw dataDependentError(error);
  } finally {
    // restore() raises for attributes created in forward: the hooks are put back all the same.
    try {
      attributes?.restore();
    } finally {
      _withRawAssignment(() => swaps.forEach(([fqn, real]) => setAttr(mod, fqn, real)));
      setModuleCallHook(previousHook);
      setSymIntOpHook(previousSymHook);
      dispatchHooks.createUnbackedSymInt = previousUnbacked;
      dispatchHooks.createUnbackedSymFloat = previousUnbackedFloat;
      setDataDependentFallback(previousFallback);
    }
  }

  // Outputs: the flattened result as a tuple.
  const [outLeaves, outSpec] = tree_flatten(result);
  const outputSpecs: OutputSpec[] = [];
  const outNodes: Argument[] = outLeaves.map((leaf) => {
    const node = outputNode(mode, leaf);
    outputSpecs.push({
      kind: "USER_OUTPUT",
      arg: node instanceof Node ? { kind: argumentKind(leaf), name: node.name } : { kind: "ConstantArgument", name: String(node), value: node },
      target: null,
    });
    return node;
  });
  graph.output(new FxTuple(outNodes));
  // Lifted constants get their targets and names once the graph is complete (unused ones dropped).
  const renamed = lifted.finish(subgraphsOf(mode));
  for (const spec of outputSpecs) {
    const name = renamed.get(spec.arg.name);
    if (name !== undefined) spec.arg = { ...spec.arg, name };
  }
  const firstOps = firstOpsOf(mode);
  mode.materializeInputSymbols(lifted.userPlaceholders);
  insertDeferredRuntimeAsserts(mode, env, firstOps);
  // PyTorch runs the pass on every GraphModule: a subgraph asserts on the symbols it binds (item()
  // in a while_loop body), so each subgraph checks its own.
  const subAsserts = (m: TraceMode): void => {
    for (const [, , sub] of m.submodules) {
      if (sub.unbackedBindings.length > 0) insertDeferredRuntimeAsserts(sub, env);
      subAsserts(sub);
    }
  };
  subAsserts(mode);
  // Only what the tracer made on its own goes when unused (sym_size and getitem nodes); the model's
  // own unused ops stay, as PyTorch keeps them (`zeros_1 = None`).
  graph.eliminate_dead_code((n) => !mode.isTracerMade(n));

  // _trace.py turns the ConstraintViolationError of produce_guards (a failed derived equality on the
  // example inputs) into UserError(CONSTRAINT_VIOLATION), as it does for the solver's violations.
  let outcome;
  try {
    outcome = inputs.solve();
  } catch (error) {
    if (error instanceof ConstraintViolationError) throw new UserError(error.message);
    throw error;
  }
  if (outcome.message !== null) throw new UserError(outcome.message);
  applyReplacements(graph, env);

  const inSpec = treespec_dumps(tree_flatten(tuple(tuple(...args), kwargs))[1]);
  // *args are named one by one (`myargs_0`, `myargs_1`), as PyTorch records forward_arg_names.
  const restName = parameterList(mod.forward as never, mod.forwardArgNames).find((p) => p.rest)?.name;
  const forwardArgNames = [...combined].flatMap(([name, value]) =>
    name === restName && Array.isArray(value) ? value.map((_, i) => `${name}_${i}`) : [name],
  );
  const gm = mode.graphModule();
  return new ExportedProgram(
    gm,
    new ExportGraphSignature(lifted.inputSpecs, outputSpecs),
    lifted.stateDict,
    [...inputs.rangeConstraints(), ...unbackedRanges(mode, env)],
    calls.graph({
      fqn: "",
      signature: { inputs: [], outputs: [], in_spec: inSpec, out_spec: treespec_dumps(outSpec), forward_arg_names: forwardArgNames },
    }),
    lifted.constants,
    convertGuardsToCode(env),
  );
}

function subgraphsOf(mode: TraceMode): Graph[] {
  return mode.submodules.flatMap(([, g, sub]) => [g, ...subgraphsOf(sub)]);
}

// Sizes recorded while tracing are printed as they are after all guards (s77 replaced by s17 once
// the two were found equal), as PyTorch's placeholders and node values are.
function applyReplacements(graph: Graph, env: ShapeEnv): void {
  const fix = (v: unknown): unknown => {
    if (v instanceof SymInt) return SymInt.of(env, env.simplify(v.expr));
    if (v instanceof SymIntValue) return new SymIntValue(env.simplify(v.expr));
    if (Array.isArray(v)) return v.map(fix);
    if (isTensorMeta(v)) {
      const strided = v as typeof v & { stride?: unknown[]; storage_offset?: unknown };
      // Strides also lose the `Max(1, size)` factors of contiguous strides the ranges make redundant.
      const fixStride = (d: unknown): unknown => (d instanceof SymInt ? SymInt.of(env, env.simplifyMax(d.expr)) : d);
      return { ...strided, shape: v.shape.map(fix), stride: strided.stride?.map(fixStride), storage_offset: fix(strided.storage_offset) };
    }
    return v;
  };
  for (const node of graph.nodes) node.meta.val = fix(node.meta.val) as never;
}

// A guard on data (an unbacked symbol) raised in forward becomes GuardOnDataDependentSymNode,
// naming the model's line as PyTorch does ("The following call raised this error").
function dataDependentError(error: unknown): unknown {
  if (!(error instanceof GuardError) || error instanceof GuardOnDataDependentSymNode) return error;
  const text = error.message;
  if (!/^Could not (guard on|extract specialized integer from) data-dependent expression/.test(text)) return error;
  const frame = userFrameOf(error.stack ?? "");
  const out = new GuardOnDataDependentSymNode(frame === null ? text : `${text}\n\nThe following call raised this error:\n${frame}\n`);
  out.stack = error.stack;
  return out;
}

// The ranges of the unbacked symbols still in the program (`u0: VR[0, 18]`), in creation order.
function unbackedRanges(mode: TraceMode, env: ShapeEnv) {
  const seen = new Set<number>();
  return mode.unbackedBindings.flatMap(({ symbol, float }) => {
    if (seen.has(symbol.id)) return [];
    // An unbacked float (zuf0) has the real range [-oo, oo].
    if (float !== true && !env.simplify(symbol).isSymbol()) return [];
    seen.add(symbol.id);
    if (float === true) return [{ key: symbol.toString(), lower: -Infinity, upper: Infinity, float: true }];
    return [{ key: symbol.toString(), ...env.varRange(symbol) }];
  });
}

// A module-like object that is not an nn.Module: its forward, as the root module.
export function callPlain(mod: ExportableModule, callArgs: unknown[]): unknown {
  enterModule("", mod.__module_type__ ?? `__main__.${mod.constructor.name}`);
  try {
    return (mod.forward as (...a: unknown[]) => unknown).call(mod, ...callArgs);
  } finally {
    exitModule();
  }
}

function outputNode(mode: TraceMode, leaf: unknown): Argument {
  if (leaf instanceof Tensor || leaf instanceof SymBool || leaf instanceof SymFloat) return mode.argument(leaf);
  if (leaf instanceof SymInt) return mode.symNode(leaf.expr);
  return leaf as Argument;
}
const argumentKind = (leaf: unknown): "TensorArgument" | "SymIntArgument" | "SymBoolArgument" | "SymFloatArgument" =>
  leaf instanceof Tensor ? "TensorArgument" : leaf instanceof SymBool ? "SymBoolArgument" : leaf instanceof SymFloat ? "SymFloatArgument" : "SymIntArgument";

// The int inputs marked Dim.AUTO / Dim.DYNAMIC become their SymInts in forward's arguments; each
// is found by its path in the combined arguments (`['x']`, `['args'][1]`, `['cfg']['n']`).
function replaceIntInputs(
  mod: ExportableModule,
  args: unknown[],
  kwargs: Record<string, unknown>,
  symInts: ReadonlyMap<string, SymInt>,
): [unknown[], Record<string, unknown>] {
  const params = parameterList(mod.forward as never, mod.forwardArgNames);
  const rest = params.findIndex((p) => p.rest);
  const newArgs = args.map((a, i) => {
    if (rest >= 0 && i >= rest) return substituteInts(a, [{ kind: "mapping", key: params[rest]!.name }, { kind: "sequence", idx: i - rest }], symInts);
    return i < params.length ? substituteInts(a, [{ kind: "mapping", key: params[i]!.name }], symInts) : a;
  });
  const newKwargs = Object.fromEntries(Object.entries(kwargs).map(([k, v]) => [k, substituteInts(v, [{ kind: "mapping", key: k }], symInts)]));
  return [newArgs, newKwargs];
}

function withSymInts(combined: ReadonlyMap<string, unknown>, symInts: ReadonlyMap<string, SymInt>): Map<string, unknown> {
  return new Map([...combined].map(([k, v]) => [k, substituteInts(v, [{ kind: "mapping", key: k }], symInts)]));
}

function substituteInts(value: unknown, path: KeyPath, symInts: ReadonlyMap<string, SymInt>): unknown {
  if (typeof value === "number") return symInts.get(keystr(path)) ?? value;
  if (Array.isArray(value)) {
    const mapped = value.map((v, i) => substituteInts(v, [...path, { kind: "sequence", idx: i }], symInts));
    return Object.isFrozen(value) ? Object.freeze(Object.setPrototypeOf(mapped, Object.getPrototypeOf(value))) : mapped;
  }
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, substituteInts(v, [...path, { kind: "mapping", key: k }], symInts)]));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substituteInts(v, [...path, { kind: "mapping", key: k }], symInts)]));
  }
  return value;
}

// A user input lifted with a SymInt value becomes a SymIntArgument placeholder bound to its symbol,
// so the ops that use the int read the placeholder.
function bindSymIntInputs(graph: Graph, mode: TraceMode, specs: InputSpec[]): void {
  specs.forEach((spec, i) => {
    if (spec.kind !== "USER_INPUT" || spec.arg.kind !== "ConstantArgument" || !(spec.arg.value instanceof SymInt)) return;
    const symInt = spec.arg.value;
    const node = graph.nodes.find((n) => n.op === "placeholder" && n.name === spec.arg.name)!;
    node.meta.val = new SymIntValue(symInt.expr);
    mode.symNodes.set(symInt.expr.id, node);
    specs[i] = { ...spec, arg: { kind: "SymIntArgument", name: node.name } };
  });
}

export function replaceTensors(value: unknown, fakes: Map<Tensor, Tensor>): unknown {
  if (value instanceof Tensor) return fakes.get(value) ?? value;
  if (Array.isArray(value)) {
    const mapped = value.map((v) => replaceTensors(v, fakes));
    return Object.isFrozen(value) ? Object.freeze(Object.setPrototypeOf(mapped, Object.getPrototypeOf(value))) : mapped;
  }
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, replaceTensors(v, fakes)]));
  if (typeof value === "object" && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceTensors(v, fakes)]));
  }
  // A registered pytree class: rebuilt from its mapped children (tree_map).
  const def = nodeDefOf(value);
  if (def !== null && def.builtin === undefined) {
    const [children, context] = def.flatten(value);
    return def.unflatten(children.map((c) => replaceTensors(c, fakes)), context);
  }
  return value;
}

// `this.buf = next` in forward: the buffer's stand-in takes the new value in place (`copy_`), so the
// program updates the buffer as eager forward does.
function recordBufferAssignments(attributes: AttributeAssignments, swaps: ReadonlyArray<[string, Tensor, Tensor]>): void {
  for (const [fqn, value] of attributes.reassignedBuffers()) {
    const fake = swaps.find(([name]) => name === fqn)?.[2];
    if (fake === undefined) continue; // a buffer registered during forward: not part of the lifted state
    if (fake.shape.length !== value.shape.length || fake.shape.some((d, i) => String(d) !== String(value.shape[i])) || fake.dtype !== value.dtype) {
      throw new UserError(
        `forward assigned buffer '${fqn}' a tensor of dtype ${value.dtype.name} and shape [${value.shape.join(", ")}], ` +
          `but it was ${fake.dtype.name} [${fake.shape.join(", ")}]; pt2js records a buffer assignment as an in-place copy_, which keeps the buffer's dtype and shape`,
      );
    }
    fake.copy_(value);
  }
}

export function setAttr(mod: object, fqn: string, value: Tensor): void {
  const atoms = fqn.split(".");
  let owner = mod as Record<string, unknown>;
  for (const a of atoms.slice(0, -1)) owner = owner[a] as Record<string, unknown>;
  owner[atoms[atoms.length - 1]!] = value;
}

function describe(x: unknown): string {
  if (x === null || x === undefined) return "None";
  return typeof x === "object" || typeof x === "function" ? (x.constructor?.name ?? typeof x) : typeof x;
}

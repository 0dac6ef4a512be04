// ExportedProgram.run_decompositions (torch/export/exported_program.py _decompose_exported_program):
// the program retraced into core ATen IR. Every node of the graph runs again on fake tensors under a
// tracer whose dispatch replaces each op that has an entry in the decomposition table by its
// decomposition (src/program/decompositions: TypeScript calls to other ops, which are decomposed in
// turn), keeps the other ops, and functionalizes mutations: an in-place op becomes its functional
// variant, and an input written in place gets a BUFFER_MUTATION / USER_INPUT_MUTATION output, as
// PyTorch's functionalization does. Node metadata (stack trace, module stack, torch_fn) is carried
// over from the node being decomposed; placeholders, the input signature, range constraints and the
// module call graph are kept.
import { Graph, Node, isTensorMeta, makeTarget, operator, type Argument, type GraphModule, type NodeMeta } from "../fx/index.js";
import { Tuple as FxTuple } from "../fx/values.js";
import { dispatch, dispatchHooks, lookupOp, normalizeArgs, withDispatchMode, type Kwargs } from "../ops/index.js";
import { fxArgsOf } from "../ops/dispatch.js";
import { NotImplementedOpError, TorchRuntimeError, TorchTypeError } from "../ops/errors.js";
import type { OpOverload } from "../ops/registry.js";
import { permutedContiguousStrides } from "../ops/impl/layout.js";
import { SymInt, setSymIntOpHook, type Size } from "../symbolic/symint.js";
import { SymFloat } from "../symbolic/symfloat.js";
import { SymBool } from "../symbolic/symbool.js";
import { Tensor } from "../tensor/tensor.js";
import { dtypeFromName } from "../tensor/dtype.js";
import { SymIntValue, TraceMode, tensorMeta } from "../export/trace_mode.js";
import type { Expr } from "../core/expr.js";
import { ShapeEnv as ShapeEnvClass, type ShapeEnv } from "../core/shape_env.js";
import { ExportedProgram } from "./exported_program.js";
import { Interpreter } from "./interpreter.js";
import { ExportGraphSignature, type OutputSpec } from "./signature.js";
import { defaultDecompositions, decompositionKey, IMPLICIT, KEEP, COMPOSITE_IMPLICIT, isInternalDecomposition, type DecompositionTable, type Decomposition } from "./decompositions/index.js";
import { Functionalization, isViewOp } from "./functionalize.js";
import { verifyDecomposed } from "./verifier.js";

const SYM_SIZE = "torch.ops.aten.sym_size.int";
const ASSERT_SCALAR = makeTarget("torch.ops.aten._assert_scalar.default", "_assert_scalar_default", true);

// Dead code after the retrace: unused nodes go, except writes and asserts (an unused random op
// goes too, as in PyTorch's decomposed programs).
function keptWhenUnused(n: Node): boolean {
  if (!n.is_impure()) return false;
  const name = (n.target as { qualifiedName?: string }).qualifiedName;
  const op = name?.startsWith("torch.ops.aten.") ? lookupOp(name) : undefined;
  return op === undefined || !op.tags.includes("nondeterministic_seeded") || op.isMutable;
}

// A user's decomposition must return what the op returns: a Tensor for `-> Tensor`, a list of
// tensors for `-> (Tensor, Tensor)` (checked here so a wrong value fails at its source, not deep in
// the next op's meta function).
function checkDecomposed(op: OpOverload, out: unknown): unknown {
  const returns = op.schema.returns;
  const isTensor = (r: (typeof returns)[number], v: unknown) =>
    r.type.base !== "Tensor" || r.type.isList || v instanceof Tensor || (r.type.optional && (v === null || v === undefined));
  const ok = returns.length === 1 ? isTensor(returns[0]!, out) : returns.length === 0 || (Array.isArray(out) && out.length === returns.length && returns.every((r, i) => isTensor(r, out[i])));
  if (!ok) {
    const what = returns.length === 1 ? "a Tensor" : `a tuple of ${returns.length} values`;
    const got = out === null || out === undefined ? "None" : Array.isArray(out) ? `a list of ${out.length}` : typeof out === "object" ? (out as object).constructor?.name ?? "object" : typeof out;
    throw new TorchTypeError(`run_decompositions: the decomposition of ${op.qualifiedName} returned ${got}, but the op returns ${what}`);
  }
  return out;
}

/** The tracer of run_decompositions: decomposes, functionalizes, and stamps the source node's metadata. */
/** A table entry as pt2js calls it (`fn(fullArgs, op)`): a user's function gets the node's
 * arguments spread, keyword arguments as a trailing object (PyTorch's `decomp(*args, **kwargs)`). */
function callable(fn: Decomposition | undefined, op: OpOverload): Decomposition | undefined {
  if (fn === undefined || isInternalDecomposition(fn)) return fn;
  return (full) => {
    const { args, kwargs } = fxArgsOf(op.schema, full);
    return Object.keys(kwargs).length > 0 ? (fn as (...a: unknown[]) => unknown)(...args, kwargs) : (fn as (...a: unknown[]) => unknown)(...args);
  };
}

class DecompositionMode extends TraceMode {
  /** The node of the original graph being retraced (its metadata goes on every node it becomes). */
  source: Node | null = null;
  readonly functional = new Functionalization((op, args) => this.dispatch(op, args, {}));
  /** The unbacked symbols of the node being retraced, in order: its data-dependent ops make them again. */
  unbacked: SymInt[] = [];

  constructor(
    graph: Graph,
    private readonly table: DecompositionTable,
  ) {
    super(graph);
  }

  override annotate(node: Node, val: NodeMeta["val"]): void {
    node.meta.val = val;
    const src = this.source;
    node.meta.stack_trace = src?.meta.stack_trace ?? null;
    node.meta.nn_module_stack = src?.meta.nn_module_stack ?? undefined;
    if (src?.meta.torch_fn !== undefined) node.meta.torch_fn = src.meta.torch_fn;
    // `custom` is one of _COPY_META_FIELDS: the user's own annotations survive the retrace.
    if (src?.meta.custom !== undefined) node.meta.custom = src.meta.custom;
  }

  /** The current value of a tensor (after the in-place writes traced so far), through lists. */
  current(v: unknown): unknown {
    if (v instanceof Tensor) return this.functional.current(v);
    if (Array.isArray(v)) return v.map((x) => this.current(x));
    return v;
  }

  override dispatch(op: OpOverload, args: readonly unknown[], kwargs: Kwargs): unknown {
    const raw = normalizeArgs(op.schema, args, kwargs);
    const full = this.current(raw) as unknown[];
    if (op.packetName === "_assert_scalar") return this.assertScalar(full[0], String(full[1]));
    if (op.isMutable) return this.functionalize(op, raw, full);
    const key = decompositionKey(op);
    const decomposition = callable(this.table.get(key) ?? IMPLICIT.get(key), op);
    let out: unknown;
    // A decomposition that calls its own op (directly or through others) records it there
    // instead of recursing without end.
    if (decomposition === undefined || decomposition === KEEP || this.decomposing.has(op)) out = this.record(op, full);
    else if (IMPLICIT.has(key) || COMPOSITE_IMPLICIT.has(key)) return this.decompose(op, () => checkDecomposed(op, decomposition(full, op)));
    else {
      this.belowFunctionalization++;
      try {
        out = this.decompose(op, () => checkDecomposed(op, decomposition(full, op)));
      } finally {
        this.belowFunctionalization--;
      }
    }
    if (this.belowFunctionalization === 0 && isViewOp(op)) this.functional.registerView(op, full, out);
    return out;
  }

  private readonly decomposing = new Set<OpOverload>();
  private decompose<T>(op: OpOverload, fn: () => T): T {
    this.decomposing.add(op);
    try {
      return fn();
    } finally {
      this.decomposing.delete(op);
    }
  }

  /** >0 while a decomposition runs below functionalization (PyTorch's Python decompositions). */
  private belowFunctionalization = 0;

  // A runtime assert, as PyTorch's insert_deferred_runtime_asserts writes it again after the
  // retrace: an `_assert_scalar_default` node whose message names the condition's new node.
  private assertScalar(cond: unknown, message: string): null {
    const condNode = cond instanceof SymBool ? this.symNodes.get(cond.expr.id) : undefined;
    const text = condNode === undefined ? message : message.replace(/on node '[^']*'$/, `on node '${condNode.name}'`);
    const node = this.graph.call_function(ASSERT_SCALAR, [this.argument(cond), text]);
    this.annotate(node, null);
    return null;
  }

  /** Records `op` on its full argument list (keyword-only arguments passed by name). */
  private record(op: OpOverload, full: unknown[]): unknown {
    const args: unknown[] = [];
    const kwargs: Kwargs = {};
    op.schema.args.forEach((a, i) => {
      if (a.kwargOnly) kwargs[a.name] = full[i];
      else args.push(full[i]);
    });
    const out = super.dispatch(op, args, kwargs);
    const format = full[op.schema.args.findIndex((a) => a.name === "memory_format")];
    const preserve = format === undefined || format === null || String(format) === "torch.preserve_format";
    return op.tags.includes("pointwise") && preserve ? this.withInputLayout(out, full) : out;
  }

  // A pointwise op's output takes the memory layout of its input when that is a dense permutation
  // (PyTorch's elementwise output strides: `permute(...) * 2` stays permuted), so a later reshape
  // copies where PyTorch's does. The registered meta functions give contiguous outputs.
  private withInputLayout(out: unknown, full: unknown[]): unknown {
    if (!(out instanceof Tensor) || out.dim() < 2) return out;
    const input = full.find((a): a is Tensor => a instanceof Tensor && sameShape(a.shape, out.shape));
    if (input === undefined) return out;
    const stride = this.untraced(() => densePermutedStrides(input));
    if (stride === null || stride.every((d, i) => String(d) === String(out._stride[i]))) return out;
    const node = this.tensorNodes.get(out)!;
    const t = this.untraced(() => Tensor.fake(out.shape, out.dtype, stride, 0));
    this.tensorNodes.set(t, node);
    node.meta.val = tensorMeta(t);
    return t;
  }

  // A SymBool (a runtime assert's condition) is the node that computed it.
  override argument(value: unknown, schemaArg?: Parameters<TraceMode["argument"]>[1]): Argument {
    if (value instanceof SymBool) {
      const node = this.symNodes.get(value.expr.id);
      if (node !== undefined) return node;
    }
    return super.argument(value, schemaArg);
  }

  // A size computed again (the same product in another decomposition) reuses the node that
  // computes it, as PyTorch's tracer finds a SymInt's proxy by its expression.
  override recordSymOp(...a: Parameters<TraceMode["recordSymOp"]>): void {
    if (this.symNodes.has(a[3].expr.id)) return;
    super.recordSymOp(...a);
  }

  // An op writing its inputs, as functionalization rewrites it: `add_` → `add` (the result is the
  // input's new value); `copy_(dst, src)` → `copy(dst, src)`; an op with a `<name>_functional`
  // variant → that variant, whose extra outputs are the new values of the written arguments, in
  // order. The written tensors (or their bases, for views) take the new values; the op returns
  // the written argument itself, as an in-place op does.
  private functionalize(op: OpOverload, raw: unknown[], full: unknown[]): unknown {
    const written = op.schema.args.flatMap((a, i) => (a.type.alias?.isWrite === true && raw[i] instanceof Tensor ? [i] : []));
    const name = op.packetName;
    if (name === "detach_") return raw[0];
    if (name.endsWith("_") && !name.endsWith("__")) {
      const functional = lookupOp(`${name.slice(0, -1)}.${op.overload}`);
      if (functional !== undefined && !functional.isMutable) {
        const out = this.dispatch(functional, full, {}) as Tensor;
        for (const i of written) this.functional.write(raw[i] as Tensor, this.fitTo(out, full[i] as Tensor));
        return raw[written[0]!];
      }
    }
    const functional = lookupOp(`${name}_functional.${op.overload}`);
    if (functional !== undefined) {
      const out = this.dispatch(functional, full, {}) as unknown[];
      const n = op.schema.returns.length;
      written.forEach((i, k) => this.functional.write(raw[i] as Tensor, out[n + k] as Tensor));
      return n === 1 ? out[0] : out.slice(0, n);
    }
    throw new NotImplementedOpError(`run_decompositions: pt2js cannot functionalize ${op.toString()} (no functional variant)`);
  }

  // The value an in-place op leaves in `target`: its out-of-place result, in target's dtype.
  private fitTo(value: Tensor, target: Tensor): Tensor {
    if (value.dtype === target.dtype) return value;
    return this.dispatch(lookupOp("_to_copy.default")!, [value], { dtype: target.dtype }) as Tensor;
  }
}

// The strides of `t` when they are contiguous strides of its dims in some order (null otherwise).
function densePermutedStrides(t: Tensor): Size[] | null {
  return t.dim() > 5 ? null : permutedContiguousStrides(t.shape, t._stride);
}

function sameShape(a: readonly Size[], b: readonly Size[]): boolean {
  return a.length === b.length && a.every((d, i) => String(d) === String(b[i]));
}

/** A fake tensor with a node's recorded metadata. */
// The shape environment of a program's symbolic sizes (from any placeholder's SymInt), or null.
function symEnvOf(graph: Graph): ShapeEnv | null {
  for (const n of graph.nodes) {
    if (n.op !== "placeholder" || !isTensorMeta(n.meta.val)) continue;
    const d = (n.meta.val.shape as readonly unknown[]).find((x) => x instanceof SymInt) as SymInt | undefined;
    if (d !== undefined) return d.env;
  }
  return null;
}

function fakeOf(meta: NonNullable<NodeMeta["val"]>): Tensor {
  const sizes = meta as { shape: readonly unknown[]; stride?: readonly unknown[] };
  if ([...sizes.shape, ...(sizes.stride ?? [])].some((d) => typeof d !== "number" && !(d instanceof SymInt))) {
    throw new NotImplementedOpError(
      "run_decompositions: pt2js retraces programs it exported; a loaded program with symbolic sizes has no shape environment to retrace in yet",
    );
  }
  const m = meta as { dtype: string; shape: readonly Size[]; stride?: readonly Size[]; storage_offset?: Size; requires_grad?: boolean };
  const t = Tensor.fake(m.shape, dtypeFromName(m.dtype), m.stride, m.storage_offset ?? 0);
  if (m.requires_grad) t.requires_grad = true;
  return t;
}

interface UnbackedState {
  env: ShapeEnv | null;
  /** The unbacked symbols the node being retraced made at export, not yet made again. */
  queue: Expr[];
  seen: Set<number>;
  /** The mode retracing now (a subgraph's, inside a cond). */
  mode: DecompositionMode;
  /** When `env` was made here (the program's has none): the symbols made again in it so far. */
  made?: Set<number>;
  /** The environment of float symbols while `env` is unset (one for the whole retrace). */
  floatEnv?: ShapeEnv;
}

function makeUnbacked(state: UnbackedState): SymInt {
  let symbol = state.queue.shift();
  if (symbol !== undefined && state.env === null) {
    state.env = new ShapeEnvClass();
    state.made = new Set();
  }
  // A fresh environment makes u0, u1, ... again up to the symbol (each node's in turn).
  if (symbol !== undefined && state.made !== undefined && !state.made.has(symbol.id)) {
    for (let made = state.env!.createUnbacked(); ; made = state.env!.createUnbacked()) {
      state.made.add(made.id);
      if (made.id === symbol.id) break;
      if (Number(made.toString().slice(1)) > Number(symbol.toString().slice(1))) throw new NotImplementedOpError(`run_decompositions: pt2js cannot make ${symbol.toString()} again`);
    }
  }
  // A data-dependent size inside an op (index_put with a boolean mask) is a fresh symbol.
  state.env ??= new ShapeEnvClass();
  symbol ??= state.env.createUnbacked();
  state.mode.pendingUnbacked.push(symbol);
  return new SymInt(state.env, symbol);
}

// A float tensor's item() again: the same zuf symbol (a real symbol, outside the ShapeEnv's tables).
function makeUnbackedFloat(state: UnbackedState): SymFloat {
  // (state.env stays unset until an integer symbol needs making: makeUnbacked remakes u0, u1, ... in it.)
  const env = state.env ?? (state.floatEnv ??= new ShapeEnvClass());
  const queued = state.queue.shift();
  // A symbol made again keeps later fresh ones (float arithmetic the core cannot hold) off its name.
  if (queued !== undefined) env.reserveUnbackedFloat(queued);
  const symbol = queued ?? env.createUnbackedFloat();
  state.mode.pendingUnbacked.push(symbol);
  return new SymFloat(env, symbol);
}

interface Retraced {
  placeholders: Map<string, [Node, Tensor | null]>;
  outputs: unknown[];
  /** The value the retrace gave the original node of that name. */
  valueOf: (name: string) => unknown;
}

/** A get_attr node's subgraph, while the node calling it is retraced. */
class SubgraphRef {
  constructor(
    readonly attr: Node,
    readonly module: GraphModule,
  ) {}
}

/** Retraces the nodes of `gm` into `mode`'s graph (placeholders, ops, subgraphs); returns the outputs' values. */
function retraceGraph(gm: GraphModule, mode: DecompositionMode, table: DecompositionTable, unbacked: UnbackedState): Retraced {
  const graph = mode.graph;
  const old = gm.graph;
  const values = new Interpreter(old);
  const load = (a: Argument | undefined): unknown => values.load(a);
  const placeholders = new Map<string, [Node, Tensor | null]>();
  const children = new Map(gm.named_children() as Array<[string, GraphModule]>);
  let outputs: unknown[] = [];
  const previousSymHook = setSymIntOpHook((op, a, b, r) => mode.recordSymOp(op, a, b, r));
  const previousMode = unbacked.mode;
  unbacked.mode = mode;
  try {
    withDispatchMode(mode, () => {
      for (const node of old.nodes) {
        mode.source = node;
        if (node.op === "placeholder") {
          const p = graph.placeholder(node.name);
          p.meta = { ...node.meta };
          const val = node.meta.val;
          if (isTensorMeta(val)) {
            const fake = mode.untraced(() => fakeOf(val));
            p.meta.val = val;
            mode.bindTensor(fake, p);
            values.env.set(node, fake);
            placeholders.set(node.name, [p, fake]);
          } else if (val instanceof SymIntValue && symEnvOf(old) !== null) {
            // An int input traced as a SymInt (Dim.AUTO / Dim.DYNAMIC): a SymInt again, read from
            // its placeholder.
            values.env.set(node, new SymInt(symEnvOf(old)!, val.expr));
            mode.symNodes.set(val.expr.id, p);
            placeholders.set(node.name, [p, null]);
          } else {
            values.env.set(node, val);
            placeholders.set(node.name, [p, null]);
          }
        } else if (node.op === "output") {
          const result = node.args[0];
          const items = result instanceof FxTuple ? (result.items as Argument[]) : Array.isArray(result) ? (result as Argument[]) : [result as Argument];
          outputs = items.map((o) => mode.current(load(o)));
        } else if (node.op === "get_attr") {
          const child = children.get(String(node.target));
          if (child === undefined) throw new NotImplementedOpError(`run_decompositions: pt2js cannot retrace get_attr '${String(node.target)}' (not a subgraph)`);
          const attr = graph.get_attr(String(node.target));
          attr.meta = { ...node.meta };
          values.env.set(node, new SubgraphRef(attr, child));
        } else if (node.op === "call_function") {
          unbacked.queue = unbackedSymbolsOf(node.meta.val).filter((e) => !unbacked.seen.has(e.id));
          unbacked.queue.forEach((e) => unbacked.seen.add(e.id));
          const name = (node.target as { qualifiedName: string }).qualifiedName;
          values.env.set(node, name.startsWith("torch.ops.higher_order.") ? runHigherOrder(node, load, mode, table, unbacked) : runNode(node, load));
        } else {
          throw new NotImplementedOpError(`run_decompositions: pt2js cannot retrace a ${node.op} node ('${node.name}')`);
        }
      }
    });
  } finally {
    setSymIntOpHook(previousSymHook);
    unbacked.mode = previousMode;
    mode.source = null;
  }
  const byName = new Map(old.nodes.map((n) => [n.name, n]));
  return { placeholders, outputs, valueOf: (name) => {
    const n = byName.get(name);
    return n === undefined ? undefined : values.env.get(n);
  } };
}

// A higher-order op (cond, map_impl): its subgraphs are decomposed on their own (PyTorch decomposes
// inside them too), the node is recorded again with them, and each output gets its getitem node.
function runHigherOrder(node: Node, load: (a: Argument | undefined) => unknown, mode: DecompositionMode, table: DecompositionTable, unbacked: UnbackedState): unknown {
  const done = new Map<string, Node>();
  const map = (a: Argument): Argument => {
    if (a instanceof FxTuple) return new FxTuple(a.items.map((x) => map(x as Argument)));
    if (Array.isArray(a)) return a.map((x) => map(x as Argument));
    if (!(a instanceof Node)) return a;
    const v = load(a);
    if (v instanceof SubgraphRef) {
      const name = String(v.attr.target);
      if (!done.has(name)) {
        const childMode = new DecompositionMode(new Graph(), table);
        const r = retraceGraph(v.module, childMode, table, unbacked);
        // The subgraph keeps its output's form (`return gt`, `return (a, b)`, `return [a, b]`).
        const form = v.module.graph.nodes.find((n) => n.op === "output")?.args[0];
        const outs = r.outputs.map((o) => childMode.argument(o));
        childMode.graph.output(form instanceof FxTuple ? new FxTuple(outs) : Array.isArray(form) ? outs : outs[0]!);
        childMode.graph.eliminate_dead_code(keptWhenUnused);
        mode.submodules.push([name, childMode.graph, childMode]);
        done.set(name, v.attr);
      }
      return v.attr;
    }
    return mode.argument(mode.current(v));
  };
  const args = node.args.map((a) => map(a as Argument));
  const kwargs = Object.fromEntries(Object.entries(node.kwargs).map(([k, v]) => [k, map(v as Argument)]));
  const hop = mode.graph.call_function(node.target as never, args, kwargs);
  const val = node.meta.val;
  const metas = (Array.isArray(val) ? val : [val]) as NonNullable<NodeMeta["val"]>[];
  const outs = metas.map((m) => (isTensorMeta(m) ? mode.untraced(() => fakeOf(m)) : m));
  mode.annotate(hop, val);
  outs.forEach((t, i) => {
    if (!(t instanceof Tensor)) return;
    const item = mode.graph.call_function(operator.getitem, [hop, i]);
    mode.annotate(item, tensorMeta(t));
    mode.bindTensor(t, item);
  });
  return Array.isArray(val) ? outs : outs[0];
}

// The unbacked symbols (u0, u1, ...) a node's value names, in order of appearance.
function unbackedSymbolsOf(val: unknown): Expr[] {
  const out: Expr[] = [];
  const add = (e: Expr) => {
    for (const s of e.freeSymbols()) if (/^(u|zuf)\d+$/.test(s.toString()) && !out.some((o) => o.id === s.id)) out.push(s);
  };
  const walk = (v: unknown): void => {
    if (v instanceof SymInt || v instanceof SymIntValue) add(v.expr);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (isTensorMeta(v as NodeMeta["val"])) {
      const m = v as { shape: readonly unknown[]; stride?: readonly unknown[] };
      m.shape.forEach(walk);
    }
  };
  walk(val);
  return out;
}

// The shape environment of a program's symbolic sizes (any SymInt in its nodes' values), if any.
function shapeEnvOf(graph: Graph): ShapeEnv | null {
  const find = (v: unknown): ShapeEnv | null => {
    if (v instanceof SymInt) return v.env;
    if (Array.isArray(v)) {
      for (const x of v) {
        const e = find(x);
        if (e !== null) return e;
      }
      return null;
    }
    if (v !== null && typeof v === "object" && "shape" in v) {
      const m = v as { shape: readonly unknown[]; stride?: readonly unknown[] };
      return find([...m.shape, ...(m.stride ?? [])]);
    }
    return null;
  };
  for (const node of graph.nodes) {
    const e = find(node.meta.val);
    if (e !== null) return e;
  }
  return null;
}

// The Python functions a graph calls on sizes, traced again on SymInts (recorded by the SymInt hook).
// A SymFloat operand (item() of a float tensor, size / 2) takes the float operators.
type F = number | SymInt | SymFloat;
const floatOp = (a: unknown, b: unknown, m: "add" | "sub" | "mul" | "truediv", rm: "add" | "rsub" | "mul" | "rtruediv"): unknown | undefined =>
  a instanceof SymFloat ? a[m](b as F) : b instanceof SymFloat ? b[rm](a as F) : undefined;
const SYM_FUNCTIONS: Record<string, (a: Size, b: Size) => unknown> = {
  "_operator.add": (a, b) => floatOp(a, b, "add", "add") ?? (a instanceof SymInt ? a.add(b) : b instanceof SymInt ? b.add(a) : a + b),
  "_operator.sub": (a, b) => floatOp(a, b, "sub", "rsub") ?? (a instanceof SymInt ? a.sub(b) : b instanceof SymInt ? b.rsub(a) : a - b),
  "_operator.mul": (a, b) => floatOp(a, b, "mul", "mul") ?? (a instanceof SymInt ? a.mul(b) : b instanceof SymInt ? b.mul(a) : a * b),
  "_operator.truediv": (a, b) => floatOp(a, b, "truediv", "rtruediv") ?? (a instanceof SymInt ? a.truediv(b) : b instanceof SymInt ? b.rtruediv(a) : a / b),
  "_operator.neg": (a) => ((a as unknown) instanceof SymFloat ? (a as unknown as SymFloat).neg() : a instanceof SymInt ? a.neg() : -a),
  "_operator.floordiv": (a, b) => (a instanceof SymInt ? a.floordiv(b) : b instanceof SymInt ? b.rfloordiv(a) : Math.floor(a / b)),
  "_operator.mod": (a, b) => (a instanceof SymInt ? a.mod(b) : b instanceof SymInt ? b.rmod(a) : a - b * Math.floor(a / b)),
  "_operator.pow": (a, b) => (a instanceof SymInt ? a.pow(b as number) : (a as number) ** (b as number)),
  "_operator.lshift": (a, b) => (a instanceof SymInt ? a.lshift(b as number) : (a as number) * 2 ** (b as number)),
  "_operator.rshift": (a, b) => (a instanceof SymInt ? a.rshift(b as number) : Math.floor((a as number) / 2 ** (b as number))),
  "_operator.ge": (a, b) => (a instanceof SymInt ? a.ge(b) : b instanceof SymInt ? b.le(a) : a >= b),
  "_operator.gt": (a, b) => (a instanceof SymInt ? a.gt(b) : b instanceof SymInt ? b.lt(a) : a > b),
  "_operator.le": (a, b) => (a instanceof SymInt ? a.le(b) : b instanceof SymInt ? b.ge(a) : a <= b),
  "_operator.lt": (a, b) => (a instanceof SymInt ? a.lt(b) : b instanceof SymInt ? b.gt(a) : a < b),
  "_operator.eq": (a, b) => (a instanceof SymInt ? a.eq(b) : b instanceof SymInt ? b.eq(a) : a === b),
  "_operator.ne": (a, b) => (a instanceof SymInt ? a.ne(b) : b instanceof SymInt ? b.ne(a) : a !== b),
};

/** ep.run_decompositions(decomp_table): a new ExportedProgram in core ATen IR. */
export function runDecompositions(ep: ExportedProgram, table: DecompositionTable = defaultDecompositions()): ExportedProgram {
  const graph = new Graph();
  const mode = new DecompositionMode(graph, table);
  const old = ep.graph_module.graph;

  // Unbacked symbols survive the retrace: a data-dependent op (item, nonzero) makes the symbols its
  // node made at export again, in order, instead of new ones (PyTorch renames them back).
  // A program with static shapes keeps no shape environment: its unbacked symbols are made again
  // in a fresh one, which numbers them u0, u1, ... as the export did.
  const unbackedState: UnbackedState = { env: shapeEnvOf(old), queue: [], seen: new Set(), mode };
  const previousUnbacked = dispatchHooks.createUnbackedSymInt;
  dispatchHooks.createUnbackedSymInt = () => makeUnbacked(unbackedState);
  const previousUnbackedFloat = dispatchHooks.createUnbackedSymFloat;
  dispatchHooks.createUnbackedSymFloat = () => makeUnbackedFloat(unbackedState);
  let result: Retraced;
  try {
    result = retraceGraph(ep.graph_module, mode, table, unbackedState);
  } finally {
    dispatchHooks.createUnbackedSymInt = previousUnbacked;
    dispatchHooks.createUnbackedSymFloat = previousUnbackedFloat;
  }
  const { placeholders } = result;
  const outputs = result.outputs as Argument[];
  // The module call graph names the nodes at the boundaries of preserved calls: their new names
  // (a call's output computed by a decomposed op is now another node), as PyTorch updates them.
  const renamed = <T>(name: T): T => {
    if (typeof name !== "string") return name;
    const v = result.valueOf(name);
    return (v instanceof Tensor ? (mode.tensorNodes.get(mode.current(v) as Tensor)?.name ?? name) : name) as T;
  };
  const moduleCallGraph = ep.module_call_graph.map((e) =>
    e.signature === null ? e : { ...e, signature: { ...e.signature, inputs: e.signature.inputs.map(renamed), outputs: e.signature.outputs.map(renamed) } },
  );

  // Outputs: the new values of the inputs written in place (in input order), then the program's own.
  const outSpecs: OutputSpec[] = [];
  const outNodes: Argument[] = [];
  for (const spec of ep.graph_signature.input_specs) {
    const fake = placeholders.get(spec.arg.name)?.[1];
    const value = fake === null || fake === undefined ? undefined : mode.functional.latest.get(fake);
    if (value === undefined) continue;
    // Constants are retraced as buffers; one written in place is refused
    // (_override_graph_signature_for_temp_registered_constants).
    if (spec.kind === "CONSTANT_TENSOR") {
      throw new TorchRuntimeError(`Constant ${spec.target} is mutated in the forward method. Pls register it as buffer`);
    }
    const node = mode.argument(value) as Node;
    const kind = spec.kind === "BUFFER" ? "BUFFER_MUTATION" : spec.kind === "PARAMETER" ? "PARAMETER_MUTATION" : "USER_INPUT_MUTATION";
    outSpecs.push({ kind, arg: { kind: "TensorArgument", name: node.name }, target: spec.kind === "USER_INPUT" ? spec.arg.name : spec.target });
    outNodes.push(node);
  }
  ep.graph_signature.output_specs.forEach((spec, i) => {
    const value = outputs[i];
    const arg = mode.argument(value);
    outNodes.push(arg);
    outSpecs.push(arg instanceof Node && spec.arg.kind !== "ConstantArgument" ? { ...spec, arg: { ...spec.arg, name: arg.name } as typeof spec.arg } : spec);
  });
  const outputNode = graph.output(new FxTuple(outNodes));
  const oldOutput = ep.graph.nodes.find((n) => n.op === "output");
  if (oldOutput?.meta.custom !== undefined) outputNode.meta.custom = oldOutput.meta.custom;

  const userInputs = ep.graph_signature.input_specs
    .filter((s) => s.kind === "USER_INPUT")
    .flatMap((s) => {
      const entry = placeholders.get(s.arg.name);
      return entry !== undefined && entry[1] !== null ? [entry as [Node, Tensor]] : [];
    });
  mode.materializeInputSymbols(userInputs);
  graph.eliminate_dead_code(keptWhenUnused);
  renameOutputs(outSpecs, outNodes);

  const gm = mode.graphModule();
  verifyDecomposed(gm, table);
  const decomposed = new ExportedProgram(
    gm,
    new ExportGraphSignature(ep.graph_signature.input_specs.map((s) => ({ ...s })), outSpecs),
    ep.state_dict,
    ep.range_constraints,
    moduleCallGraph,
    ep.constants,
    ep._guards_code,
  );
  decomposed._example_inputs = ep._example_inputs; // as _update passes example_inputs on
  return decomposed;
}

// Output specs name their nodes; materializing input sizes may have replaced a sym_size output.
function renameOutputs(specs: OutputSpec[], nodes: Argument[]): void {
  specs.forEach((s, i) => {
    const n = nodes[i];
    if (n instanceof Node && "name" in s.arg && s.arg.kind !== "ConstantArgument") (s.arg as { name: string }).name = n.name;
  });
}

function runNode(node: Node, load: (a: Argument | undefined) => unknown): unknown {
  const target = node.target as { qualifiedName: string };
  const name = target.qualifiedName;
  const args = node.args.map((a) => load(a));
  const kwargs = Object.fromEntries(Object.entries(node.kwargs).map(([k, v]) => [k, load(v)]));
  if (name === SYM_SIZE) {
    const [t, dim] = args as [Tensor, number];
    return t.shape[dim < 0 ? dim + t.shape.length : dim];
  }
  if (name === operator.getitem.qualifiedName) {
    const [seq, i] = args as [unknown[], number];
    return seq[i < 0 ? seq.length + i : i];
  }
  // A runtime assert whose condition the retrace decides statically (value ranges) is dropped, as
  // PyTorch's insert_deferred_runtime_asserts drops known-true asserts.
  if (name === "torch.ops.aten._assert_scalar.default" && typeof args[0] === "boolean") {
    if (args[0]) return null;
    throw new TorchRuntimeError(String(args[1]));
  }
  if (name.startsWith("torch.ops.aten.")) {
    const op = lookupOp(name);
    if (op === undefined) throw new NotImplementedOpError(`pt2js has no op ${name}`);
    return dispatch(op, args, kwargs);
  }
  const symFn = SYM_FUNCTIONS[name];
  if (symFn !== undefined) return symFn(args[0] as Size, args[1] as Size);
  throw new NotImplementedOpError(`run_decompositions: pt2js cannot retrace calls to ${name} (node '${node.name}')`);
}

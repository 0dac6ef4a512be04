// The tracer's dispatch mode (the counterpart of make_fx's ProxyTorchDispatchMode): every op call
// on fake tensors computes its output metadata with the op's meta function and records a
// `call_function` node whose arguments are the nodes of the tensors and SymInts it was given.
import type { Expr } from "../core/expr.js";
import { Graph, GraphModule, Node, Device, DType as FxDType, Layout, PyFloat, operator, makeTarget, type Argument, type Target, type TensorMeta, type NodeMeta } from "../fx/index.js";
import { fxArgsOf, normalizeArgs, runEager, runMeta, withDispatchMode, type DispatchMode, type Kwargs } from "../ops/dispatch.js";
import type { OpOverload } from "../ops/registry.js";
import type { SchemaArg } from "../ops/schema.js";
import { SymInt, type Size, type SymIntOp } from "../symbolic/symint.js";
import { SymBool } from "../symbolic/symbool.js";
import { SymFloat } from "../symbolic/symfloat.js";

/** Python's builtin round() on a SymFloat (`round_1 = round(truediv)`). */
const BUILTIN_ROUND = makeTarget("builtins.round", "round");
// torch.sym_* functions a forward may call on sizes (the rest are Python `operator` functions).
const SYM_FNS: Partial<Record<SymIntOp, Target>> = {
  round: BUILTIN_ROUND,
  sym_max: makeTarget("torch.sym_max", "sym_max"),
  sym_min: makeTarget("torch.sym_min", "sym_min"),
  sym_float: makeTarget("torch.sym_float", "sym_float"),
};
import { ExprKind } from "../core/expr.js";
import { Tensor } from "../tensor/tensor.js";
import { DType } from "../tensor/dtype.js";
import { UserError } from "./errors.js";
import { NotImplementedOpError } from "../ops/errors.js";
import { currentModuleStack, EMPTY_STACK_KEY } from "./module_stack.js";
import { userStackTrace } from "./stack_trace.js";
import { reifySymExpr } from "./runtime_asserts.js";
import { TorchFnState, fillPassTorchFns, passTorchFn } from "./torch_fn.js";

/** Where a symbol first came from: dimension `dim` of the tensor bound to `node`. */
interface SizeOrigin {
  node: Node;
  dim: number;
}

/** The placeholder module-stack entry of nodes PyTorch's passes add after tracing. */

const LIFT_FRESH_COPY = "torch.ops.aten.lift_fresh_copy.default";
const NOT_CONSTANT = Symbol("not constant");
const SYM_SIZE = makeTarget("torch.ops.aten.sym_size.int", "sym_size_int");
const ASSERT_TENSOR_METADATA = makeTarget("torch.ops.aten._assert_tensor_metadata.default", "_assert_tensor_metadata_default", true);
/** Ops whose result (a value, or nonzero's count) is data-dependent: what draft_export records. */
export const DATA_DEPENDENT_OPS = new Set<string>(
  ["item.default", "_local_scalar_dense.default", "nonzero.default"].map((n) => `torch.ops.aten.${n}`),
);
const COMPARISONS = new Set<string>(["eq", "ne", "lt", "le", "gt", "ge"].map((n) => operator[n as "eq"].qualifiedName));

/** Where an op's output binds an unbacked symbol: the output itself (dim null) or a size of it. */
export interface UnbackedBinding {
  symbol: Expr;
  node: Node;
  dim: number | null;
  /** The output is a SymBool over the symbol (a bool tensor's item(): `Eq(u0, 1)`): no runtime asserts. */
  viaBool?: boolean;
  /** The output is an unbacked SymFloat (a float tensor's item(): `zuf0`): no runtime asserts. */
  float?: boolean;
}

const ATEN_TO_VARIANTS = new Set(["to.device", "to.dtype", "to.dtype_layout"].map((k) => `torch.ops.aten.${k}`));

export class TraceMode implements DispatchMode {
  readonly tensorNodes = new WeakMap<Tensor, Node>();
  /** Nodes computing a symbolic value, by expression id. */
  readonly symNodes = new Map<number, Node>();
  /** Input dimensions whose size is a given symbol, by symbol expression id. */
  readonly sizeOrigins = new Map<number, SizeOrigin>();
  private readonly targets = new Map<OpOverload, Target>();
  /** > 0 while a meta function runs. */
  private metaDepth = 0;
  /** Unbacked symbols created by meta functions (item, nonzero, ...) not yet bound to a node. */
  readonly pendingUnbacked: Expr[] = [];
  /** Tensors written in place by the ops traced so far (a cond branch may not mutate its inputs). */
  readonly mutated = new Set<Tensor>();
  /** draft_export: the values of item()/nonzero counts from a real run, in call order. */
  realValues: number[] | null = null;
  /** draft_export: unbacked symbol id -> its value in the real run. */
  readonly unbackedHints = new Map<number, number>();
  /** Where each unbacked symbol was first produced, in graph order (PyTorch's unbacked_bindings). */
  readonly unbackedBindings: UnbackedBinding[] = [];

  /** The torch functions the model called (node.meta.torch_fn; torch_fn.ts). */
  readonly torchFns = new TorchFnState();

  constructor(readonly graph: Graph) {}

  /** `t` stands for the same traced value as `of` (nn.Parameter(data) made while tracing). */
  aliasTensor(t: Tensor, of: Tensor): void {
    const node = this.tensorNodes.get(of);
    if (node !== undefined) this.tensorNodes.set(t, node);
  }

  /** Binds `tensor` to `node` (placeholders, in-place results) and records its symbolic sizes. */
  bindTensor(tensor: Tensor, node: Node): void {
    this.tensorNodes.set(tensor, node);
    if (node.op === "placeholder") this.torchFns.trackInput();
    tensor.shape.forEach((d, dim) => {
      if (d instanceof SymInt && d.expr.freeSymbols().length === 1 && !this.sizeOrigins.has(d.expr.id)) {
        this.sizeOrigins.set(d.expr.id, { node, dim });
      }
    });
  }

  dispatch(op: OpOverload, args: readonly unknown[], kwargs: Kwargs): unknown {
    const full = normalizeArgs(op.schema, args, kwargs);
    // Constant propagation (proxy_call): only once a small tensor constant exists in this trace.
    const isLift = op.qualifiedName === LIFT_FRESH_COPY;
    const constArgs = this.constants !== null || isLift ? this.constantArgs(full, isLift) : null;
    const isItem = op.packetName === "item" || op.packetName === "_local_scalar_dense";
    // A data-dependent op (item()) of constants, or item() of a real tensor the model captured
    // (untracked, so constant to proxy_call), is computed, not traced: a plain number.
    if ((constArgs !== null && !isLift && op.tags.includes("data_dependent_output")) || (isItem && !(full[0] as Tensor).is_fake)) {
      if (DATA_DEPENDENT_OPS.has(op.qualifiedName)) this.realValues?.shift(); // draft_export's real run made this call too
      return withDispatchMode(null, () => runEager(op, constArgs ?? full));
    }
    // FakeTensor.item_memo: item() again on an unchanged tensor is the same symbol, and no new node.
    if (isItem && this.itemMemo !== null) {
      const memo = this.itemMemo.get(full[0] as Tensor);
      if (memo !== undefined) {
        this.realValues?.shift(); // draft_export's real run made this call too
        return memo;
      }
    }
    this.metaDepth++;
    let out: unknown;
    try {
      out = runMeta(op, full);
    } catch (error) {
      // Name the user's line: the op itself is named by the error.
      if (error instanceof NotImplementedOpError) {
        const at = userStackTrace()
          ?.split("\n")
          .filter((l) => l.trim().startsWith("File "))
          .pop()
          ?.trim();
        if (at) error.message += ` (called at ${at})`;
      }
      throw error;
    } finally {
      this.metaDepth--;
    }
    // _insert_aten_to_metadata_assert_pass: to.device, to.dtype and to.dtype_layout (not to.other).
    if (ATEN_TO_VARIANTS.has(op.qualifiedName)) this.assertTensorMetadata(full[0] as Tensor);
    op.schema.args.forEach((a, i) => {
      if (a.type.alias?.isWrite === true && full[i] instanceof Tensor) {
        this.mutated.add(full[i] as Tensor);
        this.itemMemo = null; // a write may change any memoized value (through views too)
      }
    });
    const { args: positional, kwargs: keywords } = fxArgsOf(op.schema, full);
    const node = this.graph.call_function(
      this.targetOf(op),
      positional.map((v, i) => this.argument(v, op.schema.args[i]!)),
      Object.fromEntries(
        Object.entries(keywords).map(([k, v]) => [k, this.argument(v, op.schema.args.find((a) => a.name === k)!)]),
      ),
    );
    const trace = userStackTrace(node.target);
    this.annotate(node, metaValue(out), trace);
    this.bindOutputs(op, node, out, trace);
    this.bindUnbacked(op, node, out);
    if (constArgs !== null) this.propagateConstant(op, isLift, constArgs, out);
    if (isItem && (out instanceof SymInt || out instanceof SymFloat || out instanceof SymBool)) (this.itemMemo ??= new WeakMap()).set(full[0] as Tensor, out);
    return out;
  }

  /** item() results by tensor (FakeTensor.item_memo); dropped whenever an op writes a tensor. */
  private itemMemo: WeakMap<Tensor, unknown> | null = null;

  /** Fake tensor -> its value, for tensors of at most one element computed from torch.tensor(...)
   * constants (PyTorch's _ProxyTensor.constant, CONSTANT_NUMEL_LIMIT = 1); null until one exists. */
  private constants: WeakMap<Tensor, Tensor> | null = null;

  // The argument list with every tensor replaced by its constant; null when a tensor has none, when
  // a symbolic value is passed, or (but for lift_fresh_copy, whose input is the real tensor) when
  // no tensor is passed at all (factories are never constants).
  private constantArgs(full: readonly unknown[], isLift: boolean): unknown[] | null {
    let any = false;
    const map = (v: unknown): unknown => {
      if (v instanceof Tensor) {
        if (isLift && !v.is_fake) {
          any = true;
          return v;
        }
        const c = this.constants?.get(v);
        if (c === undefined) throw NOT_CONSTANT;
        any = true;
        return c;
      }
      if (v instanceof SymInt || v instanceof SymFloat || v instanceof SymBool) throw NOT_CONSTANT;
      return Array.isArray(v) ? v.map(map) : v;
    };
    try {
      const out = full.map(map);
      return any ? out : null;
    } catch (e) {
      if (e === NOT_CONSTANT) return null;
      throw e;
    }
  }

  // lift_fresh_copy keeps a copy of its (real) input; another deterministic op whose outputs all
  // have at most one element is computed on the constants.
  private propagateConstant(op: OpOverload, isLift: boolean, constArgs: unknown[], out: unknown): void {
    const outs = out instanceof Tensor ? [out] : Array.isArray(out) ? out : [];
    if (outs.length === 0 || !outs.every((t) => t instanceof Tensor && typeof t.numel() === "number" && (t.numel() as number) <= 1)) return;
    if (!isLift && op.tags.includes("nondeterministic_seeded")) return;
    const real = withDispatchMode(null, () => (isLift ? (constArgs[0] as Tensor).clone() : runEager(op, constArgs)));
    const reals = real instanceof Tensor ? [real] : Array.isArray(real) ? real : [];
    this.constants ??= new WeakMap();
    outs.forEach((t, i) => {
      if (reals[i] instanceof Tensor) this.constants!.set(t as Tensor, reals[i] as Tensor);
    });
  }

  // Non-strict export checks a tensor's metadata before `.to(dtype)` (PyTorch 2.11's
  // _assert_tensor_metadata node, kept in the graph as an assert).
  private assertTensorMetadata(t: Tensor): void {
    const node = this.graph.call_function(ASSERT_TENSOR_METADATA, [this.tensorNode(t)], {
      dtype: FxDType.of(t.dtype.name),
      device: Device.parse("cpu"),
      layout: new Layout("strided"),
    });
    this.annotate(node, null);
    node.meta.torch_fn = passTorchFn(node); // a pass's node in PyTorch
  }

  // Records where the unbacked symbols a meta function created appear in its output.
  private bindUnbacked(op: OpOverload, node: Node, out: unknown): void {
    // draft_export: the value a real run gave this data-dependent op (in the same order).
    if (this.realValues !== null && DATA_DEPENDENT_OPS.has(op.qualifiedName) && this.pendingUnbacked.length > 0) {
      const v = this.realValues.shift();
      if (v !== undefined) this.unbackedHints.set(this.pendingUnbacked[0]!.id, v);
    }
    while (this.pendingUnbacked.length > 0) {
      const symbol = this.pendingUnbacked.shift()!;
      const inShape = (t: Tensor) => t.shape.findIndex((d) => d instanceof SymInt && d.expr.id === symbol.id);
      let dim = out instanceof Tensor ? inShape(out) : -1;
      let sizeOf = node;
      // A list of tensors (where(condition)): the size of the first element that has it.
      const item = Array.isArray(out) ? out.find((t) => t instanceof Tensor && inShape(t) >= 0) : undefined;
      if (item !== undefined) {
        dim = inShape(item as Tensor);
        sizeOf = this.tensorNodes.get(item as Tensor) ?? node;
      }
      if (out instanceof SymInt && out.expr.id === symbol.id) {
        this.unbackedBindings.push({ symbol, node, dim: null });
      } else if (out instanceof SymFloat && out.expr.id === symbol.id) {
        this.unbackedBindings.push({ symbol, node, dim: null, float: true });
      } else if (out instanceof SymBool && out.expr.freeSymbols().some((s) => s.id === symbol.id)) {
        this.unbackedBindings.push({ symbol, node, dim: null, viaBool: true });
      } else if (dim >= 0) {
        this.unbackedBindings.push({ symbol, node: sizeOf, dim });
        if (!this.sizeOrigins.has(symbol.id)) this.sizeOrigins.set(symbol.id, { node: sizeOf, dim });
      }
    }
  }

  /** Sets the metadata PyTorch records for every traced node (`trace`: its user stack, when known). */
  annotate(node: Node, val: NodeMeta["val"], trace: string | null = userStackTrace(node.target)): void {
    node.meta.val = val;
    node.meta.stack_trace = trace;
    // A branch's ops are lines of the code PyTorch regenerates for it (`<eval_with_key>.N:K`), so
    // each op is its own source block there, as in PyTorch's print.
    if (this.generatedCode !== null) {
      const frame = `File "${this.generatedCode}", line ${++this.generatedLine}, in forward\n    ...`;
      node.meta.stack_trace = node.meta.stack_trace ? `${node.meta.stack_trace}\n  ${frame}` : frame;
    }
    // Branch graphs carry no module stack (PyTorch's subgraph nodes have none).
    node.meta.nn_module_stack = this.generatedCode === null ? currentModuleStack() : undefined;
    node.meta.torch_fn = this.torchFns.meta();
  }

  private bindOutputs(op: OpOverload, node: Node, out: unknown, trace: string | null): void {
    if (out instanceof Tensor) {
      this.tensorNodes.set(out, node);
      return;
    }
    if (Array.isArray(out)) {
      // Tuple and list returns: one getitem node per element (unused ones are removed at the end).
      out.forEach((item, i) => {
        if (!(item instanceof Tensor)) return;
        const getitem = this.graph.call_function(operator.getitem, [node, i]);
        this.annotate(getitem, metaValue(item), trace); // made by the same call: the same user stack
        this.tensorNodes.set(item, getitem);
      });
      return;
    }
    if (out instanceof SymInt || out instanceof SymBool || out instanceof SymFloat) this.symNodes.set(out.expr.id, node);
    void op;
  }

  private targetOf(op: OpOverload): Target {
    let t = this.targets.get(op);
    if (t === undefined) {
      t = makeTarget(op.qualifiedName, op.packetName, op.isImpure);
      this.targets.set(op, t);
    }
    return t;
  }

  /** The graph argument for an op argument value. */
  argument(value: unknown, schemaArg?: SchemaArg): Argument {
    if (value instanceof Tensor) return this.tensorNode(value);
    if (value instanceof SymInt) return this.symNode(value.expr);
    // A SymBool/SymFloat computed by a node (a bool tensor's item(), a comparison of sizes).
    if ((value instanceof SymBool || value instanceof SymFloat) && this.symNodes.has(value.expr.id)) return this.symNodes.get(value.expr.id)!;
    if (value instanceof DType) return FxDType.of(value.name);
    if (typeof value === "string" && schemaArg?.type.base === "Device") return Device.parse(value);
    if (Array.isArray(value)) {
      // float[] (upsample's scale_factors): Python floats print as 2.0
      const floats = schemaArg !== undefined && schemaArg.type.base === "float";
      return value.map((v) => (floats && typeof v === "number" ? new PyFloat(v) : this.argument(v, undefined)));
    }
    if (typeof value === "number" && schemaArg !== undefined && isFloatType(schemaArg)) return new PyFloat(value);
    return value as Argument;
  }

  /**
   * Lifts a tensor constant on its first use: a real tensor the model uses but export did not see
   * (a captured or default tensor), or a plain tensor attribute's stand-in; undefined for others.
   */
  liftConstant: ((t: Tensor) => Node | undefined) | null = null;
  /** In a cond branch: a tensor of the enclosing graph, lifted as an input of the branch. */
  liftFree: ((t: Tensor) => Node | undefined) | null = null;
  /** In a cond branch: a symbolic value of the enclosing graph (an item() value), lifted as an input. */
  liftFreeSymbol: ((expr: Expr) => Node | undefined) | null = null;
  /** Child graphs (cond branches) to register on the GraphModule, in order. */
  readonly submodules: Array<[string, Graph, TraceMode]> = [];

  /** The GraphModule of this mode's graph, with its branch graphs (and theirs) as children. */
  graphModule(className = "GraphModule"): GraphModule {
    fillPassTorchFns(this.graph);
    const gm = new GraphModule(this.graph, className);
    for (const [name, , mode] of this.submodules) gm.add_submodule(name, mode.graphModule(name));
    return gm;
  }
  /** In a branch graph: the generated-code name its nodes' stack traces end in (one line per op). */
  generatedCode: string | null = null;
  private generatedLine = 0;

  /** The node a tensor is bound to (lifting it as a constant or a branch input when needed). */
  tensorNode(t: Tensor): Node {
    const node = this.tensorNodes.get(t);
    if (node !== undefined) return node;
    const free = this.liftFree?.(t);
    if (free !== undefined) {
      this.tensorNodes.set(t, free);
      return free;
    }
    const lifted = this.liftConstant?.(t);
    if (lifted !== undefined) {
      this.tensorNodes.set(t, lifted);
      return lifted;
    }
    throw new UserError(
      "pt2js: an op received a tensor that is neither an input, a parameter, a buffer nor computed in forward; " +
        "register it as a buffer (register_buffer) or create it inside forward",
    );
  }

  /** Tracer-made nodes the model's code stands for (a cond's int output getitem): never dropped as dead. */
  readonly kept = new Set<Node>();

  /** Nodes the tracer adds by itself (sym_size for a SymInt argument, getitem of a tuple result). */
  isTracerMade(node: Node): boolean {
    if (node.op !== "call_function" || typeof node.target === "string" || this.kept.has(node)) return false;
    const q = node.target.qualifiedName;
    return q === SYM_SIZE.qualifiedName || q === operator.getitem.qualifiedName || COMPARISONS.has(q);
  }

  /** Runs pt2js's own bookkeeping (not the model's code): its size arithmetic is not recorded. */
  untraced<T>(fn: () => T): T {
    this.metaDepth++;
    this.torchFns.depth++;
    try {
      return fn();
    } finally {
      this.metaDepth--;
      this.torchFns.depth--;
    }
  }

  /** Records SymInt arithmetic and comparisons done by the model (`mul = sym_size_int * sym_size_int_1`). */
  recordSymOp(op: SymIntOp, a: Size | SymFloat, b: Size | SymFloat | null, result: SymInt | SymBool | SymFloat): void {
    if (this.metaDepth > 0) return; // size arithmetic inside meta functions is not the model's
    // round(x) is Python's builtin (unary); the rest are `operator` functions.
    const target = SYM_FNS[op] ?? operator[op as Exclude<SymIntOp, "round" | "sym_max" | "sym_min" | "sym_float">];
    const args = b === null ? [this.sizeArgument(a)] : [this.sizeArgument(a), this.sizeArgument(b)];
    const node = this.graph.call_function(target, args);
    this.annotate(node, new SymIntValue(result.expr));
    this.symNodes.set(result.expr.id, node);
  }

  private sizeArgument(v: Size | SymFloat): Argument {
    return v instanceof SymInt || v instanceof SymFloat ? this.symNode(v.expr) : v;
  }

  /**
   * Like PyTorch's insert_deferred_runtime_asserts: one sym_size node per input symbol right after
   * the placeholders, standing in for the sym_size nodes traced from any tensor of that size.
   */
  materializeInputSymbols(inputs: ReadonlyArray<[Node, Tensor]>): void {
    const first = this.graph.nodes.find((n) => n.op !== "placeholder") ?? null;
    const replaced: Array<[Node, Node]> = [];
    const point = this.graph.inserting_before(first);
    try {
      const done = new Set<number>();
      for (const [placeholder, fake] of inputs) {
        fake.shape.forEach((d, dim) => {
          if (!(d instanceof SymInt) || d.expr.kind !== ExprKind.Symbol || done.has(d.expr.id)) return;
          done.add(d.expr.id);
          const node = this.graph.call_function(SYM_SIZE, [placeholder, dim]);
          const old = this.symNodes.get(d.expr.id);
          node.meta.val = new SymIntValue(d.expr);
          node.meta.stack_trace = null;
          // PyTorch's pass marks the nodes it adds this way (their serialized nn_module_stack).
          node.meta.nn_module_stack = { [EMPTY_STACK_KEY]: [EMPTY_STACK_KEY, EMPTY_STACK_KEY] };
          this.symNodes.set(d.expr.id, node);
          if (old !== undefined && isSymSize(old)) replaced.push([old, node]);
        });
      }
    } finally {
      point.restore();
    }
    for (const [old, node] of replaced) {
      old.replace_all_uses_with(node);
      this.graph.erase_node(old);
    }
  }

  /** The node computing `expr`: a sym_size of an input dimension, or arithmetic on such nodes. */
  symNode(expr: Expr): Node {
    const known = this.symNodes.get(expr.id);
    if (known !== undefined) return known;
    const origin = this.sizeOrigins.get(expr.id);
    // A compound size of an intermediate tensor is computed from the input sizes instead, as
    // PyTorch's runtime-assert pass reifies it (`2*s17*s77` of a repeat: mul nodes).
    if (expr.kind !== ExprKind.Symbol && (origin === undefined || origin.node.op !== "placeholder")) {
      const reified = reifySymExpr(this, expr);
      if (reified !== null) return reified;
    }
    const lifted = origin === undefined ? this.liftFreeSymbol?.(expr) : undefined;
    if (lifted !== undefined) {
      this.symNodes.set(expr.id, lifted);
      return lifted;
    }
    if (origin === undefined) {
      throw new UserError(`pt2js cannot trace the symbolic value ${expr.toString()} back to an input size`);
    }
    const node = this.graph.call_function(SYM_SIZE, [origin.node, origin.dim]);
    node.meta.val = new SymIntValue(expr);
    node.meta.stack_trace = null;
    node.meta.nn_module_stack = currentModuleStack();
    this.symNodes.set(expr.id, node);
    return node;
  }
}

function isSymSize(node: Node): boolean {
  return typeof node.target !== "string" && node.target.qualifiedName === SYM_SIZE.qualifiedName;
}

/** A node value that prints as `Sym(expr)`. */
export class SymIntValue {
  constructor(readonly expr: Expr) {}
  toString(): string {
    return this.expr.toString();
  }
}

function isFloatType(arg: SchemaArg): boolean {
  return arg.type.base === "float" && !arg.type.isList;
}

/** `node.meta.val` for an op output. */
export function metaValue(out: unknown): NodeMeta["val"] {
  if (out instanceof Tensor) return tensorMeta(out);
  if (out instanceof SymInt || out instanceof SymBool || out instanceof SymFloat) return new SymIntValue(out.expr);
  if (Array.isArray(out)) return out.map((o) => metaValue(o)) as NodeMeta["val"];
  return out as NodeMeta["val"];
}

export function tensorMeta(t: Tensor): TensorMeta {
  // stride and storage_offset are what the serializer writes for views (slices, transposes).
  return Object.assign({ dtype: t.dtype.name, shape: t.shape }, { stride: t._stride, storage_offset: t._offset });
}

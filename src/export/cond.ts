// torch.cond(pred, true_fn, false_fn, operands) (torch/_higher_order_ops/cond.py). A constant
// predicate (or a SymBool the shape environment already decides) runs the taken branch inline, as
// PyTorch 2.11 does; under export a boolean tensor or SymBool predicate traces both branches into
// child graphs `true_graph_N` / `false_graph_N` and records a `torch.ops.higher_order.cond` node.
// Tensors a branch closes over (parameters, outer intermediates) become extra operands, as
// PyTorch lifts them; operands no branch uses are dropped.
import { Graph, Node, Tuple as FxTuple, isTensorMeta, makeTarget, type Argument } from "../fx/index.js";
import { emptyModuleStacks } from "./module_stack.js";
import { getDispatchMode, withDispatchMode } from "../ops/dispatch.js";
import { TorchRuntimeError } from "../ops/errors.js";
import { tree_flatten, tree_unflatten, type TreeSpec } from "../pytree/index.js";
import { SymBool } from "../symbolic/symbool.js";
import { SymInt, setSymIntOpHook } from "../symbolic/symint.js";
import { Tensor } from "../tensor/tensor.js";
import { CondOpArgsMismatchError, UnsupportedAliasMutationException } from "./errors.js";
import { pyType } from "./dynamic_shapes.js";
import { SymIntValue, TraceMode, tensorMeta } from "./trace_mode.js";
import { torchFunction } from "./torch_fn.js";
import { emitHopCall, unboundUnbacked } from "./hop_call.js";
import { warn } from "../warnings.js";

const COND = makeTarget("torch.ops.higher_order.cond", "cond");
/** The cond HOP as the torch function PyTorch records (`cond_1`, `CondOp.cond`): only a traced cond calls it. */
const tracedCond = torchFunction("CondOp.cond", traceCond);

type Branch<T> = (...operands: Tensor[]) => T;

/** torch.cond: `pred` a boolean (or number), a one-element boolean tensor, or a SymBool. */
export function cond<T>(pred: Tensor | SymBool | boolean | number, true_fn: Branch<T>, false_fn: Branch<T>, operands: readonly Tensor[] = []): T {
  if (typeof pred === "boolean" || typeof pred === "number") {
    // Under export (torch.compiler.is_compiling()) PyTorch warns that only one branch is kept; it runs it.
    if (getDispatchMode() instanceof TraceMode) {
      warn(
        "Pred is a Python constant. When used with torch.cond, it specializes on one of the branches. " +
          "If you want torch.cond to preserve two branches, please make the predicate a boolean tensor or a SymBool.",
      );
    }
    return pred ? true_fn(...operands) : false_fn(...operands);
  }
  const mode = getDispatchMode();
  const quiet = <R>(fn: () => R): R => (mode instanceof TraceMode ? mode.untraced(fn) : fn());
  quiet(() => validate(pred, true_fn, false_fn, operands));
  if (pred instanceof SymBool) {
    const known = pred.env.staticallyKnown(pred.expr);
    if (known !== null) return known ? true_fn(...operands) : false_fn(...operands);
  }
  if (mode instanceof TraceMode && (pred instanceof SymBool || pred.is_fake)) {
    return tracedCond(mode, pred, true_fn, false_fn, operands) as T;
  }
  // Eager: read the value directly (not through the op, which draft_export's real run records).
  const taken = pred instanceof Tensor ? Boolean(pred._item()) : pred.guard();
  return taken ? true_fn(...operands) : false_fn(...operands);
}

function validate(pred: unknown, true_fn: unknown, false_fn: unknown, operands: unknown): void {
  if (!(pred instanceof Tensor) && !(pred instanceof SymBool)) {
    throw new TorchRuntimeError(`Expected pred to be bool or tensor, but got ${String(pred)}.`);
  }
  if (pred instanceof Tensor && pred.numel() !== 1) {
    throw new TorchRuntimeError(`Expected pred to be bool or single-element tensor, but got ${String(pred)}.`);
  }
  if (typeof true_fn !== "function" || typeof false_fn !== "function") {
    throw new TorchRuntimeError("Expect both branches to be callable.");
  }
  if (!Array.isArray(operands) || tree_flatten(operands)[0].some((t) => !(t instanceof Tensor))) {
    throw new TorchRuntimeError(
      `Expect operands to be a tuple of possibly nested dict/list/tuple that only consists of tensor leaves, but got ${String(operands)}.`,
    );
  }
}

export interface TracedBranch {
  graph: Graph;
  /** One placeholder per operand. */
  operandInputs: Node[];
  /** Placeholders of lifted tensors, by the enclosing graph's node. */
  freeInputs: Map<Node, Node>;
  outputs: Tensor[];
  /** Every output leaf: tensors, and for cond's branches ints (`lambda: 0`). */
  values: Array<Tensor | number>;
  /** The structure of the branch's result. */
  outSpec: TreeSpec;
  name: string;
  /** The branch's trace (its own nested branches are its submodules). */
  mode: TraceMode;
}

function traceCond(outer: TraceMode, pred: Tensor | SymBool, true_fn: Branch<unknown>, false_fn: Branch<unknown>, operands: readonly Tensor[]): unknown {
  let index = 0;
  while (outer.submodules.some(([n]) => n === `true_graph_${index}`)) index++;
  const trueName = `true_graph_${index}`;
  const falseName = `false_graph_${index}`;
  const outerOperands = operands.map((t) => outer.tensorNode(t));
  const predArg: Argument = pred instanceof Tensor ? outer.tensorNode(pred) : outer.symNode(pred.expr);

  const onTrue = traceBranch(outer, true_fn, operands, outerOperands, trueName, undefined, true);
  const onFalse = traceBranch(outer, false_fn, operands, outerOperands, falseName, undefined, true);
  checkOutputs(onTrue, onFalse, true_fn, false_fn);

  // The branches' inputs, as Dynamo's cond merges the two branches' lifted inputs (operands count
  // as lifted too): those both branches use, then those only the true branch uses, then those only
  // the false branch uses; operands no branch uses are dropped. Each group is in the order of
  // Dynamo's names for them (true_fn's closure `l_args_1_closure_*`, false_fn's `l_args_2_*`, the
  // operands `l_args_3_*`), then by name.
  const usedBy = (b: TracedBranch): Set<Node> => {
    const set = new Set<Node>(b.freeInputs.keys());
    outerOperands.forEach((n, i) => {
      if (b.operandInputs[i]!.num_users > 0) set.add(n);
    });
    return set;
  };
  const inTrue = usedBy(onTrue);
  const inFalse = usedBy(onFalse);
  const rank = (n: Node) => (outerOperands.includes(n) ? 3 : onTrue.freeInputs.has(n) ? 1 : 2);
  const byName = (a: Node, b: Node) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  const inputs: Node[] = [
    ...[...inTrue].filter((n) => inFalse.has(n)).sort(byName),
    ...[...inTrue].filter((n) => !inFalse.has(n)).sort(byName),
    ...[...inFalse].filter((n) => !inTrue.has(n)).sort(byName),
  ];
  const used = outerOperands.map((n) => inTrue.has(n) || inFalse.has(n));
  for (const b of [onTrue, onFalse]) {
    const order: Node[] = [];
    // An operand given twice is one input (the first placeholder takes the other's uses).
    b.operandInputs.forEach((ph, i) => {
      const first = outerOperands.indexOf(outerOperands[i]!);
      if (first !== i) {
        ph.replace_all_uses_with(b.operandInputs[first]!);
        b.graph.erase_node(ph);
      } else if (!used[i]) b.graph.erase_node(ph);
    });
    for (const n of inputs) {
      const i = outerOperands.indexOf(n);
      let ph = i >= 0 ? b.operandInputs[i] : b.freeInputs.get(n);
      if (ph === undefined) {
        ph = b.graph.placeholder(n.name);
        ph.meta.val = isTensorMeta(n.meta.val) ? Object.assign({ ...n.meta.val }, { requires_grad: false }) : n.meta.val;
      }
      order.push(ph);
    }
    const anchor = b.graph.nodes.find((n) => n.op !== "placeholder")!;
    for (const ph of order) anchor.prepend(ph);
    emptyModuleStacks(b.graph);
    outer.submodules.push([b.name, b.graph, b.mode]);
  }

  // The outer graph: the subgraphs, the cond node, and one getitem per output.
  // Ints the branches return differently become one unbacked SymInt in [min, max] (cond's fake
  // implementation: create_unbacked_symint, then torch._check of both bounds).
  const outs = outer.untraced(() =>
    onFalse.values.map((t, i) => {
      if (t instanceof Tensor) return Tensor.fake(t.shape, t.dtype, t._stride, t._offset);
      const other = onTrue.values[i];
      if (typeof t === "number" && typeof other === "number" && t !== other) {
        const u = unboundUnbacked(outer, "cond branches returning different ints");
        u.env.constrainRange(u.expr, Math.min(t, other), Math.max(t, other));
        return u;
      }
      return t;
    }),
  );
  const g = outer.graph;
  const trueAttr = g.get_attr(trueName);
  const falseAttr = g.get_attr(falseName);
  emitHopCall(outer, "cond", COND, [predArg, trueAttr, falseAttr, new FxTuple(inputs)], [trueAttr, falseAttr], outs);
  // The result has the branches' structure (a tensor, a tuple of tensors, ...).
  return tree_unflatten(outs, onFalse.outSpec);
}

export function traceBranch(
  outer: TraceMode,
  fn: Branch<unknown>,
  operands: readonly Tensor[],
  outerOperands: Node[],
  name: string,
  mutationMessage = "One of torch.cond branch might be modifying the input!",
  allowInts = false,
): TracedBranch {
  const graph = new Graph();
  const sub = new TraceMode(graph);
  sub.generatedCode = `<${name}>`;
  const operandInputs = operands.map((t, i) => {
    const ph = graph.placeholder(outerOperands[i]!.name);
    ph.meta.val = branchInputMeta(t);
    sub.bindTensor(t, ph);
    return ph;
  });
  const freeInputs = new Map<Node, Node>();
  const lifted: Tensor[] = [];
  sub.liftFree = (t) => {
    const outerNode = outer.tensorNode(t);
    lifted.push(t);
    const first = graph.nodes.find((n) => n.op !== "placeholder") ?? null;
    const point = graph.inserting_before(first);
    try {
      const ph = graph.placeholder(outerNode.name);
      ph.meta.val = branchInputMeta(t);
      freeInputs.set(outerNode, ph);
      return ph;
    } finally {
      point.restore();
    }
  };
  sub.liftFreeSymbol = (expr) => {
    const outerNode = outer.symNode(expr);
    const first = graph.nodes.find((n) => n.op !== "placeholder") ?? null;
    const point = graph.inserting_before(first);
    try {
      const ph = graph.placeholder(outerNode.name);
      ph.meta.val = new SymIntValue(expr);
      freeInputs.set(outerNode, ph);
      return ph;
    } finally {
      point.restore();
    }
  };
  const previousHook = setSymIntOpHook((op, a, b, r) => sub.recordSymOp(op, a, b, r));
  let result: unknown;
  try {
    result = withDispatchMode(sub, () => fn(...operands));
  } finally {
    setSymIntOpHook(previousHook);
  }
  // Side effects on the inputs (operands or lifted tensors) are refused, as PyTorch refuses them.
  const inputs = new Set<Tensor>([...operands, ...lifted]);
  if ([...sub.mutated].some((t) => inputs.has(t))) throw new UnsupportedAliasMutationException(mutationMessage);
  const [leaves, outSpec] = tree_flatten(result);
  if (leaves.some((l) => !(l instanceof Tensor) && !(allowInts && Number.isInteger(l)))) {
    throw new TorchRuntimeError(
      `Expect outputs of ${fnName(fn)} to only contains tensors or None. Got types [${leaves.map((l) => pyType(l)).join(", ")}].`,
    );
  }
  const values = leaves as Array<Tensor | number>;
  const outputs = values.filter((v): v is Tensor => v instanceof Tensor);
  graph.output(new FxTuple(values.map((t) => (t instanceof Tensor ? sub.tensorNode(t) : t))));
  graph.eliminate_dead_code((n) => !sub.isTracerMade(n));
  return { graph, operandInputs, freeInputs, outputs, values, outSpec, name, mode: sub };
}

// A branch's inputs are plain tensors there (PyTorch records requires_grad=False for them).
function branchInputMeta(t: Tensor) {
  return Object.assign(tensorMeta(t), { requires_grad: false });
}

function checkOutputs(t: TracedBranch, f: TracedBranch, true_fn: Branch<unknown>, false_fn: Branch<unknown>): void {
  if (t.values.length !== f.values.length) {
    throw new CondOpArgsMismatchError(
      `Expected to return same number of outputs but got:\n  true branch returns ${t.values.length} item(s)\n  false branch returns ${f.values.length} item(s)`,
    );
  }
  t.values.forEach((a, i) => {
    const b = f.values[i]!;
    if (typeof a === "number" || typeof b === "number") {
      // An int both branches return as the same constant stays that constant; different ones
      // become an unbacked symbol (traceCond).
      if (typeof a === "number" && typeof b === "number") return;
      throw new TorchRuntimeError(
        `Expect outputs of ${fnName(typeof a === "number" ? true_fn : false_fn)} to only contains tensors or None. Got types [${pyType(typeof a === "number" ? a : b)}].`,
      );
    }
    const key = (x: Tensor) => `${x.shape.map(String)}|${x.dtype.name}|${x._stride.map(String)}`;
    if (key(a) !== key(b)) {
      throw new CondOpArgsMismatchError(
        `Expected each tensor to have same metadata but got:\n  ${fnName(true_fn)} returns ${metadata(a)}\n  ${fnName(false_fn)} returns ${metadata(b)}`,
      );
    }
  });
}

// TensorMetadata's repr (the fields that can differ between fake branch outputs).
function metadata(t: Tensor): string {
  const tuple = (xs: readonly unknown[]) => `(${xs.map(String).join(", ")}${xs.length === 1 ? "," : ""})`;
  return (
    `TensorMetadata(shape=torch.Size([${t.shape.map(String).join(", ")}]), dtype=torch.${t.dtype.name}, ` +
    `requires_grad=${t.requires_grad ? "True" : "False"}, stride=${tuple(t._stride)}, memory_format=torch.contiguous_format, ` +
    `is_quantized=False, qparams={})`
  );
}

const fnName = (fn: Function): string => fn.name || "<lambda>";

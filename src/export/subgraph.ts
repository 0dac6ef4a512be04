// The subgraphs of while_loop, scan and associative_scan, traced as PyTorch 2.11 traces them
// (torch/_higher_order_ops/utils.py reenter_make_fx on the dynamo-captured function): each input
// is a placeholder `arg{i}_1` (these HOPs keep make_fx's names; export's placeholder naming pass
// renames only cond, map and set-grad subgraphs), tensors the function closes over (parameters,
// buffers, outer intermediates) become extra inputs of the HOP (additional_inputs), and the
// function's outputs may be tensors or, for while_loop, SymInts / SymBools.
import { Graph, GraphModule, Node, Tuple as FxTuple, isTensorMeta, type Argument } from "../fx/index.js";
import { withDispatchMode } from "../ops/dispatch.js";
import { TorchRuntimeError } from "../ops/errors.js";
import { tree_flatten, type TreeSpec } from "../pytree/index.js";
import { SymBool } from "../symbolic/symbool.js";
import { SymInt, setSymIntOpHook } from "../symbolic/symint.js";
import { Tensor } from "../tensor/tensor.js";
import { UnsupportedAliasMutationException } from "./errors.js";
import { pyType } from "./dynamic_shapes.js";
import { SymIntValue, TraceMode, tensorMeta } from "./trace_mode.js";

export interface TracedSubgraph {
  graph: Graph;
  mode: TraceMode;
  /** One placeholder per input (tensor or SymInt), named `arg{i}_1`. */
  inputs: Node[];
  /** Placeholders (temporary names) of the lifted outer values, by the enclosing graph's node. */
  free: Map<Node, Node>;
  /** The flattened outputs (tensors, SymInts, SymBools, bools). */
  outputs: unknown[];
  outSpec: TreeSpec;
}

/** How the subgraph's output node holds the flat outputs: `return gt`, `return (a, b)`, `return [a, b]`. */
export type OutputForm = "single" | "tuple" | "list";

/** A fresh tensor with `t`'s metadata and no value: the unspecialized input a subgraph is traced on. */
export function freshLike(t: Tensor): Tensor {
  return Tensor.fake(t.shape, t.dtype, t._stride, 0);
}

const inputMeta = (t: Tensor) => Object.assign(tensorMeta(t), { requires_grad: false });

/** Traces `fn(...inputs)` into a child graph of `outer` (see the file comment). */
export function traceSubgraph(outer: TraceMode, fn: (...a: never[]) => unknown, inputs: readonly (Tensor | SymInt)[], name: string, form: OutputForm, mutationMessage: string): TracedSubgraph {
  const graph = new Graph();
  const sub = new TraceMode(graph);
  sub.generatedCode = `<${name}>`;
  const placeholders = inputs.map((t, i) => {
    const ph = graph.placeholder(`arg${i}_1`);
    if (t instanceof SymInt) {
      // An int input (a while_loop int carry): the placeholder binds its symbol.
      ph.meta.val = new SymIntValue(t.expr);
      sub.symNodes.set(t.expr.id, ph);
    } else {
      ph.meta.val = inputMeta(t);
      sub.bindTensor(t, ph);
    }
    return ph;
  });
  const free = new Map<Node, Node>();
  const lifted: Tensor[] = [];
  const liftAt = <T>(make: () => T): T => {
    const first = graph.nodes.find((n) => n.op !== "placeholder") ?? null;
    const point = graph.inserting_before(first);
    try {
      return make();
    } finally {
      point.restore();
    }
  };
  sub.liftFree = (t) => {
    const outerNode = outer.tensorNode(t);
    lifted.push(t);
    return liftAt(() => {
      const ph = graph.placeholder(`__lifted_${free.size}`);
      ph.meta.val = inputMeta(t);
      free.set(outerNode, ph);
      return ph;
    });
  };
  sub.liftFreeSymbol = (expr) => {
    const outerNode = outer.symNode(expr);
    return liftAt(() => {
      const ph = graph.placeholder(`__lifted_${free.size}`);
      ph.meta.val = new SymIntValue(expr);
      free.set(outerNode, ph);
      return ph;
    });
  };
  const previousHook = setSymIntOpHook((op, a, b, r) => sub.recordSymOp(op, a, b, r));
  let result: unknown;
  try {
    result = withDispatchMode(sub, () => (fn as (...a: unknown[]) => unknown)(...inputs));
  } finally {
    setSymIntOpHook(previousHook);
  }
  const watched = new Set<Tensor>([...inputs.filter((t): t is Tensor => t instanceof Tensor), ...lifted]);
  if ([...sub.mutated].some((t) => watched.has(t))) throw new UnsupportedAliasMutationException(mutationMessage);
  const [leaves, outSpec] = tree_flatten(result);
  const bad = leaves.find((l) => !(l instanceof Tensor || l instanceof SymInt || l instanceof SymBool || typeof l === "boolean" || typeof l === "number"));
  if (bad !== undefined) {
    throw new TorchRuntimeError(`Expect outputs of ${fn.name || "<lambda>"} to only contains tensors, ints or bools. Got types [${leaves.map((l) => pyType(l)).join(", ")}].`);
  }
  const args: Argument[] = leaves.map((l) => {
    if (l instanceof Tensor) {
      // An input returned as is would alias it: PyTorch refuses that too.
      return sub.tensorNode(l);
    }
    if (l instanceof SymInt || l instanceof SymBool) return sub.symNode(l.expr);
    return l as boolean | number;
  });
  graph.output(form === "single" ? args[0]! : form === "tuple" ? new FxTuple(args) : args);
  graph.eliminate_dead_code((n) => !sub.isTracerMade(n));
  return { graph, mode: sub, inputs: placeholders, free, outputs: leaves, outSpec };
}

/**
 * Gives every subgraph the same extra inputs, `extra` (outer nodes, in order): placeholders
 * `arg{first + k}_1` after the existing ones, standing in for the lifted temporaries.
 */
export function appendExtraInputs(s: TracedSubgraph, extra: readonly Node[], first: number): void {
  const anchor = s.graph.nodes.find((n) => n.op !== "placeholder" && !s.free.has(n)) ?? null;
  const point = s.graph.inserting_before(anchor);
  try {
    extra.forEach((outerNode, k) => {
      const ph = s.graph.placeholder(`arg${first + k}_1`);
      const val = outerNode.meta.val;
      ph.meta.val = isTensorMeta(val) ? Object.assign({ ...val }, { requires_grad: false }) : val;
      const temp = s.free.get(outerNode);
      if (temp !== undefined) {
        temp.replace_all_uses_with(ph);
        s.graph.erase_node(temp);
      }
    });
  } finally {
    point.restore();
  }
}

/** Sorts outer nodes by name (the order PyTorch's captured HOPs pass lifted inputs in). */
export const byName = (a: Node, b: Node): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/** `cond_fn` / `body_fn` names for messages. */
export const fnName = (fn: Function): string => fn.name || "<lambda>";

/** Runs a subgraph module on values (a HOP called on real tensors): a tuple result as an array. */
export function callSubgraph(gm: unknown, args: readonly unknown[]): unknown {
  if (!(gm instanceof GraphModule)) throw new TorchRuntimeError(`expected a GraphModule subgraph, got ${String(gm)}`);
  const out = gm.forward(...args);
  return out instanceof FxTuple ? [...out.items] : out;
}

/** A HOP's list/tuple argument as an array (fx.Interpreter passes FX tuples as they are in the graph). */
export function asList(v: unknown): unknown[] {
  if (v instanceof FxTuple) return [...v.items];
  return Array.isArray(v) ? v : [];
}

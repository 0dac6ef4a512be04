// torch._higher_order_ops.while_loop(cond_fn, body_fn, carried_inputs)
// (torch/_higher_order_ops/while_loop.py): runs `body_fn(*carried)` while `cond_fn(*carried)` is
// true and returns the last carried values. Under export both functions are traced once into child
// graphs `while_loop_cond_graph_N` / `while_loop_body_graph_N` and the loop is recorded as
// `torch.ops.higher_order.while_loop(cond_graph, body_graph, (carried...), (additional...))`.
// As in PyTorch: the carried tensors are traced as fresh tensors (a constant carry such as
// torch.tensor(0) is not specialized, so `idx.item()` in the body is an unbacked symbol of the
// subgraph), the body must return values with the carried inputs' metadata, and the tensors the
// functions close over become the additional inputs (those both use, then the cond's own, then
// the body's own, each group by name), given to both graphs after the carried ones.
import { Node, Tuple as FxTuple, higherOrderTarget, type Argument } from "../fx/index.js";
import { getDispatchMode } from "../ops/dispatch.js";
import { TorchRuntimeError } from "../ops/errors.js";
import { tree_flatten, tree_unflatten } from "../pytree/index.js";
import { SymBool } from "../symbolic/symbool.js";
import { SymInt } from "../symbolic/symint.js";
import { Tensor } from "../tensor/tensor.js";
import { appendExtraInputs, asList, byName, callSubgraph, freshLike, traceSubgraph } from "./subgraph.js";
import { TraceMode } from "./trace_mode.js";
import { torchFunction } from "./torch_fn.js";
import { emitHopCall, unboundUnbacked } from "./hop_call.js";

/** torch.ops.higher_order.while_loop(cond_graph, body_graph, carried, additional) on values (while_loop_dense). */
function whileLoopOp(cond: unknown, body: unknown, carriedArg: unknown, additionalArg: unknown): unknown[] {
  const additional = asList(additionalArg);
  let vals = asList(carriedArg);
  if (!truth(callSubgraph(cond, [...vals, ...additional]))) return vals.map((v) => (v instanceof Tensor ? v.clone() : v));
  do {
    vals = callSubgraph(body, [...vals, ...additional]) as unknown[];
  } while (truth(callSubgraph(cond, [...vals, ...additional])));
  return vals;
}
const WHILE_LOOP = higherOrderTarget("torch.ops.higher_order.while_loop", "while_loop", whileLoopOp);
/** The while_loop HOP as the torch function PyTorch records. */
const tracedWhileLoop = torchFunction("WhileLoopOp.while_loop", traceWhileLoop);

type LoopFn = (...carried: never[]) => unknown;
/** A carried value: a tensor, or an int (a SymInt under export). */
type Carry = Tensor | SymInt | number;

/** torch._higher_order_ops.while_loop: `carried_inputs` a list/tuple of tensors (or pytrees of them). */
export function while_loop(cond_fn: LoopFn, body_fn: LoopFn, carried_inputs: readonly unknown[]): unknown {
  if (typeof cond_fn !== "function" || typeof body_fn !== "function") throw new TorchRuntimeError("Expect cond_fn and body_fn to be callable.");
  if (!Array.isArray(carried_inputs)) throw new TorchRuntimeError(`carried_inputs must be a tuple or list, got ${typeof carried_inputs}`);
  const [leaves, spec] = tree_flatten(carried_inputs);
  if (leaves.some((l) => !(l instanceof Tensor || l instanceof SymInt || (typeof l === "number" && Number.isInteger(l))))) {
    throw new TorchRuntimeError(
      `Expect carried_inputs to be a tuple of possibly nested dict/list/tuple that onlyconsists of tensor or int leaves, but got ${String(carried_inputs)}.`,
    );
  }
  const flat = leaves as Carry[];
  const call = (fn: LoopFn, vals: readonly Carry[]) => (fn as (...a: unknown[]) => unknown)(...(tree_unflatten(vals, spec) as unknown[]));
  const mode = getDispatchMode();
  if (mode instanceof TraceMode) return tracedWhileLoop(mode, call, cond_fn, body_fn, flat);
  // Eager (while_loop_dense): the body's outputs are the next carried values.
  let vals: readonly Carry[] = flat;
  let out: unknown = null;
  while (truth(call(cond_fn, vals))) {
    out = call(body_fn, vals);
    const [next] = tree_flatten(out);
    if (next.length !== flat.length) {
      throw new TorchRuntimeError(`body_fn should return the same number of elements as carried_inputs, got ${next.length} vs ${flat.length}`);
    }
    vals = next as Carry[];
  }
  return out === null ? tree_unflatten(flat.map((t) => (t instanceof Tensor ? t.clone() : t)), spec) : out;
}

function truth(pred: unknown): boolean {
  if (typeof pred === "boolean") return pred;
  if (pred instanceof Tensor && pred.numel() === 1 && pred.ndim === 0 && pred.dtype.name === "bool") return Boolean(pred._item());
  if (pred instanceof SymBool) return pred.guard();
  throw new TorchRuntimeError(`cond_fn must return a boolean scalar tensor or a boolean but got ${String(pred)}`);
}

function traceWhileLoop(
  outer: TraceMode,
  call: (fn: LoopFn, vals: readonly Carry[]) => unknown,
  cond_fn: LoopFn,
  body_fn: LoopFn,
  flat: Carry[],
): unknown {
  let index = 0;
  while (outer.submodules.some(([n]) => n === `while_loop_cond_graph_${index}`)) index++;
  const condName = `while_loop_cond_graph_${index}`;
  const bodyName = `while_loop_body_graph_${index}`;
  const carriedNodes: Argument[] = flat.map((t) => (t instanceof Tensor ? outer.tensorNode(t) : t instanceof SymInt ? outer.symNode(t.expr) : t));
  // NOTE [unspecialize int carry with unbacked symints]: an int carry is traced as a fresh unbacked
  // SymInt, bound by the subgraph's placeholder (not by an op of the enclosing graph).
  const fresh = () => outer.untraced(() => flat.map((t) => (t instanceof Tensor ? freshLike(t) : unboundUnbacked(outer, "while_loop with int carries"))));
  const message = "torch.while_loop's cond_fn or body_fn might be modifying the input!";
  const cond = traceSubgraph(outer, (...a) => call(cond_fn, a), fresh(), condName, "single", message);
  const body = traceSubgraph(outer, (...a) => call(body_fn, a), fresh(), bodyName, "tuple", message);

  const pred = cond.outputs;
  const isPred = (p: unknown) => p instanceof SymBool || (p instanceof Tensor && p.ndim === 0 && p.dtype.name === "bool");
  if (pred.length !== 1 || !isPred(pred[0])) {
    throw new TorchRuntimeError(`cond_fn must return a boolean scalar tensor or a boolean but got ${pred.map(String).join(", ")}`);
  }
  // The body's outputs must match the carried inputs (check_meta_consistency, contiguity aside).
  if (body.outputs.length !== flat.length) {
    throw new TorchRuntimeError(`body_fn should return the same number of elements as carried_inputs, got ${body.outputs.length} vs ${flat.length}`);
  }
  body.outputs.forEach((o, i) => {
    const c = flat[i]!;
    const isInt = (v: unknown) => v instanceof SymInt || typeof v === "number";
    const ok =
      c instanceof Tensor
        ? o instanceof Tensor && o.dtype === c.dtype && o.shape.length === c.shape.length && o.shape.every((d, k) => String(d) === String(c.shape[k]))
        : isInt(o);
    if (!ok) {
      const desc = (t: unknown) => (t instanceof Tensor ? `Tensor(shape=[${t.shape.join(", ")}], dtype=torch.${t.dtype.name})` : String(t));
      throw new TorchRuntimeError(
        `Expected carried_inputs and body_output to have same metadata but found:\ncarried_inputs[${i}] is ${desc(c)}\nbody_output[${i}] is ${desc(o)}`,
      );
    }
  });

  // Additional inputs: those both graphs lift, then the cond's own, then the body's own.
  const inCond = [...cond.free.keys()];
  const inBody = new Set(body.free.keys());
  const shared = inCond.filter((n) => inBody.has(n)).sort(byName);
  const condOnly = inCond.filter((n) => !inBody.has(n)).sort(byName);
  const bodyOnly = [...inBody].filter((n) => !cond.free.has(n)).sort(byName);
  const additional: Node[] = [...shared, ...condOnly, ...bodyOnly];
  for (const s of [cond, body]) appendExtraInputs(s, additional, flat.length);
  outer.submodules.push([condName, cond.graph, cond.mode]);
  outer.submodules.push([bodyName, body.graph, body.mode]);

  const g = outer.graph;
  // Int outputs are fresh unbacked SymInts bound by the loop's getitem nodes.
  const outs = outer.untraced(() => flat.map((t) => (t instanceof Tensor ? freshLike(t) : unboundUnbacked(outer, "while_loop with int carries"))));
  const condAttr = g.get_attr(condName);
  const bodyAttr = g.get_attr(bodyName);
  emitHopCall(outer, "while_loop", WHILE_LOOP, [condAttr, bodyAttr, new FxTuple(carriedNodes), new FxTuple(additional)], [condAttr, bodyAttr], outs);
  return tree_unflatten(outs, body.outSpec);
}

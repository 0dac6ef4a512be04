// The outer-graph half of a traced higher-order op (cond, map, scan, while_loop): the call node
// with its `File "<hop>"` frame, the subgraph attributes carrying the call's stack trace and module
// stack, and one getitem per output bound to the value the model gets back.
import { Node, operator, type Argument, type Target } from "../fx/index.js";
import { dispatchHooks } from "../ops/dispatch.js";
import { TorchRuntimeError } from "../ops/errors.js";
import { SymInt } from "../symbolic/symint.js";
import { Tensor } from "../tensor/tensor.js";
import { SymIntValue, TraceMode, metaValue, tensorMeta } from "./trace_mode.js";

/**
 * Emits `target(*args)` and its getitems. Outputs: a tensor binds its getitem; an unbacked SymInt
 * (from unboundUnbacked) is bound by its getitem (unbacked_bindings, so its range is asserted);
 * a plain int is the value itself and its getitem stays, unused, as PyTorch keeps it.
 */
export function emitHopCall(outer: TraceMode, hop: string, target: Target, args: readonly Argument[], attrs: readonly Node[], outs: readonly unknown[]): Node {
  const g = outer.graph;
  const node = g.call_function(target, args);
  outer.annotate(node, metaValue(outs));
  const frame = `File "<${hop}>", line 1, in forward\n    ...`;
  node.meta.stack_trace = node.meta.stack_trace ? `${node.meta.stack_trace}\n  ${frame}` : frame;
  const copy = (m: Node) => {
    m.meta.stack_trace = node.meta.stack_trace;
    m.meta.nn_module_stack = node.meta.nn_module_stack;
  };
  attrs.forEach(copy);
  outs.forEach((t, i) => {
    const item = g.call_function(operator.getitem, [node, i]);
    copy(item);
    if (t instanceof Tensor) {
      item.meta.val = tensorMeta(t);
      outer.tensorNodes.set(t, item);
    } else if (t instanceof SymInt) {
      item.meta.val = new SymIntValue(t.expr);
      outer.symNodes.set(t.expr.id, item);
      outer.unbackedBindings.push({ symbol: t.expr, node: item, dim: null });
    } else {
      item.meta.val = t as never;
      outer.kept.add(item);
    }
  });
  return node;
}

/**
 * A fresh unbacked SymInt for a HOP's int output, bound by the HOP's getitem (emitHopCall) rather
 * than by the next op the tracer runs (shape_env.ignore_fresh_unbacked_symbols).
 */
export function unboundUnbacked(outer: TraceMode, what: string): SymInt {
  const make = dispatchHooks.createUnbackedSymInt;
  if (make === null) throw new TorchRuntimeError(`${what} needs export's unbacked symbols`);
  const s = make() as SymInt;
  const i = outer.pendingUnbacked.findIndex((e) => e.id === s.expr.id);
  if (i >= 0) outer.pendingUnbacked.splice(i, 1);
  return s;
}

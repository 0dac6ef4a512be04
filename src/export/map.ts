// control_flow.map(f, xs, ...args) (torch/_higher_order_ops/map.py): f applied to each slice of
// xs along its first dimension (with the same extra args), the results stacked. Under export the
// body is traced once into a child graph `body_graph_N` and recorded as a
// `torch.ops.higher_order.map_impl(body_graph_N, [xs...], [args...])` node; tensors the body
// closes over are appended to the args, as PyTorch lifts them.
import { makeTarget } from "../fx/index.js";
import { emptyModuleStacks } from "./module_stack.js";
import { getDispatchMode } from "../ops/dispatch.js";
import { TorchRuntimeError } from "../ops/errors.js";
import { tree_flatten, tree_unflatten } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import { stack } from "../ops/functional.js";
import { traceBranch } from "./cond.js";
import { TraceMode } from "./trace_mode.js";
import { torchFunction } from "./torch_fn.js";
import { emitHopCall } from "./hop_call.js";

const MAP_IMPL = makeTarget("torch.ops.higher_order.map_impl", "map_impl");
/** The map_impl HOP as the torch function PyTorch records (`map_impl_1`, `MapImpl.map_impl`). */
const tracedMap = torchFunction("MapImpl.map_impl", traceMap);

/** map(f, xs, ...args): `xs` a tensor or a pytree of tensors with the same first dimension. */
export function map<T>(f: (x: never, ...args: Tensor[]) => T, xs: unknown, ...args: Tensor[]): T {
  const [leaves, spec] = tree_flatten(xs);
  if (leaves.length === 0 || leaves.some((t) => !(t instanceof Tensor))) {
    throw new TorchRuntimeError(`Mapped xs can only consist of tensors. Got xs ${String(xs)}.`);
  }
  const flat = leaves as Tensor[];
  if (flat.some((t) => t.ndim === 0)) throw new TorchRuntimeError("Cannot map over a 0-dim tensor: xs must have a leading dimension.");
  const n = flat[0]!.shape[0]!;
  if (flat.some((t) => String(t.shape[0]) !== String(n))) {
    throw new TorchRuntimeError(`Leading dimensions of mapped xs must be consistent. Got shapes ${flat.map((t) => `torch.Size([${t.shape.join(", ")}])`).join(", ")}.`);
  }
  if (args.some((a) => !(a instanceof Tensor))) throw new TorchRuntimeError("map's extra args must be tensors.");
  const mode = getDispatchMode();
  if (mode instanceof TraceMode && flat.some((t) => t.is_fake)) return tracedMap(mode, f, flat, spec, args) as T;
  // Eager: one call per slice, outputs stacked.
  if (typeof n !== "number") throw new TorchRuntimeError("map over a symbolic leading dimension needs export");
  const results: Tensor[][] = [];
  let outSpec: unknown = null;
  for (let i = 0; i < n; i++) {
    const slice = tree_unflatten(flat.map((t) => t.select(0, i)), spec);
    const [outs, s] = tree_flatten((f as (...a: unknown[]) => unknown)(slice, ...args));
    outSpec = s;
    results.push(outs as Tensor[]);
  }
  const stacked = results[0]!.map((_, k) => stack(results.map((r) => r[k]!)));
  return tree_unflatten(stacked, outSpec as never) as T;
}

function traceMap(outer: TraceMode, f: (...a: never[]) => unknown, xs: Tensor[], spec: unknown, args: Tensor[]): unknown {
  let index = 0;
  while (outer.submodules.some(([name]) => name === `body_graph_${index}`)) index++;
  const name = `body_graph_${index}`;
  const xsNodes = xs.map((t) => outer.tensorNode(t));
  const argNodes = args.map((t) => outer.tensorNode(t));
  const slices = outer.untraced(() => xs.map((t) => Tensor.fake(t.shape.slice(1), t.dtype)));
  const body = (...inputs: Tensor[]) =>
    (f as (...a: unknown[]) => unknown)(tree_unflatten(inputs.slice(0, xs.length), spec as never), ...inputs.slice(xs.length));
  const traced = traceBranch(outer, body, [...slices, ...args], [...xsNodes, ...argNodes], name, "torch.map might be modifying the input!");
  // Lifted tensors follow the args (by name, as for cond).
  const free = [...traced.freeInputs.keys()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const anchor = traced.graph.nodes.find((n) => n.op !== "placeholder")!;
  for (const ph of [...traced.operandInputs, ...free.map((n) => traced.freeInputs.get(n)!)]) anchor.prepend(ph);
  emptyModuleStacks(traced.graph);
  outer.submodules.push([name, traced.graph, traced.mode]);

  const g = outer.graph;
  const n = xs[0]!.shape[0]!;
  const outs = outer.untraced(() => traced.outputs.map((t) => Tensor.fake([n, ...t.shape], t.dtype)));
  const attr = g.get_attr(name);
  emitHopCall(outer, "map", MAP_IMPL, [attr, xsNodes, [...argNodes, ...free]], [attr], outs);
  return tree_unflatten(outs, traced.outSpec);
}

// torch._higher_order_ops.scan(combine_fn, init, xs, *, dim=0, reverse=False)
// (torch/_higher_order_ops/scan.py): an inclusive scan. `combine_fn(carry, x)` returns
// `(next_carry, y)`; the result is `(last_carry, ys)` with the ys stacked along a new first
// dimension. Under export combine_fn is traced once (on the initial carry and the first slice of
// each xs) into a child graph `scan_combine_graph_N` and the scan is recorded as
// `torch.ops.higher_order.scan(scan_combine_graph_N, [init...], [xs...], (additional...))`; tensors
// combine_fn closes over become the additional inputs, in the order it first uses them. A reversed
// scan flips the xs before and the ys after the op, as PyTorch does.
import { Node, Tuple as FxTuple, higherOrderTarget, operator } from "../fx/index.js";
import { emptyModuleStacks } from "./module_stack.js";
import { getDispatchMode } from "../ops/dispatch.js";
import { NotImplementedOpError, TorchRuntimeError } from "../ops/errors.js";
import { stack } from "../ops/functional.js";
import { tree_flatten, tree_unflatten, type TreeSpec } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import { appendExtraInputs, asList, callSubgraph, traceSubgraph } from "./subgraph.js";
import { TraceMode } from "./trace_mode.js";
import { torchFunction } from "./torch_fn.js";
import { emitHopCall } from "./hop_call.js";

/** torch.ops.higher_order.scan(combine_graph, init, xs, additional) on values (generic_scan): carries then stacked ys. */
function scanOp(combine: unknown, initArg: unknown, xsArg: unknown, additionalArg: unknown): Tensor[] {
  const [init, xs, additional] = [asList(initArg) as Tensor[], asList(xsArg) as Tensor[], asList(additionalArg)];
  const n = xs[0]!.shape[0] as number;
  let carry: Tensor[] = [...init];
  const rows: Tensor[][] = [];
  for (let i = 0; i < n; i++) {
    const out = callSubgraph(combine, [...carry, ...xs.map((x) => x.select(0, i)), ...additional]) as Tensor[];
    carry = out.slice(0, init.length);
    rows.push(out.slice(init.length));
  }
  return [...carry, ...(rows[0] ?? []).map((_, k) => stack(rows.map((r) => r[k]!)) as Tensor)];
}
const SCAN = higherOrderTarget("torch.ops.higher_order.scan", "scan", scanOp);
/** The scan HOP as the torch function PyTorch records. */
const tracedScan = torchFunction("ScanOp.scan", traceScan);

type CombineFn = (carry: never, x: never) => unknown;

export interface ScanOptions {
  dim?: number;
  reverse?: boolean;
}

/** scan(combine_fn, init, xs, { dim, reverse }) → [last_carry, ys]. */
export function scan(combine_fn: CombineFn, init: unknown, xs: unknown, options: ScanOptions = {}): [unknown, unknown] {
  const dim0 = options.dim ?? 0;
  const reverse = options.reverse ?? false;
  const [initLeaves, initSpec] = tree_flatten(init);
  const [xsLeaves, xsSpec] = tree_flatten(xs);
  if (xsLeaves.length === 0) return [init, []];
  if (typeof combine_fn !== "function") throw new TorchRuntimeError(`Combine_fn must be a callable, but got ${String(combine_fn)}`);
  if (!Number.isInteger(dim0)) throw new TorchRuntimeError(`Dim must be an int, but got ${typeof dim0}`);
  if (typeof reverse !== "boolean") throw new TorchRuntimeError(`Reverse must be a bool, but got ${typeof reverse}`);
  if (initLeaves.length === 0) throw new TorchRuntimeError("scan() operator requires init leaves.");
  for (const x of initLeaves) if (!(x instanceof Tensor)) throw new TorchRuntimeError(`All init leaves must be a Tensor but got ${String(x)}`);
  for (const x of xsLeaves) if (!(x instanceof Tensor)) throw new TorchRuntimeError(`All xs leaves must be a Tensor but got ${String(x)}`);
  const flatXs = xsLeaves as Tensor[];
  const ndim = flatXs[0]!.ndim;
  const dim = dim0 < 0 ? dim0 + ndim : dim0;
  const empty = (x: Tensor) => x.ndim <= dim || (typeof x.shape[dim] === "number" && x.shape[dim] === 0);
  if (dim < 0 || flatXs.some(empty)) {
    throw new TorchRuntimeError("All xs leaves must at least have 'dim' number of dimensions and scan dimension > 0");
  }
  if (dim !== 0) throw new NotImplementedOpError("scan over dim != 0 needs torch.ops.aten.movedim.int, which pt2js does not have yet");
  let leaves = flatXs;
  if (reverse) leaves = leaves.map((x) => x.flip([0]));
  const combine = (...args: Tensor[]) =>
    (combine_fn as (c: unknown, x: unknown) => unknown)(
      tree_unflatten(args.slice(0, initLeaves.length), initSpec),
      tree_unflatten(args.slice(initLeaves.length), xsSpec),
    );
  const mode = getDispatchMode();
  const [carry, ys, outSpec] =
    mode instanceof TraceMode ? (tracedScan(mode, combine, initLeaves as Tensor[], leaves) as Scanned) : eagerScan(combine, initLeaves as Tensor[], leaves);
  const out = reverse ? ys.map((y) => y.flip([0])) : ys;
  // combine_fn's result is (next_carry, y): the carry keeps init's structure, the ys y's.
  const ySpec = outSpec.children_specs[1];
  return [tree_unflatten(carry, initSpec), ySpec === undefined ? out : tree_unflatten(out, ySpec)];
}

type Scanned = [Tensor[], Tensor[], TreeSpec];

function splitOutput(result: unknown, numCarry: number): [Tensor[], Tensor[], TreeSpec] {
  const [leaves, spec] = tree_flatten(result);
  if (spec.num_children !== 2 && spec.children_specs.length !== 2) {
    throw new TorchRuntimeError("combine_fn needs to produce two pytrees, one for the carries and one for the outputs.");
  }
  return [leaves.slice(0, numCarry) as Tensor[], leaves.slice(numCarry) as Tensor[], spec];
}

function eagerScan(combine: (...a: Tensor[]) => unknown, init: Tensor[], xs: Tensor[]): Scanned {
  const n = xs[0]!.shape[0] as number;
  let carry = init;
  const rows: Tensor[][] = [];
  let spec: TreeSpec | null = null;
  for (let i = 0; i < n; i++) {
    const [c, y, s] = splitOutput(combine(...carry, ...xs.map((x) => x.select(0, i))), init.length);
    carry = c;
    spec = s;
    rows.push(y);
  }
  const ys = (rows[0] ?? []).map((_, k) => stack(rows.map((r) => r[k]!)) as Tensor);
  return [carry, ys, spec!];
}

function traceScan(outer: TraceMode, combine: (...a: Tensor[]) => unknown, init: Tensor[], xs: Tensor[]): Scanned {
  let index = 0;
  while (outer.submodules.some(([n]) => n === `scan_combine_graph_${index}`)) index++;
  const name = `scan_combine_graph_${index}`;
  const initNodes = init.map((t) => outer.tensorNode(t));
  const xsNodes = xs.map((t) => outer.tensorNode(t));
  // Sample inputs: clones of the inits, the first slice of each xs (first_slice_copy: contiguous).
  const samples = outer.untraced(() => [
    ...init.map((t) => Tensor.fake(t.shape, t.dtype, t._stride)),
    ...xs.map((t) => Tensor.fake(t.shape.slice(1), t.dtype)),
  ]);
  const traced = traceSubgraph(outer, combine, samples, name, "list", "torch.scan might be modifying the input!");
  const [, , spec] = splitOutput(tree_unflatten(traced.outputs, traced.outSpec), init.length);
  const carryOut = traced.outputs.slice(0, init.length);
  const yOut = traced.outputs.slice(init.length);
  if (traced.outputs.some((o) => !(o instanceof Tensor))) throw new TorchRuntimeError("combine_fn must return tensors");
  carryOut.forEach((c, i) => {
    const t = init[i]!;
    const ct = c as Tensor;
    if (ct.dtype !== t.dtype || ct.shape.length !== t.shape.length || ct.shape.some((d, k) => String(d) !== String(t.shape[k]))) {
      throw new TorchRuntimeError(
        `Expected init and carry to have same metadata but found:\ninit[${i}] is Tensor(shape=[${t.shape.join(", ")}], dtype=torch.${t.dtype.name})\n` +
          `carry[${i}] is Tensor(shape=[${ct.shape.join(", ")}], dtype=torch.${ct.dtype.name})`,
      );
    }
  });
  // Lifted tensors, in the order combine_fn first used them.
  const additional: Node[] = [...traced.free.keys()];
  appendExtraInputs(traced, additional, samples.length);
  emptyModuleStacks(traced.graph);
  outer.submodules.push([name, traced.graph, traced.mode]);

  const g = outer.graph;
  const n = xs[0]!.shape[0]!;
  const outs = outer.untraced(() => [
    ...carryOut.map((c) => Tensor.fake((c as Tensor).shape, (c as Tensor).dtype)),
    ...yOut.map((y) => Tensor.fake([n, ...(y as Tensor).shape], (y as Tensor).dtype)),
  ]);
  const attr = g.get_attr(name);
  emitHopCall(outer, "scan", SCAN, [attr, initNodes, xsNodes, new FxTuple(additional)], [attr], outs);
  return [outs.slice(0, init.length), outs.slice(init.length), spec];
}

// torch._higher_order_ops.associative_scan(combine_fn, xs, dim, reverse=False, combine_mode="pointwise")
// (torch/_higher_order_ops/associative_scan.py): an inclusive scan with an associative combine_fn.
// combine_mode="pointwise" needs CUDA tensors in PyTorch (it lowers to a Triton scan), so on the
// CPU tensors pt2js has it raises PyTorch's ValueError; combine_mode="generic" runs the
// work-efficient generic algorithm (odd/even reduction, recursion, interleave) on slices along
// `dim`, so export records its slicing ops. Programs exported by PyTorch on CUDA hold
// `torch.ops.higher_order.associative_scan(combine_graph, xs, additional_inputs)`; that target runs
// the same generic algorithm on their combine graph (ep.module(), fx.Interpreter).
import { higherOrderTarget } from "../fx/index.js";
import { cat, stack } from "../ops/functional.js";
import { tree_flatten, tree_unflatten } from "../pytree/index.js";
import { Tensor } from "../tensor/tensor.js";
import type { IndexItem } from "../tensor/getitem.js";
import { ValueError } from "./errors.js";
import { asList, callSubgraph } from "./subgraph.js";

type Combine = (...args: Tensor[]) => Tensor[];

/** associative_scan(combine_fn, xs, dim, reverse=false, combine_mode="pointwise"). */
export function associative_scan(combine_fn: (a: never, b: never) => unknown, xs: unknown, dim: number, reverse = false, combine_mode = "pointwise"): unknown {
  if (typeof combine_fn !== "function") throw new ValueError(`Combine_fn must be a callable, but got ${String(combine_fn)}`);
  if (!Number.isInteger(dim)) throw new ValueError(`Dim must be an int, but got ${typeof dim}`);
  if (combine_mode !== "pointwise" && combine_mode !== "generic") {
    throw new ValueError(`Combine_mode must either 'pointwise' or 'generic', but got ${combine_mode}`);
  }
  const [leaves, spec] = tree_flatten(xs);
  if (combine_mode === "pointwise" && !leaves.every((l) => l instanceof Tensor && String(l.device).startsWith("cuda"))) {
    throw new ValueError("For combine_mode='pointwise', all input tensors need to be on CUDA");
  }
  if (leaves.length === 0) throw new ValueError("Expected at least 1 xs leaf");
  if (leaves.some((l) => !(l instanceof Tensor))) throw new ValueError("xs leaves must be a Tensor");
  const flat = leaves as Tensor[];
  const d = dim < 0 ? dim + flat[0]!.ndim : dim;
  if (flat.some((x) => x.ndim <= d || x.shape[d] === 0)) {
    throw new ValueError("All xs leaves must at least have 'dim' number of dimensions and scan dimension > 0");
  }
  const n = flat.length;
  // combine_fn on pytrees of the leaves (wrap_combine_fn_flat): lhs leaves, then rhs leaves.
  const combine: Combine = (...args) => {
    const out = (combine_fn as (a: unknown, b: unknown) => unknown)(tree_unflatten(args.slice(0, n), spec), tree_unflatten(args.slice(n), spec));
    const [outLeaves] = tree_flatten(out);
    if (outLeaves.length !== n) {
      throw new ValueError("The number of leaves of the pytree of the output of the operator needs to match the length of the pytree of the input");
    }
    return outLeaves as Tensor[];
  };
  let inputs = flat;
  if (reverse) inputs = inputs.map((x) => x.flip([d]));
  let out = genericAssociativeScan(combine, inputs, d);
  if (reverse) out = out.map((x) => x.flip([d]));
  return tree_unflatten(out, spec);
}

/** `x[..., start:stop:step]` along `dim`. */
function along(x: Tensor, dim: number, start: number | null, stop: number | null, step = 1): Tensor {
  const items: IndexItem[] = [];
  for (let i = 0; i < dim; i++) items.push({});
  items.push({ start, stop, step });
  return x.at(...items);
}

/** generic_associative_scan: the inclusive scan of `elems` along `dim` with `op`. */
export function genericAssociativeScan(op: Combine, elems: Tensor[], dim: number): Tensor[] {
  const num = elems[0]!.shape[dim] as number;
  if (num < 2) return elems;
  const reduced = op(...elems.map((e) => along(e, dim, 0, -1, 2)), ...elems.map((e) => along(e, dim, 1, null, 2)));
  // The scan of the pairwise-reduced elements gives the odd positions.
  const odd = genericAssociativeScan(op, reduced, dim);
  const evenTail =
    num % 2 === 0
      ? op(...odd.map((e) => along(e, dim, 0, -1)), ...elems.map((e) => along(e, dim, 2, null, 2)))
      : op(...odd, ...elems.map((e) => along(e, dim, 2, null, 2)));
  // The first element of the scan is the first element of `elems`.
  const even = elems.map((e, i) => {
    const r = evenTail[i]!;
    return Number(r.numel()) > 0 ? (cat([along(e, dim, 0, 1), r], dim) as Tensor) : along(e, dim, 0, 1);
  });
  return even.map((e, i) => interleave(e, odd[i]!, dim));
}

// _interleave: a0 b0 a1 b1 ... along dim (a has one more element when the length is odd).
function interleave(a: Tensor, b: Tensor, dim: number): Tensor {
  const la = a.shape[dim] as number;
  const lb = b.shape[dim] as number;
  const trunc = la === lb + 1;
  let bb = b;
  if (trunc) {
    // pad b with one element at the end of dim (its content is sliced off again).
    bb = cat([b, along(a, dim, 0, 1)], dim) as Tensor;
  }
  const stacked = stack([a, bb], dim + 1) as Tensor;
  const shape = [...a.shape];
  shape[dim] = (shape[dim] as number) * 2;
  const inter = stacked.reshape(shape);
  return trunc ? along(inter, dim, 0, la + lb) : inter;
}

/** torch.ops.higher_order.associative_scan(combine_graph, xs, additional_inputs) on values (scan dim 0). */
function associativeScanOp(combine: unknown, xsArg: unknown, additionalArg: unknown = []): Tensor[] {
  const [xs, additional] = [asList(xsArg) as Tensor[], asList(additionalArg)];
  const op: Combine = (...args) => {
    const r = callSubgraph(combine, [...args, ...additional]);
    return Array.isArray(r) ? (r as Tensor[]) : [r as Tensor];
  };
  return genericAssociativeScan(op, [...xs], 0);
}

export const ASSOCIATIVE_SCAN = higherOrderTarget("torch.ops.higher_order.associative_scan", "associative_scan", associativeScanOp);

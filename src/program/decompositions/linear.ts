// linear, t, transpose and matmul as PyTorch's CompositeImplicitAutograd kernels compute them
// (aten/src/ATen/native/Linear.cpp, LinearAlgebra.cpp): addmm / mm / bmm on folded or expanded views.
import type { Size } from "../../symbolic/symint.js";
import type { Tensor } from "../../tensor/tensor.js";
import { aten, product, sizeEq, untraced, type Decomposition } from "./util.js";

const t = (x: Tensor): Tensor => aten("t.default", [x]);

// linear on an N-d input as one addmm on its rows: reshape to 2-D, addmm, view back.
function flattenNdLinear(input: Tensor, weight: Tensor, bias: Tensor): Tensor {
  const sizes = input.shape;
  const rows = product(sizes.slice(0, -1));
  const flat = aten("reshape.default", [input, [rows, sizes[sizes.length - 1]!]]);
  const result = aten("addmm.default", [bias, flat, t(weight)]);
  return aten("view.default", [result, [...sizes.slice(0, -1), result.shape[1]!]]);
}

const linear: Decomposition = ([input, weight, bias]) => {
  const x = input as Tensor;
  const b = bias as Tensor | null;
  if (x.dim() === 2 && b !== null) return aten("addmm.default", [b, x, t(weight as Tensor)]);
  // Contiguous 3-D inputs, and any contiguous (strided) input with a 1-D bias, take the fused path.
  if (b !== null && (x.dim() === 3 || b.dim() === 1) && untraced(() => x.is_contiguous())) return flattenNdLinear(x, weight as Tensor, b);
  const out = aten("matmul.default", [x, t(weight as Tensor)]);
  return b === null ? out : aten("add_.Tensor", [out, b]);
};

// The first n-1 dims of t1 fold into rows without a copy (matmul's should_fold).
function shouldFold(t1: Tensor, t2: Tensor): boolean {
  if (!(t1.dim() >= 3 && t2.dim() <= 2)) return false;
  const shape = t1.shape;
  const stride = t1._stride;
  return untraced(() => {
    for (let i = 0; i < t1.dim() - 2; i++) {
      const next = product([stride[i + 1]!, shape[i + 1]!]);
      if (!sizeEq(stride[i]!, next)) return false;
    }
    return true;
  });
}

// dot and mv as PyTorch's table decomposes them: a product summed.
const dot = (a: Tensor, b: Tensor): Tensor => aten("sum.dim_IntList", [aten("mul.Tensor", [a, b]), []]);
const mv = (m: Tensor, v: Tensor): Tensor => aten("sum.dim_IntList", [aten("mul.Tensor", [m, v]), [1]]);

const matmul: Decomposition = ([a, b]) => {
  const t1 = a as Tensor;
  const t2 = b as Tensor;
  const d1 = t1.dim();
  const d2 = t2.dim();
  if (d1 === 1 && d2 === 1) return dot(t1, t2);
  if (d1 === 2 && d2 === 1) return mv(t1, t2);
  if (d1 === 1 && d2 === 2) return aten("squeeze.dim", [aten("mm.default", [aten("unsqueeze.default", [t1, 0]), t2]), 0]);
  if (d1 === 2 && d2 === 2) return aten("mm.default", [t1, t2]);
  if (shouldFold(t1, t2)) {
    const sizes = t1.shape;
    const outShape: Size[] = sizes.slice(0, -1);
    if (d2 === 2) outShape.push(t2.shape[1]!);
    const folded = aten("reshape.default", [t1, [product(sizes.slice(0, -1)), sizes[sizes.length - 1]!]]);
    const out = d2 === 2 ? aten("mm.default", [folded, t2]) : mv(folded, t2);
    return aten("_unsafe_view.default", [out, outShape]);
  }
  // Batched: expand both to the broadcast batch, fold the batch, bmm, view back.
  const s1 = t1.shape;
  const s2 = t2.shape;
  const n = d1 > 1 ? s1[d1 - 2]! : 1;
  const m1 = s1[d1 - 1]!;
  const m2 = d2 > 1 ? s2[d2 - 2]! : s2[0]!;
  const p = d2 > 1 ? s2[d2 - 1]! : 1;
  const batch = broadcastBatch(s1.slice(0, Math.max(d1 - 2, 0)), s2.slice(0, Math.max(d2 - 2, 0)));
  const batchProduct = product(batch);
  const e1 = aten("reshape.default", [aten("expand.default", [t1, [...batch, n, m1]]), [batchProduct, n, m1]]);
  const e2 = aten("reshape.default", [aten("expand.default", [t2, [...batch, m2, p]]), [batchProduct, m2, p]]);
  const outShape = [...batch, ...(d1 > 1 ? [n] : []), ...(d2 > 1 ? [p] : [])];
  return aten("_unsafe_view.default", [aten("bmm.default", [e1, e2]), outShape]);
};

function broadcastBatch(a: readonly Size[], b: readonly Size[]): Size[] {
  const n = Math.max(a.length, b.length);
  const out: Size[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1;
    const y = b[b.length - n + i] ?? 1;
    out.push(sizeEq(x, 1) ? y : x);
  }
  return out;
}

const transpose: Decomposition = ([self, d0, d1]) => {
  const x = self as Tensor;
  const n = x.dim();
  if (n === 0) return aten("alias.default", [x]);
  const perm = Array.from({ length: n }, (_, i) => i);
  const i = (d0 as number) < 0 ? (d0 as number) + n : (d0 as number);
  const j = (d1 as number) < 0 ? (d1 as number) + n : (d1 as number);
  [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  return aten("permute.default", [x, perm]);
};

export const LINEAR: Record<string, Decomposition> = {
  "linear.default": linear,
  "matmul.default": matmul,
  "t.default": ([self]) => {
    const x = self as Tensor;
    return x.dim() < 2 ? aten("alias.default", [x]) : aten("transpose.int", [x, 0, 1]);
  },
  "transpose.int": transpose,
};

// scaled_dot_product_attention on CPU as PyTorch 2.11 decomposes it: the flash-attention-for-CPU
// choice, decomposed into the math kernel (_scaled_dot_product_attention_math: q and k each scaled
// by sqrt(scale), a causal mask from tril, matmuls, _safe_softmax), with the output laid out as the
// fused kernel lays it out (permute, contiguous clone, permute back).
import { Layout, MemoryFormat, PyFloat } from "../../fx/values.js";
import { NotImplementedOpError } from "../../ops/errors.js";
import { bool, float32 } from "../../tensor/dtype.js";
import type { Tensor } from "../../tensor/tensor.js";
import { aten, type Decomposition } from "./util.js";

const PRESERVE = new MemoryFormat("preserve_format");
const CONTIGUOUS = new MemoryFormat("contiguous_format");
const STRIDED = new Layout("strided");
const factory = { layout: STRIDED, device: "cpu", pin_memory: false };

// tril of a bool matrix: (arange(w) - arange(h)[:, None] <= diagonal) & a.
function trilBool(a: Tensor, diagonal = 0): Tensor {
  const [h, w] = a.shape.slice(-2);
  const cols = aten("unsqueeze.default", [aten("arange.start_step", [0, w], factory), -2]);
  const rows = aten("unsqueeze.default", [aten("arange.start_step", [0, h], factory), -1]);
  const mask = aten("le.Scalar", [aten("sub.Tensor", [cols, rows]), diagonal]);
  return aten("logical_and.default", [mask, a]);
}

// A boolean mask as an additive float mask: 0 where kept, -inf where masked.
function additiveMask(mask: Tensor, dtype: typeof float32): Tensor {
  const minusInf = aten("scalar_tensor.default", [-Infinity], { dtype, device: "cpu" });
  const zero = aten("scalar_tensor.default", [new PyFloat(0)], { dtype, ...factory, pin_memory: null });
  return aten("where.self", [mask, zero, minusInf]);
}

// _safe_softmax: softmax, with rows that are all -inf giving zeros instead of NaN.
function safeSoftmax(x: Tensor, dim: number): Tensor {
  const out = aten("_softmax.default", [x, dim, false]);
  const masked = aten("eq.Scalar", [x, -Infinity]);
  const allMasked = aten("logical_not.default", [aten("any.dim", [aten("logical_not.default", [masked]), dim, true])]);
  const zeros = aten("full_like.default", [out, 0], { pin_memory: false, memory_format: PRESERVE });
  return aten("where.self", [allMasked, zeros, out]);
}

const sdpa: Decomposition = ([query, key, value, attnMask, dropoutP, isCausal, scale, enableGqa]) => {
  const q0 = query as Tensor;
  const k = key as Tensor;
  const v = value as Tensor;
  if ((dropoutP as number) > 0) throw new NotImplementedOpError("run_decompositions: pt2js does not decompose attention dropout (random masks)");
  if (enableGqa) throw new NotImplementedOpError("run_decompositions: pt2js does not decompose grouped-query attention (enable_gqa) yet");
  const e = q0.shape[q0.dim() - 1] as number;
  const s = (scale as number | null) ?? 1 / Math.sqrt(e);
  const factor = Math.sqrt(Math.abs(s));
  const q = aten("mul.Scalar", [q0, s < 0 ? -factor : factor]);
  let mask = attnMask as Tensor | null;
  if (isCausal) {
    const l = q.shape[q.dim() - 2]!;
    const sk = k.shape[k.dim() - 2]!;
    const ones = aten("full.default", [[l, sk], true], { dtype: bool, ...factory });
    mask = additiveMask(trilBool(ones), q.dtype);
  } else if (mask !== null && mask.dtype === bool) {
    mask = additiveMask(mask, q.dtype);
  }
  const kt = aten("mul.Scalar", [aten("transpose.int", [k, -2, -1]), factor]);
  let attn = aten("matmul.default", [q, kt]);
  if (mask !== null) attn = aten("add_.Tensor", [attn, mask]);
  attn = safeSoftmax(attn, -1);
  const out = aten("matmul.default", [attn, v]);
  // The fused CPU kernel (4-D inputs) lays its output out as (L, N, H, E); the math path returns the product.
  if (q0.dim() !== 4) return out;
  const lnhe = aten("clone.default", [aten("permute.default", [out, [2, 0, 1, 3]])], { memory_format: CONTIGUOUS });
  return aten("permute.default", [lnhe, [1, 2, 0, 3]]);
};

export const ATTENTION: Record<string, Decomposition> = {
  "scaled_dot_product_attention.default": sdpa,
};

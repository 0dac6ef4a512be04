// F.multi_head_attention_forward: the path nn.MultiheadAttention takes when PyTorch's fused fast
// path does not apply (always under export: autograd is on and the weights require grad).
// Same op sequence as torch/nn/functional.py, so traced graphs match (separate q/k/v projection
// weights, bias_k/bias_v and add_zero_attn included); static_k/static_v are not supported.
import { Tensor } from "../tensor/tensor.js";
import * as T from "../ops/functional.js";
import { zeros, zeros_like } from "../tensor/factories.js";
import { TorchRuntimeError } from "./errors.js";
import { dropout, linear, pad, scaled_dot_product_attention, softmax } from "./functional.js";
import { nnFunction } from "../export/torch_fn.js";
import { type Size, guardSize, sizeEq, sizeFloorDiv, sizeMul, sizeNe } from "../symbolic/size.js";

export interface MhaOptions {
  training?: boolean;
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  use_separate_proj_weight?: boolean;
  q_proj_weight?: Tensor | null;
  k_proj_weight?: Tensor | null;
  v_proj_weight?: Tensor | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

/** A boolean mask becomes an additive float mask (-inf where true); float masks pass through. */
function canonicalMask(mask: Tensor | null, name: string, targetDtype: Tensor["dtype"]): Tensor | null {
  if (mask === null) return null;
  if (mask.dtype.name === "bool") return T.masked_fill(zeros_like(mask, { dtype: targetDtype }), mask, -Infinity);
  if (!mask.dtype.is_floating_point) throw new TorchRuntimeError(`only bool and floating types of ${name} are supported`);
  return mask;
}

/** _in_projection_packed: one matmul for self-attention, split into q, k, v. */
function inProjectionPacked(q: Tensor, k: Tensor, v: Tensor, w: Tensor, b: Tensor | null): [Tensor, Tensor, Tensor] {
  const E = q.size(-1);
  if (k === v) {
    if (q === k) {
      let proj = linear(q, w, b);
      proj = T.contiguous(T.squeeze(T.transpose(T.unsqueeze(T.unflatten(proj, -1, [3, E]), 0), 0, -2), -2));
      return [T.select(proj, 0, 0), T.select(proj, 0, 1), T.select(proj, 0, 2)];
    }
    const [wq, wkv] = T.split(w, [E, sizeMul(2, E)]);
    const [bq, bkv] = b === null ? [null, null] : T.split(b, [E, sizeMul(2, E)]);
    const qProj = linear(q, wq!, bq ?? null);
    let kv = linear(k, wkv!, bkv ?? null);
    kv = T.contiguous(T.squeeze(T.transpose(T.unsqueeze(T.unflatten(kv, -1, [2, E]), 0), 0, -2), -2));
    return [qProj, T.select(kv, 0, 0), T.select(kv, 0, 1)];
  }
  const [wq, wk, wv] = T.chunk(w, 3);
  const [bq, bk, bv] = b === null ? [null, null, null] : T.chunk(b, 3);
  return [linear(q, wq!, bq ?? null), linear(k, wk!, bk ?? null), linear(v, wv!, bv ?? null)];
}

/** Returns [attn_output, attn_output_weights | null]; inputs are (L, N, E) or unbatched (L, E). */
export const multi_head_attention_forward = nnFunction("multi_head_attention_forward", function multi_head_attention_forward(
  query: Tensor, key: Tensor, value: Tensor, embed_dim_to_check: number, num_heads: number,
  in_proj_weight: Tensor | null, in_proj_bias: Tensor | null, bias_k: Tensor | null, bias_v: Tensor | null,
  add_zero_attn: boolean, dropout_p: number, out_proj_weight: Tensor, out_proj_bias: Tensor | null, opts: MhaOptions = {},
): [Tensor, Tensor | null] {
  const training = opts.training ?? true;
  const needWeights = opts.need_weights ?? true;
  let isCausal = opts.is_causal ?? false;
  const isBatched = query.ndim === 3;
  if (!isBatched) {
    query = T.unsqueeze(query, 1);
    key = key === query ? query : T.unsqueeze(key, 1);
    value = T.unsqueeze(value, 1);
  }
  const [tgtLen, bsz, embedDim] = query.shape as [Size, Size, Size];
  let keyPaddingMask = canonicalMask(opts.key_padding_mask ?? null, "key_padding_mask", query.dtype);
  if (keyPaddingMask !== null && !isBatched) keyPaddingMask = T.unsqueeze(keyPaddingMask, 0);
  let attnMask = opts.attn_mask ?? null;
  if (isCausal && attnMask === null) {
    throw new TorchRuntimeError("Need attn_mask if specifying the is_causal hint. You may use the Transformer module method `generate_square_subsequent_mask` to create this mask.");
  }
  if (isCausal && keyPaddingMask === null && !needWeights) attnMask = null;
  else {
    attnMask = canonicalMask(attnMask, "attn_mask", query.dtype);
    if (keyPaddingMask !== null) isCausal = false;
  }
  if (sizeNe(embedDim, embed_dim_to_check)) throw new TorchRuntimeError(`was expecting embedding dimension of ${embed_dim_to_check}, but got ${embedDim}`);
  const headDim = sizeFloorDiv(embedDim, num_heads);
  let q: Tensor, k: Tensor, v: Tensor;
  if (!opts.use_separate_proj_weight) {
    [q, k, v] = inProjectionPacked(query, key, value, in_proj_weight!, in_proj_bias);
  } else {
    // _in_projection: one linear per input with its own weight, the packed bias chunked in three.
    const [wq, wk, wv] = [opts.q_proj_weight, opts.k_proj_weight, opts.v_proj_weight];
    if (!wq || !wk || !wv) throw new TorchRuntimeError("use_separate_proj_weight is True but q_proj_weight, k_proj_weight or v_proj_weight is None");
    const [bq, bk, bv] = in_proj_bias === null ? [null, null, null] : T.chunk(in_proj_bias, 3);
    [q, k, v] = [linear(query, wq, bq ?? null), linear(key, wk, bk ?? null), linear(value, wv, bv ?? null)];
  }

  if (attnMask !== null) {
    if (attnMask.ndim === 2) {
      const [a, b] = attnMask.shape as [Size, Size];
      if (sizeNe(a, tgtLen) || sizeNe(b, key.shape[0]!)) throw new TorchRuntimeError(`The shape of the 2D attn_mask is torch.Size([${a}, ${b}]), but should be (${tgtLen}, ${key.shape[0]}).`);
      attnMask = T.unsqueeze(attnMask, 0);
    } else if (attnMask.ndim !== 3) {
      throw new TorchRuntimeError(`attn_mask's dimension ${attnMask.ndim} is not supported`);
    }
  }
  if (bias_k !== null && bias_v !== null) {
    // add bias along the batch dimension (currently the second)
    k = T.cat([k, T.repeat(bias_k, 1, bsz, 1)]);
    v = T.cat([v, T.repeat(bias_v, 1, bsz, 1)]);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = pad(keyPaddingMask, [0, 1]);
  } else if (bias_k !== null || bias_v !== null) {
    throw new TorchRuntimeError("bias_k and bias_v must both be given or both be None");
  }
  const bszHeads = sizeMul(bsz, num_heads);
  q = T.transpose(T.view(q, tgtLen, bszHeads, headDim), 0, 1);
  k = T.transpose(T.view(k, k.shape[0]!, bszHeads, headDim), 0, 1);
  v = T.transpose(T.view(v, v.shape[0]!, bszHeads, headDim), 0, 1);
  if (add_zero_attn) {
    // add zero attention along the batch dimension (now the first)
    k = T.cat([k, zeros([bszHeads, 1, headDim], { dtype: k.dtype })], 1);
    v = T.cat([v, zeros([bszHeads, 1, headDim], { dtype: v.dtype })], 1);
    if (attnMask !== null) attnMask = pad(attnMask, [0, 1]);
    if (keyPaddingMask !== null) keyPaddingMask = pad(keyPaddingMask, [0, 1]);
  }
  const srcLen = k.size(1);
  if (keyPaddingMask !== null) {
    keyPaddingMask = T.reshape(T.expand(T.view(keyPaddingMask, bsz, 1, 1, srcLen), -1, num_heads, -1, -1), bszHeads, 1, srcLen);
    attnMask = attnMask === null ? keyPaddingMask : T.add(attnMask, keyPaddingMask);
  }
  const p = training ? dropout_p : 0.0;

  if (needWeights) {
    const E = guardSize(q.size(-1)); // math.sqrt(1.0 / float(E)): float() specializes, as in PyTorch
    const qScaled = T.mul(q, Math.sqrt(1.0 / E));
    let w = attnMask !== null ? T.baddbmm(attnMask, qScaled, T.transpose(k, -2, -1)) : T.bmm(qScaled, T.transpose(k, -2, -1));
    w = softmax(w, -1);
    if (p > 0.0) w = dropout(w, p);
    let out = T.bmm(w, v);
    out = T.view(T.contiguous(T.transpose(out, 0, 1)), sizeMul(tgtLen, bsz), embedDim);
    out = linear(out, out_proj_weight, out_proj_bias);
    out = T.view(out, tgtLen, bsz, out.size(1));
    w = T.view(w, bsz, num_heads, tgtLen, srcLen);
    if (opts.average_attn_weights ?? true) w = T.mean(w, 1);
    if (!isBatched) return [T.squeeze(out, 1), T.squeeze(w, 0)];
    return [out, w];
  }
  if (attnMask !== null) {
    attnMask = sizeEq(attnMask.size(0), 1) && attnMask.ndim === 3 ? T.unsqueeze(attnMask, 0) : T.view(attnMask, bsz, num_heads, -1, srcLen);
  }
  q = T.view(q, bsz, num_heads, tgtLen, headDim);
  k = T.view(k, bsz, num_heads, srcLen, headDim);
  v = T.view(v, bsz, num_heads, srcLen, headDim);
  let out = scaled_dot_product_attention(q, k, v, attnMask, p, isCausal);
  out = T.view(T.contiguous(T.permute(out, 2, 0, 1, 3)), sizeMul(bsz, tgtLen), embedDim);
  out = linear(out, out_proj_weight, out_proj_bias);
  out = T.view(out, tgtLen, bsz, out.size(1));
  if (!isBatched) out = T.squeeze(out, 1);
  return [out, null];
});

// nn.MultiheadAttention (activation.py), nn.TransformerEncoderLayer and nn.TransformerDecoderLayer
// (transformer.py). All take PyTorch's general (non-fused) path, the one export traces.
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../tensor/factories.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { TorchRuntimeError, TorchValueError } from "../errors.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { multi_head_attention_forward } from "../functional_mha.js";
import { Linear, NonDynamicallyQuantizableLinear } from "./linear.js";
import { bindCtor, factoryKwargs, type CtorArgs, type CtorKwargs } from "./ctor.js";
import { PySignature, type PyParam } from "../../bind/python.js";
import { splitOptions } from "../../bind/options.js";
import { LayerNorm } from "./normalization.js";
import { Dropout } from "./misc.js";

/** Keyword arguments of nn.MultiheadAttention (PyTorch's names). */
export type MultiheadAttentionOptions = CtorKwargs<"MultiheadAttention">;

export interface MhaForwardOptions {
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

/**
 * A module forward's Python signature ([name] required, [name, default] optional) as PyTorch declares
 * it, `self` included so that CPython's counts in messages hold; `.bindCall(args)` binds `(...positional, kwargs?)`.
 */
function forwardSignature(cls: string, rows: [string, unknown?][]): { bindCall(args: readonly unknown[]): unknown[] } {
  const sig = new PySignature(`${cls}.forward`, [{ name: "self", kind: "POSITIONAL_ONLY" },
    ...rows.map(([name, ...d]): PyParam => (d.length ? { name, kind: "POSITIONAL_OR_KEYWORD", default: d[0] } : { name, kind: "POSITIONAL_OR_KEYWORD" }))]);
  return {
    bindCall(args) {
      const [pos, kw] = splitOptions(args);
      return sig.bind([null, ...pos], kw).slice(1);
    },
  };
}
const MHA_FORWARD = forwardSignature("MultiheadAttention", [
  ["query"], ["key"], ["value"], ["key_padding_mask", null], ["need_weights", true], ["attn_mask", null], ["average_attn_weights", true], ["is_causal", false],
]);
const ENCODER_FORWARD = forwardSignature("TransformerEncoderLayer", [["src"], ["src_mask", null], ["src_key_padding_mask", null], ["is_causal", false]]);

export class MultiheadAttention extends Module {
  static override __module_type__ = "torch.nn.modules.activation.MultiheadAttention";
  declare in_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  declare q_proj_weight: Parameter | null;
  declare k_proj_weight: Parameter | null;
  declare v_proj_weight: Parameter | null;
  declare bias_k: Parameter | null;
  declare bias_v: Parameter | null;
  readonly embed_dim: number;
  readonly num_heads: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly _qkv_same_embed_dim: boolean;
  readonly dropout: number;
  readonly batch_first: boolean;
  readonly head_dim: number;
  readonly add_zero_attn: boolean;

  /** MultiheadAttention(embed_dim, num_heads, dropout=0.0, bias=True, add_bias_kv=False, add_zero_attn=False, kdim=None, vdim=None, batch_first=False, device=None, dtype=None) */
  constructor(...args: CtorArgs<"MultiheadAttention">) {
    super();
    const [embed_dim, num_heads, dropout, bias, add_bias_kv, add_zero_attn, kdim, vdim, batch_first, device, dtype] =
      bindCtor("MultiheadAttention", args) as [number, number, number, boolean, boolean, boolean, number | null, number | null, boolean, unknown, unknown];
    if (embed_dim <= 0 || num_heads <= 0) {
      throw new TorchValueError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embed_dim} and num_heads=${num_heads} instead`);
    }
    const fk = factoryKwargs(device, dtype);
    this.embed_dim = embed_dim;
    this.num_heads = num_heads;
    this.kdim = kdim ?? embed_dim;
    this.vdim = vdim ?? embed_dim;
    this._qkv_same_embed_dim = this.kdim === embed_dim && this.vdim === embed_dim;
    this.dropout = dropout;
    this.batch_first = batch_first;
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== embed_dim) throw new TorchRuntimeError("embed_dim must be divisible by num_heads");
    if (!this._qkv_same_embed_dim) {
      this.q_proj_weight = new Parameter(empty([embed_dim, embed_dim], fk));
      this.k_proj_weight = new Parameter(empty([embed_dim, this.kdim], fk));
      this.v_proj_weight = new Parameter(empty([embed_dim, this.vdim], fk));
      this.register_parameter("in_proj_weight", null);
    } else {
      this.in_proj_weight = new Parameter(empty([3 * embed_dim, embed_dim], fk));
      this.register_parameter("q_proj_weight", null);
      this.register_parameter("k_proj_weight", null);
      this.register_parameter("v_proj_weight", null);
    }
    if (bias) this.in_proj_bias = new Parameter(empty([3 * embed_dim], fk));
    else this.register_parameter("in_proj_bias", null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, bias, { dtype: fk.dtype });
    if (add_bias_kv) {
      this.bias_k = new Parameter(empty([1, 1, embed_dim], fk));
      this.bias_v = new Parameter(empty([1, 1, embed_dim], fk));
    } else {
      this.bias_k = null;
      this.bias_v = null;
    }
    this.add_zero_attn = add_zero_attn;
    this._reset_parameters();
  }

  _reset_parameters(): void {
    if (this._qkv_same_embed_dim) init.xavier_uniform_(this.in_proj_weight!);
    else {
      init.xavier_uniform_(this.q_proj_weight!);
      init.xavier_uniform_(this.k_proj_weight!);
      init.xavier_uniform_(this.v_proj_weight!);
    }
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      if (this.out_proj.bias !== null) init.constant_(this.out_proj.bias, 0);
    }
    if (this.bias_k !== null) init.xavier_normal_(this.bias_k);
    if (this.bias_v !== null) init.xavier_normal_(this.bias_v);
  }

  /**
   * forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None, average_attn_weights=True, is_causal=False),
   * positional or keyword. Returns [attn_output, attn_output_weights (null when need_weights is false)].
   */
  override forward(...args: (Tensor | MhaForwardOptions | boolean | null)[]): [Tensor, Tensor | null] {
    const [q, k, v, key_padding_mask, need_weights, attn_mask, average_attn_weights, is_causal] = MHA_FORWARD.bindCall(args) as
      [Tensor, Tensor, Tensor, Tensor | null, boolean, Tensor | null, boolean, boolean];
    let query = q, key = k, value = v;
    const opts = { key_padding_mask, need_weights, attn_mask, average_attn_weights, is_causal };
    const isBatched = query.ndim === 3;
    if (this.batch_first && isBatched) {
      if (key === value) {
        if (query === key) query = key = value = query.transpose(1, 0);
        else {
          query = query.transpose(1, 0);
          key = value = key.transpose(1, 0);
        }
      } else {
        [query, key, value] = [query.transpose(1, 0), key.transpose(1, 0), value.transpose(1, 0)];
      }
    }
    const [out, weights] = multi_head_attention_forward(query, key, value, this.embed_dim, this.num_heads, this.in_proj_weight,
      this.in_proj_bias, this.bias_k, this.bias_v, this.add_zero_attn, this.dropout, this.out_proj.weight, this.out_proj.bias, {
        training: this.training, ...opts,
        ...(this._qkv_same_embed_dim ? {} : {
          use_separate_proj_weight: true, q_proj_weight: this.q_proj_weight, k_proj_weight: this.k_proj_weight, v_proj_weight: this.v_proj_weight,
        }),
      });
    return this.batch_first && isBatched ? [out.transpose(1, 0), weights] : [out, weights];
  }
}


/** Keyword arguments of nn.TransformerEncoderLayer (PyTorch's names). */
export type TransformerEncoderLayerOptions = CtorKwargs<"TransformerEncoderLayer">;

/** _get_activation_fn: "relu" / "gelu" (PyTorch's default is the function F.relu, a string in the signature table), or a callable / module. */
function activationFn(act: unknown): ((x: Tensor) => Tensor) | Module {
  if (act === "relu" || (typeof act === "string" && act.startsWith("<function relu"))) return (x: Tensor) => F.relu(x);
  if (act === "gelu") return (x: Tensor) => F.gelu(x);
  if (typeof act === "string") throw new TorchRuntimeError(`activation should be relu/gelu, not ${act}`);
  return act as ((x: Tensor) => Tensor) | Module;
}
type LayerValues = [number, number, number, number, unknown, number, boolean, boolean, boolean, unknown, unknown];

export class TransformerEncoderLayer extends Module {
  static override __module_type__ = "torch.nn.modules.transformer.TransformerEncoderLayer";
  declare self_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare activation: ((x: Tensor) => Tensor) | Module;
  readonly norm_first: boolean;

  /** TransformerEncoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"TransformerEncoderLayer">) {
    super();
    const [d_model, nhead, dim_feedforward, p, activation, eps, batch_first, norm_first, bias, device, dtype] = bindCtor("TransformerEncoderLayer", args) as LayerValues;
    const fk = factoryKwargs(device, dtype);
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout: p, bias, batch_first, dtype: fk.dtype });
    this.linear1 = new Linear(d_model, dim_feedforward, bias, { dtype: fk.dtype });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dim_feedforward, d_model, bias, { dtype: fk.dtype });
    this.norm_first = norm_first;
    this.norm1 = new LayerNorm(d_model, { eps, bias, dtype: fk.dtype });
    this.norm2 = new LayerNorm(d_model, { eps, bias, dtype: fk.dtype });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.activation = activationFn(activation);
  }

  /** forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False), positional or keyword. */
  override forward(...args: (Tensor | { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean } | boolean | null)[]): Tensor {
    const [src, mask, kpm, causal] = ENCODER_FORWARD.bindCall(args) as [Tensor, Tensor | null, Tensor | null, boolean];
    let x = src;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), mask, kpm, causal));
      x = x.add(this._ff_block(this.norm2(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, mask, kpm, causal)));
      x = this.norm2(x.add(this._ff_block(x)));
    }
    return x;
  }

  _sa_block(x: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal: boolean): Tensor {
    const [y] = this.self_attn(x, x, x, { attn_mask, key_padding_mask, need_weights: false, is_causal });
    return this.dropout1(y);
  }
  _ff_block(x: Tensor): Tensor {
    const act = this.activation as (x: Tensor) => Tensor;
    return this.dropout2(this.linear2(this.dropout(act(this.linear1(x)))));
  }
}

const DECODER_FORWARD = forwardSignature("TransformerDecoderLayer", [
  ["tgt"], ["memory"], ["tgt_mask", null], ["memory_mask", null], ["tgt_key_padding_mask", null], ["memory_key_padding_mask", null],
  ["tgt_is_causal", false], ["memory_is_causal", false],
]);

export class TransformerDecoderLayer extends Module {
  static override __module_type__ = "torch.nn.modules.transformer.TransformerDecoderLayer";
  declare self_attn: MultiheadAttention;
  declare multihead_attn: MultiheadAttention;
  declare linear1: Linear;
  declare dropout: Dropout;
  declare linear2: Linear;
  declare norm1: LayerNorm;
  declare norm2: LayerNorm;
  declare norm3: LayerNorm;
  declare dropout1: Dropout;
  declare dropout2: Dropout;
  declare dropout3: Dropout;
  declare activation: ((x: Tensor) => Tensor) | Module;
  readonly norm_first: boolean;

  /** TransformerDecoderLayer(d_model, nhead, dim_feedforward=2048, dropout=0.1, activation=relu, layer_norm_eps=1e-05, batch_first=False, norm_first=False, bias=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"TransformerDecoderLayer">) {
    super();
    const [d_model, nhead, dim_feedforward, p, activation, eps, batch_first, norm_first, bias, device, dtype] = bindCtor("TransformerDecoderLayer", args) as LayerValues;
    const fk = factoryKwargs(device, dtype);
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first, bias, dtype: fk.dtype });
    this.multihead_attn = new MultiheadAttention(d_model, nhead, { dropout: p, batch_first, bias, dtype: fk.dtype });
    this.linear1 = new Linear(d_model, dim_feedforward, bias, { dtype: fk.dtype });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(dim_feedforward, d_model, bias, { dtype: fk.dtype });
    this.norm_first = norm_first;
    this.norm1 = new LayerNorm(d_model, { eps, bias, dtype: fk.dtype });
    this.norm2 = new LayerNorm(d_model, { eps, bias, dtype: fk.dtype });
    this.norm3 = new LayerNorm(d_model, { eps, bias, dtype: fk.dtype });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    this.dropout3 = new Dropout(p);
    this.activation = activationFn(activation);
  }

  /** forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None, memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False) */
  override forward(...args: unknown[]): Tensor {
    const [tgt, memory, tgt_mask, memory_mask, tgt_kpm, mem_kpm, tgt_causal, mem_causal] = DECODER_FORWARD.bindCall(args) as
      [Tensor, Tensor, Tensor | null, Tensor | null, Tensor | null, Tensor | null, boolean, boolean];
    let x = tgt;
    if (this.norm_first) {
      x = x.add(this._sa_block(this.norm1(x), tgt_mask, tgt_kpm, tgt_causal));
      x = x.add(this._mha_block(this.norm2(x), memory, memory_mask, mem_kpm, mem_causal));
      x = x.add(this._ff_block(this.norm3(x)));
    } else {
      x = this.norm1(x.add(this._sa_block(x, tgt_mask, tgt_kpm, tgt_causal)));
      x = this.norm2(x.add(this._mha_block(x, memory, memory_mask, mem_kpm, mem_causal)));
      x = this.norm3(x.add(this._ff_block(x)));
    }
    return x;
  }
  _sa_block(x: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal: boolean): Tensor {
    const [y] = this.self_attn(x, x, x, { attn_mask, key_padding_mask, is_causal, need_weights: false });
    return this.dropout1(y);
  }
  _mha_block(x: Tensor, mem: Tensor, attn_mask: Tensor | null, key_padding_mask: Tensor | null, is_causal: boolean): Tensor {
    const [y] = this.multihead_attn(x, mem, mem, { attn_mask, key_padding_mask, is_causal, need_weights: false });
    return this.dropout2(y);
  }
  _ff_block(x: Tensor): Tensor {
    const act = this.activation as (x: Tensor) => Tensor;
    return this.dropout3(this.linear2(this.dropout(act(this.linear1(x)))));
  }
}

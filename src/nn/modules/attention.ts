// nn.MultiheadAttention (activation.py) and nn.TransformerEncoderLayer (transformer.py). Both take
// PyTorch's general (non-fused) path, the one export traces.
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../tensor/factories.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { NotImplementedError, TorchRuntimeError } from "../errors.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { multi_head_attention_forward } from "../functional_mha.js";
import { Linear, NonDynamicallyQuantizableLinear, type FactoryKwargs } from "./linear.js";
import { LayerNorm } from "./normalization.js";
import { Dropout } from "./misc.js";

export interface MultiheadAttentionOptions extends FactoryKwargs {
  dropout?: number;
  bias?: boolean;
  add_bias_kv?: boolean;
  add_zero_attn?: boolean;
  kdim?: number | null;
  vdim?: number | null;
  batch_first?: boolean;
}

export interface MhaForwardOptions {
  key_padding_mask?: Tensor | null;
  need_weights?: boolean;
  attn_mask?: Tensor | null;
  average_attn_weights?: boolean;
  is_causal?: boolean;
}

export class MultiheadAttention extends Module {
  static override __module_type__ = "torch.nn.modules.activation.MultiheadAttention";
  declare in_proj_weight: Parameter | null;
  declare in_proj_bias: Parameter | null;
  declare out_proj: NonDynamicallyQuantizableLinear;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batch_first: boolean;
  readonly head_dim: number;
  readonly bias_k: Tensor | null = null;
  readonly bias_v: Tensor | null = null;
  readonly add_zero_attn: boolean;

  constructor(readonly embed_dim: number, readonly num_heads: number, opts: MultiheadAttentionOptions = {}) {
    super();
    if (embed_dim <= 0 || num_heads <= 0) {
      throw new TorchRuntimeError(`embed_dim and num_heads must be greater than 0, got embed_dim=${embed_dim} and num_heads=${num_heads} instead`);
    }
    this.kdim = opts.kdim ?? embed_dim;
    this.vdim = opts.vdim ?? embed_dim;
    if (this.kdim !== embed_dim || this.vdim !== embed_dim) throw new NotImplementedError("MultiheadAttention: kdim/vdim different from embed_dim are not supported by pt2js");
    if (opts.add_bias_kv) throw new NotImplementedError("MultiheadAttention: add_bias_kv is not supported by pt2js");
    this.dropout = opts.dropout ?? 0.0;
    this.batch_first = opts.batch_first ?? false;
    this.head_dim = Math.floor(embed_dim / num_heads);
    if (this.head_dim * num_heads !== embed_dim) throw new TorchRuntimeError("embed_dim must be divisible by num_heads");
    this.add_zero_attn = opts.add_zero_attn ?? false;
    const dt = { dtype: opts.dtype ?? null };
    this.in_proj_weight = new Parameter(empty([3 * embed_dim, embed_dim], dt));
    this.register_parameter("q_proj_weight", null);
    this.register_parameter("k_proj_weight", null);
    this.register_parameter("v_proj_weight", null);
    if (opts.bias ?? true) this.in_proj_bias = new Parameter(empty([3 * embed_dim], dt));
    else this.register_parameter("in_proj_bias", null);
    this.out_proj = new NonDynamicallyQuantizableLinear(embed_dim, embed_dim, { bias: opts.bias ?? true, ...dt.dtype ? { dtype: dt.dtype } : {} });
    this._reset_parameters();
  }

  _reset_parameters(): void {
    init.xavier_uniform_(this.in_proj_weight!);
    if (this.in_proj_bias !== null) {
      init.constant_(this.in_proj_bias, 0);
      if (this.out_proj.bias !== null) init.constant_(this.out_proj.bias, 0);
    }
  }

  /** Returns [attn_output, attn_output_weights (null when need_weights is false)]. */
  override forward(query: Tensor, key: Tensor, value: Tensor, opts: MhaForwardOptions = {}): [Tensor, Tensor | null] {
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
        training: this.training, key_padding_mask: opts.key_padding_mask ?? null, need_weights: opts.need_weights ?? true,
        attn_mask: opts.attn_mask ?? null, average_attn_weights: opts.average_attn_weights ?? true, is_causal: opts.is_causal ?? false,
      });
    return this.batch_first && isBatched ? [out.transpose(1, 0), weights] : [out, weights];
  }
}

type Activation = "relu" | "gelu" | ((x: Tensor) => Tensor) | Module;

export interface TransformerEncoderLayerOptions extends FactoryKwargs {
  dim_feedforward?: number;
  dropout?: number;
  activation?: Activation;
  layer_norm_eps?: number;
  batch_first?: boolean;
  norm_first?: boolean;
  bias?: boolean;
}

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

  constructor(d_model: number, nhead: number, opts: TransformerEncoderLayerOptions = {}) {
    super();
    const p = opts.dropout ?? 0.1;
    const bias = opts.bias ?? true;
    const dt = opts.dtype ? { dtype: opts.dtype } : {};
    this.self_attn = new MultiheadAttention(d_model, nhead, { dropout: p, bias, batch_first: opts.batch_first ?? false, ...dt });
    this.linear1 = new Linear(d_model, opts.dim_feedforward ?? 2048, { bias, ...dt });
    this.dropout = new Dropout(p);
    this.linear2 = new Linear(opts.dim_feedforward ?? 2048, d_model, { bias, ...dt });
    this.norm_first = opts.norm_first ?? false;
    this.norm1 = new LayerNorm(d_model, { eps: opts.layer_norm_eps ?? 1e-5, bias, ...dt });
    this.norm2 = new LayerNorm(d_model, { eps: opts.layer_norm_eps ?? 1e-5, bias, ...dt });
    this.dropout1 = new Dropout(p);
    this.dropout2 = new Dropout(p);
    const act = opts.activation ?? "relu";
    if (act === "relu") this.activation = (x: Tensor) => F.relu(x);
    else if (act === "gelu") this.activation = (x: Tensor) => F.gelu(x);
    else if (typeof act === "string") throw new TorchRuntimeError(`activation should be relu/gelu, not ${String(act)}`);
    else this.activation = act;
  }

  override forward(src: Tensor, opts: { src_mask?: Tensor | null; src_key_padding_mask?: Tensor | null; is_causal?: boolean } = {}): Tensor {
    const mask = opts.src_mask ?? null;
    const kpm = opts.src_key_padding_mask ?? null;
    const causal = opts.is_causal ?? false;
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

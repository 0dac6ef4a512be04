// nn.Dropout (dropout.py), nn.Flatten (flatten.py), nn.Embedding (sparse.py), nn.Upsample (upsampling.py).
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../tensor/factories.js";
import type { Size } from "../../ops/size.js";
import * as T from "../../ops/functional.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { TorchValueError } from "../errors.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { pyFloat } from "./utils.js";
import type { FactoryKwargs } from "./linear.js";

export class Dropout extends Module {
  static override __module_type__ = "torch.nn.modules.dropout.Dropout";
  constructor(readonly p = 0.5, readonly inplace = false) {
    super();
    if (p < 0 || p > 1) throw new TorchValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
  }
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${this.inplace ? "True" : "False"}`;
  }
}

export class Flatten extends Module {
  static override __module_type__ = "torch.nn.modules.flatten.Flatten";
  constructor(readonly start_dim = 1, readonly end_dim = -1) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }
  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

export interface EmbeddingOptions extends FactoryKwargs {
  padding_idx?: number | null;
  max_norm?: number | null;
  _weight?: Tensor | null;
  _freeze?: boolean;
}

export class Embedding extends Module {
  static override __module_type__ = "torch.nn.modules.sparse.Embedding";
  declare weight: Parameter;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;

  constructor(readonly num_embeddings: number, readonly embedding_dim: number, opts: EmbeddingOptions = {}) {
    super();
    let pad = opts.padding_idx ?? null;
    if (pad !== null) {
      if (pad > 0 && pad >= num_embeddings) throw new TorchValueError("Padding_idx must be within num_embeddings");
      if (pad < 0 && pad < -num_embeddings) throw new TorchValueError("Padding_idx must be within num_embeddings");
      if (pad < 0) pad += num_embeddings;
    }
    this.padding_idx = pad;
    this.max_norm = opts.max_norm ?? null;
    if (opts._weight) {
      const s = opts._weight.shape;
      if (s.length !== 2 || s[0] !== num_embeddings || s[1] !== embedding_dim) {
        throw new TorchValueError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(opts._weight, !(opts._freeze ?? false));
    } else {
      this.weight = new Parameter(empty([num_embeddings, embedding_dim], { dtype: opts.dtype ?? null }), !(opts._freeze ?? false));
      this.reset_parameters();
    }
  }

  reset_parameters(): void {
    init.normal_(this.weight);
    this._fill_padding_idx_with_zero();
  }
  private _fill_padding_idx_with_zero(): void {
    if (this.padding_idx !== null && !this.weight.is_fake) {
      const row = T.select(this.weight, 0, this.padding_idx);
      row._writeLogical(new Float64Array(this.embedding_dim));
    }
  }

  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, this.padding_idx, this.max_norm);
  }
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${this.max_norm}`;
    return s;
  }

  /** nn.Embedding.from_pretrained(embeddings, { freeze, padding_idx }) */
  static from_pretrained(embeddings: Tensor, opts: { freeze?: boolean; padding_idx?: number | null } = {}): Embedding {
    if (embeddings.ndim !== 2) throw new TorchValueError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape as number[];
    return new Embedding(rows!, cols!, { _weight: embeddings, _freeze: opts.freeze ?? true, padding_idx: opts.padding_idx ?? null });
  }
}

export class Upsample extends Module {
  static override __module_type__ = "torch.nn.modules.upsampling.Upsample";
  readonly size: Size | Size[] | null;
  readonly scale_factor: number | number[] | null;
  readonly mode: "nearest" | "bilinear";
  readonly align_corners: boolean | null;
  readonly recompute_scale_factor: boolean | null;
  constructor(opts: { size?: Size | Size[] | null; scale_factor?: number | number[] | null; mode?: "nearest" | "bilinear"; align_corners?: boolean | null; recompute_scale_factor?: boolean | null } = {}) {
    super();
    this.size = opts.size ?? null;
    this.scale_factor = opts.scale_factor ?? null;
    this.mode = opts.mode ?? "nearest";
    this.align_corners = opts.align_corners ?? null;
    this.recompute_scale_factor = opts.recompute_scale_factor ?? null;
  }
  override forward(input: Tensor): Tensor {
    return F.interpolate(input, {
      size: this.size, scale_factor: this.scale_factor, mode: this.mode, align_corners: this.align_corners,
      recompute_scale_factor: this.recompute_scale_factor,
    });
  }
  override extra_repr(): string {
    const sf = this.scale_factor === null ? null : Array.isArray(this.scale_factor) ? `(${this.scale_factor.map(pyFloat).join(", ")})` : pyFloat(this.scale_factor);
    return sf !== null ? `scale_factor=${sf}, mode='${this.mode}'` : `size=${String(this.size)}, mode='${this.mode}'`;
  }
}

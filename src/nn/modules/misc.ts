// nn.Dropout and its variants (dropout.py), nn.Flatten / nn.Unflatten (flatten.py), nn.Embedding /
// nn.EmbeddingBag (sparse.py), nn.Upsample (upsampling.py), nn.PixelShuffle / nn.PixelUnshuffle
// (pixelshuffle.py), nn.ChannelShuffle (channelshuffle.py), nn.CosineSimilarity / nn.PairwiseDistance
// (distance.py), nn.Fold / nn.Unfold (fold.py).
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../tensor/factories.js";
import type { Size } from "../../ops/size.js";
import * as T from "../../ops/functional.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { TorchTypeError, TorchValueError } from "../errors.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { pyBool, pyFloat, pyRepr } from "./utils.js";
import { PySignature } from "../../bind/python.js";
import { bindCtor, factoryKwargs, type CtorArgs, type CtorKwargs } from "./ctor.js";

/** _DropoutNd(p=0.5, inplace=False) */
abstract class _DropoutNd extends Module {
  readonly p: number;
  readonly inplace: boolean;
  constructor(values: unknown[]) {
    super();
    const [p, inplace] = values as [number, boolean];
    if (p < 0 || p > 1) throw new TorchValueError(`dropout probability has to be between 0 and 1, but got ${p}`);
    this.p = p;
    this.inplace = inplace;
  }
  override extra_repr(): string {
    return `p=${pyFloat(this.p)}, inplace=${pyBool(this.inplace)}`;
  }
}

export class Dropout extends _DropoutNd {
  static override __module_type__ = "torch.nn.modules.dropout.Dropout";
  /** Dropout(p=0.5, inplace=False) */
  constructor(...args: CtorArgs<"Dropout">) {
    super(bindCtor("Dropout", args));
  }
  override forward(input: Tensor): Tensor {
    return F.dropout(input, this.p, this.training, this.inplace);
  }
}
export class Dropout1d extends _DropoutNd {
  static override __module_type__ = "torch.nn.modules.dropout.Dropout1d";
  /** Dropout1d(p=0.5, inplace=False) */
  constructor(...args: CtorArgs<"Dropout1d">) {
    super(bindCtor("Dropout1d", args));
  }
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, this.p, this.training, this.inplace);
  }
}
export class Dropout2d extends _DropoutNd {
  static override __module_type__ = "torch.nn.modules.dropout.Dropout2d";
  /** Dropout2d(p=0.5, inplace=False) */
  constructor(...args: CtorArgs<"Dropout2d">) {
    super(bindCtor("Dropout2d", args));
  }
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, this.p, this.training, this.inplace);
  }
}
export class Dropout3d extends _DropoutNd {
  static override __module_type__ = "torch.nn.modules.dropout.Dropout3d";
  /** Dropout3d(p=0.5, inplace=False) */
  constructor(...args: CtorArgs<"Dropout3d">) {
    super(bindCtor("Dropout3d", args));
  }
  override forward(input: Tensor): Tensor {
    return F.dropout3d(input, this.p, this.training, this.inplace);
  }
}
export class AlphaDropout extends _DropoutNd {
  static override __module_type__ = "torch.nn.modules.dropout.AlphaDropout";
  /** AlphaDropout(p=0.5, inplace=False) */
  constructor(...args: CtorArgs<"AlphaDropout">) {
    super(bindCtor("AlphaDropout", args));
  }
  override forward(input: Tensor): Tensor {
    return F.alpha_dropout(input, this.p, this.training);
  }
}
export class FeatureAlphaDropout extends _DropoutNd {
  static override __module_type__ = "torch.nn.modules.dropout.FeatureAlphaDropout";
  /** FeatureAlphaDropout(p=0.5, inplace=False) */
  constructor(...args: CtorArgs<"FeatureAlphaDropout">) {
    super(bindCtor("FeatureAlphaDropout", args));
  }
  override forward(input: Tensor): Tensor {
    return F.feature_alpha_dropout(input, this.p, this.training);
  }
}

export class Flatten extends Module {
  static override __module_type__ = "torch.nn.modules.flatten.Flatten";
  readonly start_dim: number;
  readonly end_dim: number;
  /** Flatten(start_dim=1, end_dim=-1) */
  constructor(...args: CtorArgs<"Flatten">) {
    super();
    [this.start_dim, this.end_dim] = bindCtor("Flatten", args) as [number, number];
  }
  override forward(input: Tensor): Tensor {
    return input.flatten(this.start_dim, this.end_dim);
  }
  override extra_repr(): string {
    return `start_dim=${this.start_dim}, end_dim=${this.end_dim}`;
  }
}

export class Unflatten extends Module {
  static override __module_type__ = "torch.nn.modules.flatten.Unflatten";
  readonly dim: number | string;
  readonly unflattened_size: number[];
  /** Unflatten(dim, unflattened_size) */
  constructor(...args: CtorArgs<"Unflatten">) {
    super();
    const [dim, size] = bindCtor("Unflatten", args) as [number | string, number[]];
    if (typeof dim !== "number") throw new TorchTypeError("invalid argument type for dim parameter, expected `int`, got `str` (named tensors are not supported by pt2js)");
    if (!Array.isArray(size) || !size.every((v) => Number.isInteger(v))) throw new TorchTypeError("unflattened_size must be tuple of ints, but found type " + typeof size);
    this.dim = dim;
    this.unflattened_size = [...size];
  }
  override forward(input: Tensor): Tensor {
    return T.unflatten(input, this.dim, this.unflattened_size);
  }
  override extra_repr(): string {
    return `dim=${pyRepr(this.dim)}, unflattened_size=${pyRepr(this.unflattened_size)}`;
  }
}

/** Keyword arguments of nn.Embedding (PyTorch's names). */
export type EmbeddingOptions = CtorKwargs<"Embedding">;

const FROM_PRETRAINED = new PySignature("from_pretrained", [
  { name: "embeddings", kind: "POSITIONAL_OR_KEYWORD" }, { name: "freeze", kind: "POSITIONAL_OR_KEYWORD", default: true },
  { name: "padding_idx", kind: "POSITIONAL_OR_KEYWORD", default: null }, { name: "max_norm", kind: "POSITIONAL_OR_KEYWORD", default: null },
  { name: "norm_type", kind: "POSITIONAL_OR_KEYWORD", default: 2.0 }, { name: "scale_grad_by_freq", kind: "POSITIONAL_OR_KEYWORD", default: false },
  { name: "sparse", kind: "POSITIONAL_OR_KEYWORD", default: false },
]);

export class Embedding extends Module {
  static override __module_type__ = "torch.nn.modules.sparse.Embedding";
  declare weight: Parameter;
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly padding_idx: number | null;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly sparse: boolean;

  /** Embedding(num_embeddings, embedding_dim, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False, _weight=None, _freeze=False, device=None, dtype=None) */
  constructor(...args: CtorArgs<"Embedding">) {
    super();
    const [num_embeddings, embedding_dim, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, _weight, _freeze, device, dtype] =
      bindCtor("Embedding", args) as [number, number, number | null, number | null, number, boolean, boolean, Tensor | null, boolean, unknown, unknown];
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    let pad = padding_idx;
    if (pad !== null) {
      if (pad > 0 && pad >= num_embeddings) throw new TorchValueError("Padding_idx must be within num_embeddings");
      if (pad < 0 && pad < -num_embeddings) throw new TorchValueError("Padding_idx must be within num_embeddings");
      if (pad < 0) pad += num_embeddings;
    }
    this.padding_idx = pad;
    this.max_norm = max_norm;
    this.norm_type = norm_type;
    this.scale_grad_by_freq = scale_grad_by_freq;
    this.sparse = sparse;
    if (_weight) {
      const s = _weight.shape;
      if (s.length !== 2 || s[0] !== num_embeddings || s[1] !== embedding_dim) {
        throw new TorchValueError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(_weight, !_freeze);
    } else {
      this.weight = new Parameter(empty([num_embeddings, embedding_dim], factoryKwargs(device, dtype)), !_freeze);
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
    // F.embedding(max_norm=...) renormalizes the looked-up rows of the weight in place first.
    if (this.max_norm !== null) F._embedding_renorm_(this.weight, input, this.max_norm, this.norm_type);
    return F.embedding(input, this.weight, this.padding_idx, null);
  }
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ", scale_grad_by_freq=True";
    if (this.sparse) s += ", sparse=True";
    return s;
  }

  /** nn.Embedding.from_pretrained(embeddings, freeze=True, padding_idx=None, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, sparse=False) */
  static from_pretrained(...args: unknown[]): Embedding {
    const [embeddings, freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse] = FROM_PRETRAINED.bindCall(args) as
      [Tensor, boolean, number | null, number | null, number, boolean, boolean];
    if (embeddings.ndim !== 2) throw new TorchValueError("Embeddings parameter is expected to be 2-dimensional");
    const [rows, cols] = embeddings.shape as number[];
    return new Embedding(rows!, cols!, { _weight: embeddings, _freeze: freeze, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse });
  }
}

export class Upsample extends Module {
  static override __module_type__ = "torch.nn.modules.upsampling.Upsample";
  readonly size: Size | Size[] | null;
  readonly scale_factor: number | number[] | null;
  readonly mode: "nearest" | "bilinear";
  readonly align_corners: boolean | null;
  readonly recompute_scale_factor: boolean | null;
  /** Upsample(size=None, scale_factor=None, mode='nearest', align_corners=None, recompute_scale_factor=None) */
  constructor(...args: CtorArgs<"Upsample">) {
    super();
    const [size, scale_factor, mode, align_corners, recompute] = bindCtor("Upsample", args) as
      [Size | Size[] | null, number | number[] | null, "nearest" | "bilinear", boolean | null, boolean | null];
    this.size = size;
    this.scale_factor = Array.isArray(scale_factor) ? [...scale_factor] : scale_factor ? scale_factor : null;
    this.mode = mode;
    this.align_corners = align_corners;
    this.recompute_scale_factor = recompute;
  }
  override forward(input: Tensor): Tensor {
    return F.interpolate(input, {
      size: this.size, scale_factor: this.scale_factor, mode: this.mode, align_corners: this.align_corners,
      recompute_scale_factor: this.recompute_scale_factor,
    });
  }
  override extra_repr(): string {
    const sf = this.scale_factor;
    const info = sf !== null ? `scale_factor=${Array.isArray(sf) ? (sf.length === 1 ? `(${pyFloat(sf[0]!)},)` : `(${sf.map(pyFloat).join(", ")})`) : pyFloat(sf)}`
      : `size=${pyRepr(this.size)}`;
    return `${info}, mode=${pyRepr(this.mode)}`;
  }
}

export class EmbeddingBag extends Module {
  static override __module_type__ = "torch.nn.modules.sparse.EmbeddingBag";
  declare weight: Parameter;
  readonly num_embeddings: number;
  readonly embedding_dim: number;
  readonly max_norm: number | null;
  readonly norm_type: number;
  readonly scale_grad_by_freq: boolean;
  readonly mode: "sum" | "mean" | "max";
  readonly sparse: boolean;
  readonly include_last_offset: boolean;
  readonly padding_idx: number | null;
  /** EmbeddingBag(num_embeddings, embedding_dim, max_norm=None, norm_type=2.0, scale_grad_by_freq=False, mode='mean', sparse=False, _weight=None, include_last_offset=False, padding_idx=None, device=None, dtype=None) */
  constructor(...args: CtorArgs<"EmbeddingBag">) {
    super();
    const [num_embeddings, embedding_dim, max_norm, norm_type, scale_grad_by_freq, mode, sparse, _weight, include_last_offset, padding_idx, device, dtype] =
      bindCtor("EmbeddingBag", args) as [number, number, number | null, number, boolean, "sum" | "mean" | "max", boolean, Tensor | null, boolean, number | null, unknown, unknown];
    this.num_embeddings = num_embeddings;
    this.embedding_dim = embedding_dim;
    this.max_norm = max_norm;
    this.norm_type = norm_type;
    this.scale_grad_by_freq = scale_grad_by_freq;
    let pad = padding_idx;
    if (pad !== null) {
      if (pad > 0 && pad >= num_embeddings) throw new TorchValueError("padding_idx must be within num_embeddings");
      if (pad < 0 && pad < -num_embeddings) throw new TorchValueError("padding_idx must be within num_embeddings");
      if (pad < 0) pad += num_embeddings;
    }
    this.padding_idx = pad;
    if (_weight) {
      const s = _weight.shape;
      if (s.length !== 2 || s[0] !== num_embeddings || s[1] !== embedding_dim) {
        throw new TorchValueError("Shape of weight does not match num_embeddings and embedding_dim");
      }
      this.weight = new Parameter(_weight);
    } else {
      this.weight = new Parameter(empty([num_embeddings, embedding_dim], factoryKwargs(device, dtype)));
      this.reset_parameters();
    }
    this.mode = mode;
    this.sparse = sparse;
    this.include_last_offset = include_last_offset;
  }
  reset_parameters(): void {
    init.normal_(this.weight);
    if (this.padding_idx !== null && !this.weight.is_fake) {
      T.select(this.weight, 0, this.padding_idx)._writeLogical(new Float64Array(this.embedding_dim));
    }
  }
  override forward(input: Tensor, offsets: Tensor | null = null, per_sample_weights: Tensor | null = null): Tensor {
    return F.embedding_bag(input, this.weight, offsets, this.max_norm, this.norm_type, this.scale_grad_by_freq, this.mode, this.sparse,
      per_sample_weights, this.include_last_offset, this.padding_idx);
  }
  override extra_repr(): string {
    let s = `${this.num_embeddings}, ${this.embedding_dim}`;
    if (this.max_norm !== null) s += `, max_norm=${pyFloat(this.max_norm)}`;
    if (this.norm_type !== 2) s += `, norm_type=${pyFloat(this.norm_type)}`;
    if (this.scale_grad_by_freq) s += ", scale_grad_by_freq=True";
    s += `, mode=${pyRepr(this.mode)}`;
    if (this.padding_idx !== null) s += `, padding_idx=${this.padding_idx}`;
    return s;
  }
}

export class PixelShuffle extends Module {
  static override __module_type__ = "torch.nn.modules.pixelshuffle.PixelShuffle";
  readonly upscale_factor: number;
  /** PixelShuffle(upscale_factor) */
  constructor(...args: CtorArgs<"PixelShuffle">) {
    super();
    [this.upscale_factor] = bindCtor("PixelShuffle", args) as [number];
  }
  override forward(input: Tensor): Tensor {
    return F.pixel_shuffle(input, this.upscale_factor);
  }
  override extra_repr(): string {
    return `upscale_factor=${this.upscale_factor}`;
  }
}

export class PixelUnshuffle extends Module {
  static override __module_type__ = "torch.nn.modules.pixelshuffle.PixelUnshuffle";
  readonly downscale_factor: number;
  /** PixelUnshuffle(downscale_factor) */
  constructor(...args: CtorArgs<"PixelUnshuffle">) {
    super();
    [this.downscale_factor] = bindCtor("PixelUnshuffle", args) as [number];
  }
  override forward(input: Tensor): Tensor {
    return F.pixel_unshuffle(input, this.downscale_factor);
  }
  override extra_repr(): string {
    return `downscale_factor=${this.downscale_factor}`;
  }
}

export class ChannelShuffle extends Module {
  static override __module_type__ = "torch.nn.modules.channelshuffle.ChannelShuffle";
  readonly groups: number;
  /** ChannelShuffle(groups) */
  constructor(...args: CtorArgs<"ChannelShuffle">) {
    super();
    [this.groups] = bindCtor("ChannelShuffle", args) as [number];
  }
  override forward(input: Tensor): Tensor {
    return F.channel_shuffle(input, this.groups);
  }
  override extra_repr(): string {
    return `groups=${this.groups}`;
  }
}

export class CosineSimilarity extends Module {
  static override __module_type__ = "torch.nn.modules.distance.CosineSimilarity";
  readonly dim: number;
  readonly eps: number;
  /** CosineSimilarity(dim=1, eps=1e-08) */
  constructor(...args: CtorArgs<"CosineSimilarity">) {
    super();
    [this.dim, this.eps] = bindCtor("CosineSimilarity", args) as [number, number];
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.cosine_similarity(x1, x2, this.dim, this.eps);
  }
}

export class PairwiseDistance extends Module {
  static override __module_type__ = "torch.nn.modules.distance.PairwiseDistance";
  readonly norm: number;
  readonly eps: number;
  readonly keepdim: boolean;
  /** PairwiseDistance(p=2.0, eps=1e-06, keepdim=False) */
  constructor(...args: CtorArgs<"PairwiseDistance">) {
    super();
    [this.norm, this.eps, this.keepdim] = bindCtor("PairwiseDistance", args) as [number, number, boolean];
  }
  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.pairwise_distance(x1, x2, this.norm, this.eps, this.keepdim);
  }
}

type Ints = number | number[];
export class Fold extends Module {
  static override __module_type__ = "torch.nn.modules.fold.Fold";
  readonly output_size: Ints;
  readonly kernel_size: Ints;
  readonly dilation: Ints;
  readonly padding: Ints;
  readonly stride: Ints;
  /** Fold(output_size, kernel_size, dilation=1, padding=0, stride=1) */
  constructor(...args: CtorArgs<"Fold">) {
    super();
    [this.output_size, this.kernel_size, this.dilation, this.padding, this.stride] = bindCtor("Fold", args) as [Ints, Ints, Ints, Ints, Ints];
  }
  override forward(input: Tensor): Tensor {
    return F.fold(input, this.output_size, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  override extra_repr(): string {
    return `output_size=${pyRepr(this.output_size)}, kernel_size=${pyRepr(this.kernel_size)}, dilation=${pyRepr(this.dilation)}, padding=${pyRepr(this.padding)}, stride=${pyRepr(this.stride)}`;
  }
}

export class Unfold extends Module {
  static override __module_type__ = "torch.nn.modules.fold.Unfold";
  readonly kernel_size: Ints;
  readonly dilation: Ints;
  readonly padding: Ints;
  readonly stride: Ints;
  /** Unfold(kernel_size, dilation=1, padding=0, stride=1) */
  constructor(...args: CtorArgs<"Unfold">) {
    super();
    [this.kernel_size, this.dilation, this.padding, this.stride] = bindCtor("Unfold", args) as [Ints, Ints, Ints, Ints];
  }
  override forward(input: Tensor): Tensor {
    return F.unfold(input, this.kernel_size, this.dilation, this.padding, this.stride);
  }
  override extra_repr(): string {
    return `kernel_size=${pyRepr(this.kernel_size)}, dilation=${pyRepr(this.dilation)}, padding=${pyRepr(this.padding)}, stride=${pyRepr(this.stride)}`;
  }
}

/** UpsamplingNearest2d(size=None, scale_factor=None): Upsample with mode='nearest'. */
export class UpsamplingNearest2d extends Upsample {
  static override __module_type__ = "torch.nn.modules.upsampling.UpsamplingNearest2d";
  constructor(...args: CtorArgs<"UpsamplingNearest2d">) {
    const [size, scale_factor] = bindCtor("UpsamplingNearest2d", args);
    super(size, scale_factor, "nearest");
  }
}
/** UpsamplingBilinear2d(size=None, scale_factor=None): Upsample with mode='bilinear', align_corners=True. */
export class UpsamplingBilinear2d extends Upsample {
  static override __module_type__ = "torch.nn.modules.upsampling.UpsamplingBilinear2d";
  constructor(...args: CtorArgs<"UpsamplingBilinear2d">) {
    const [size, scale_factor] = bindCtor("UpsamplingBilinear2d", args);
    super(size, scale_factor, "bilinear", true);
  }
}

// nn.BatchNorm1d, nn.BatchNorm2d (batchnorm.py), nn.LayerNorm, nn.GroupNorm (normalization.py).
import { Tensor } from "../../tensor/tensor.js";
import { ones, tensor, zeros } from "../../tensor/factories.js";
import { int64 } from "../../tensor/dtype.js";
import type { Size } from "../../ops/size.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { TorchValueError } from "../errors.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { pyBool, pyFloat, pyTuple } from "./utils.js";
import type { FactoryKwargs } from "./linear.js";

export interface BatchNormOptions extends FactoryKwargs {
  eps?: number;
  momentum?: number | null;
  affine?: boolean;
  track_running_stats?: boolean;
}

/** _BatchNorm: affine parameters, running statistics buffers, and PyTorch's forward logic. */
export abstract class _BatchNorm extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;

  constructor(readonly num_features: number, opts: BatchNormOptions = {}) {
    super();
    this.eps = opts.eps ?? 1e-5;
    this.momentum = opts.momentum === undefined ? 0.1 : opts.momentum;
    this.affine = opts.affine ?? true;
    this.track_running_stats = opts.track_running_stats ?? true;
    const dt = { dtype: opts.dtype ?? null };
    if (this.affine) {
      this.weight = new Parameter(ones([num_features], dt));
      this.bias = new Parameter(zeros([num_features], dt));
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
    if (this.track_running_stats) {
      this.register_buffer("running_mean", zeros([num_features], dt));
      this.register_buffer("running_var", ones([num_features], dt));
      this.register_buffer("num_batches_tracked", tensor(0, { dtype: int64 }));
    } else {
      this.register_buffer("running_mean", null);
      this.register_buffer("running_var", null);
      this.register_buffer("num_batches_tracked", null);
    }
    this.reset_parameters();
  }

  reset_running_stats(): void {
    if (!this.track_running_stats) return;
    init.zeros_(this.running_mean!);
    init.ones_(this.running_var!);
    init.zeros_(this.num_batches_tracked!);
  }
  reset_parameters(): void {
    this.reset_running_stats();
    if (this.affine) {
      init.ones_(this.weight!);
      init.zeros_(this.bias!);
    }
  }

  protected abstract _check_input_dim(input: Tensor): void;

  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    let factor = this.momentum ?? 0.0;
    if (this.training && this.track_running_stats && this.num_batches_tracked !== null) {
      this.num_batches_tracked.add_(1);
      factor = this.momentum === null ? 1.0 / Number(this.num_batches_tracked.item()) : this.momentum;
    }
    const bnTraining = this.training ? true : this.running_mean === null && this.running_var === null;
    const useStats = !this.training || this.track_running_stats;
    return F.batch_norm(input, useStats ? this.running_mean : null, useStats ? this.running_var : null, this.weight, this.bias,
      bnTraining, factor, this.eps);
  }

  override extra_repr(): string {
    const m = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

export class BatchNorm1d extends _BatchNorm {
  static override __module_type__ = "torch.nn.modules.batchnorm.BatchNorm1d";
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new TorchValueError(`expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

export class BatchNorm2d extends _BatchNorm {
  static override __module_type__ = "torch.nn.modules.batchnorm.BatchNorm2d";
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 4) throw new TorchValueError(`expected 4D input (got ${input.ndim}D input)`);
  }
}

export class LayerNorm extends Module {
  static override __module_type__ = "torch.nn.modules.normalization.LayerNorm";
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  readonly normalized_shape: number[];
  readonly eps: number;
  readonly elementwise_affine: boolean;

  constructor(normalized_shape: number | number[], opts: { eps?: number; elementwise_affine?: boolean; bias?: boolean } & FactoryKwargs = {}) {
    super();
    this.normalized_shape = typeof normalized_shape === "number" ? [normalized_shape] : [...normalized_shape];
    this.eps = opts.eps ?? 1e-5;
    this.elementwise_affine = opts.elementwise_affine ?? true;
    const dt = { dtype: opts.dtype ?? null };
    if (this.elementwise_affine) {
      this.weight = new Parameter(ones(this.normalized_shape, dt));
      if (opts.bias ?? true) this.bias = new Parameter(zeros(this.normalized_shape, dt));
      else this.register_parameter("bias", null);
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.layer_norm(input, this.normalized_shape as Size[], this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `${pyTuple(this.normalized_shape)}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

export class GroupNorm extends Module {
  static override __module_type__ = "torch.nn.modules.normalization.GroupNorm";
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  readonly eps: number;
  readonly affine: boolean;

  constructor(readonly num_groups: number, readonly num_channels: number, opts: { eps?: number; affine?: boolean } & FactoryKwargs = {}) {
    super();
    if (num_channels % num_groups !== 0) throw new TorchValueError("num_channels must be divisible by num_groups");
    this.eps = opts.eps ?? 1e-5;
    this.affine = opts.affine ?? true;
    const dt = { dtype: opts.dtype ?? null };
    if (this.affine) {
      this.weight = new Parameter(ones([num_channels], dt));
      this.bias = new Parameter(zeros([num_channels], dt));
    } else {
      this.register_parameter("weight", null);
      this.register_parameter("bias", null);
    }
  }
  override forward(input: Tensor): Tensor {
    return F.group_norm(input, this.num_groups, this.weight, this.bias, this.eps);
  }
  override extra_repr(): string {
    return `${this.num_groups}, ${this.num_channels}, eps=${pyFloat(this.eps)}, affine=${pyBool(this.affine)}`;
  }
}

// nn.BatchNorm1d/2d/3d (batchnorm.py), nn.InstanceNorm1d/2d/3d (instancenorm.py), nn.LayerNorm, nn.GroupNorm,
// nn.RMSNorm, nn.LocalResponseNorm (normalization.py).
import { Tensor } from "../../tensor/tensor.js";
import { ones, tensor, zeros } from "../../tensor/factories.js";
import { int64 } from "../../tensor/dtype.js";
import { sizeNe, type Size } from "../../ops/size.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { TorchValueError } from "../errors.js";
import { warn } from "../../warnings.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { pyBool, pyFloat, pyTuple } from "./utils.js";
import { bindCtor, factoryKwargs, type CtorArgs, type CtorKwargs } from "./ctor.js";

/** Keyword arguments of the batch-norm layers (PyTorch's names). */
export type BatchNormOptions = CtorKwargs<"BatchNorm2d">;
type NormValues = [number, number, number | null, boolean, boolean, unknown, unknown];

/** _NormBase: affine parameters and running statistics buffers (batch and instance norm). */
export abstract class _NormBase extends Module {
  declare weight: Parameter | null;
  declare bias: Parameter | null;
  declare running_mean: Tensor | null;
  declare running_var: Tensor | null;
  declare num_batches_tracked: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly track_running_stats: boolean;

  readonly num_features: number;
  /** (num_features, eps, momentum, affine, track_running_stats, device, dtype) as bound from the subclass's signature. */
  constructor(values: unknown[]) {
    super();
    const [num_features, eps, momentum, affine, track, device, dtype] = values as NormValues;
    this.num_features = num_features;
    this.eps = eps;
    this.momentum = momentum;
    this.affine = affine;
    this.track_running_stats = track;
    const dt = factoryKwargs(device, dtype);
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

  override extra_repr(): string {
    const m = this.momentum === null ? "None" : pyFloat(this.momentum);
    return `${this.num_features}, eps=${pyFloat(this.eps)}, momentum=${m}, affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.track_running_stats)}`;
  }
}

/** _BatchNorm: PyTorch's forward logic over _NormBase. */
export abstract class _BatchNorm extends _NormBase {
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
}

export class BatchNorm1d extends _BatchNorm {
  static override __module_type__ = "torch.nn.modules.batchnorm.BatchNorm1d";
  /** BatchNorm1d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"BatchNorm1d">) {
    super(bindCtor("BatchNorm1d", args));
  }
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 2 && input.ndim !== 3) throw new TorchValueError(`expected 2D or 3D input (got ${input.ndim}D input)`);
  }
}

export class BatchNorm2d extends _BatchNorm {
  static override __module_type__ = "torch.nn.modules.batchnorm.BatchNorm2d";
  /** BatchNorm2d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"BatchNorm2d">) {
    super(bindCtor("BatchNorm2d", args));
  }
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

  /** LayerNorm(normalized_shape, eps=1e-05, elementwise_affine=True, bias=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"LayerNorm">) {
    super();
    const [normalized_shape, eps, elementwise_affine, bias, device, dtype] = bindCtor("LayerNorm", args) as [number | number[], number, boolean, boolean, unknown, unknown];
    this.normalized_shape = typeof normalized_shape === "number" ? [normalized_shape] : [...normalized_shape];
    this.eps = eps;
    this.elementwise_affine = elementwise_affine;
    const dt = factoryKwargs(device, dtype);
    if (this.elementwise_affine) {
      this.weight = new Parameter(ones(this.normalized_shape, dt));
      if (bias) this.bias = new Parameter(zeros(this.normalized_shape, dt));
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

  readonly num_groups: number;
  readonly num_channels: number;
  /** GroupNorm(num_groups, num_channels, eps=1e-05, affine=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"GroupNorm">) {
    super();
    const [num_groups, num_channels, eps, affine, device, dtype] = bindCtor("GroupNorm", args) as [number, number, number, boolean, unknown, unknown];
    if (num_channels % num_groups !== 0) throw new TorchValueError("num_channels must be divisible by num_groups");
    this.num_groups = num_groups;
    this.num_channels = num_channels;
    this.eps = eps;
    this.affine = affine;
    const dt = factoryKwargs(device, dtype);
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

export class BatchNorm3d extends _BatchNorm {
  static override __module_type__ = "torch.nn.modules.batchnorm.BatchNorm3d";
  /** BatchNorm3d(num_features, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"BatchNorm3d">) {
    super(bindCtor("BatchNorm3d", args));
  }
  protected _check_input_dim(input: Tensor): void {
    if (input.ndim !== 5) throw new TorchValueError(`expected 5D input (got ${input.ndim}D input)`);
  }
}

/** _InstanceNorm: F.instance_norm with input statistics in training or without running statistics. */
export abstract class _InstanceNorm extends _NormBase {
  protected abstract readonly noBatchDim: number;
  protected _check_input_dim(input: Tensor): void {
    const d = this.noBatchDim;
    if (input.ndim !== d && input.ndim !== d + 1) throw new TorchValueError(`expected ${d}D or ${d + 1}D input (got ${input.ndim}D input)`);
  }
  override forward(input: Tensor): Tensor {
    this._check_input_dim(input);
    const featureDim = input.ndim - this.noBatchDim;
    // instancenorm.py compares the channels with num_features (a guard, as Python's `!=` on a
    // SymInt, so the channels become static), and only warns without affine.
    if (sizeNe(input.size(featureDim), this.num_features)) {
      if (this.affine) throw new TorchValueError(`expected input's size at dim=${featureDim} to match num_features (${this.num_features}), but got: ${String(input.size(featureDim))}.`);
      warn(`input's size at dim=${featureDim} does not match num_features. You can silence this warning by not passing in num_features, which is not used because affine=False`);
    }
    if (input.ndim === this.noBatchDim) return this._apply_instance_norm(input.unsqueeze(0)).squeeze(0);
    return this._apply_instance_norm(input);
  }
  _apply_instance_norm(input: Tensor): Tensor {
    return F.instance_norm(input, this.running_mean, this.running_var, this.weight, this.bias,
      this.training || !this.track_running_stats, this.momentum ?? 0.0, this.eps);
  }
}

export class InstanceNorm1d extends _InstanceNorm {
  static override __module_type__ = "torch.nn.modules.instancenorm.InstanceNorm1d";
  protected readonly noBatchDim = 2;
  /** InstanceNorm1d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None) */
  constructor(...args: CtorArgs<"InstanceNorm1d">) {
    super(bindCtor("InstanceNorm1d", args));
  }
}
export class InstanceNorm2d extends _InstanceNorm {
  static override __module_type__ = "torch.nn.modules.instancenorm.InstanceNorm2d";
  protected readonly noBatchDim = 3;
  /** InstanceNorm2d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None) */
  constructor(...args: CtorArgs<"InstanceNorm2d">) {
    super(bindCtor("InstanceNorm2d", args));
  }
}
export class InstanceNorm3d extends _InstanceNorm {
  static override __module_type__ = "torch.nn.modules.instancenorm.InstanceNorm3d";
  protected readonly noBatchDim = 4;
  /** InstanceNorm3d(num_features, eps=1e-05, momentum=0.1, affine=False, track_running_stats=False, device=None, dtype=None) */
  constructor(...args: CtorArgs<"InstanceNorm3d">) {
    super(bindCtor("InstanceNorm3d", args));
  }
}

export class RMSNorm extends Module {
  static override __module_type__ = "torch.nn.modules.normalization.RMSNorm";
  declare weight: Parameter | null;
  readonly normalized_shape: number[];
  readonly eps: number | null;
  readonly elementwise_affine: boolean;
  /** RMSNorm(normalized_shape, eps=None, elementwise_affine=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"RMSNorm">) {
    super();
    const [normalized_shape, eps, elementwise_affine, device, dtype] = bindCtor("RMSNorm", args) as [number | number[], number | null, boolean, unknown, unknown];
    this.normalized_shape = typeof normalized_shape === "number" ? [normalized_shape] : [...normalized_shape];
    this.eps = eps;
    this.elementwise_affine = elementwise_affine;
    if (elementwise_affine) this.weight = new Parameter(ones(this.normalized_shape, factoryKwargs(device, dtype)));
    else this.register_parameter("weight", null);
  }
  reset_parameters(): void {
    if (this.weight !== null) init.ones_(this.weight);
  }
  override forward(x: Tensor): Tensor {
    return F.rms_norm(x, this.normalized_shape, this.weight, this.eps);
  }
  override extra_repr(): string {
    return `${pyTuple(this.normalized_shape)}, eps=${this.eps === null ? "None" : pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwise_affine)}`;
  }
}

export class LocalResponseNorm extends Module {
  static override __module_type__ = "torch.nn.modules.normalization.LocalResponseNorm";
  readonly size: number;
  readonly alpha: number;
  readonly beta: number;
  readonly k: number;
  /** LocalResponseNorm(size, alpha=0.0001, beta=0.75, k=1.0) */
  constructor(...args: CtorArgs<"LocalResponseNorm">) {
    super();
    [this.size, this.alpha, this.beta, this.k] = bindCtor("LocalResponseNorm", args) as [number, number, number, number];
  }
  override forward(input: Tensor): Tensor {
    return F.local_response_norm(input, this.size, this.alpha, this.beta, this.k);
  }
  override extra_repr(): string {
    return `${this.size}, alpha=${pyFloat(this.alpha)}, beta=${pyFloat(this.beta)}, k=${pyFloat(this.k)}`;
  }
}

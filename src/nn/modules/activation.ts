// Activation layers (torch/nn/modules/activation.py): each forward calls the function PyTorch's does.
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { Module } from "../module.js";
import { TorchValueError } from "../errors.js";
import * as F from "../functional.js";
import { torch } from "../../tensor/index.js";
import { pyFloat } from "./utils.js";
import { Parameter } from "../parameter.js";
import { empty } from "../../tensor/factories.js";
import * as init from "../init.js";
import { bindCtor, factoryKwargs, type CtorArgs } from "./ctor.js";

export class ReLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.ReLU";
  readonly inplace: boolean;
  /** ReLU(inplace=False) */
  constructor(...args: CtorArgs<"ReLU">) {
    super();
    [this.inplace] = bindCtor("ReLU", args) as [boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.relu(input, this.inplace);
  }
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class ReLU6 extends Module {
  static override __module_type__ = "torch.nn.modules.activation.ReLU6";
  readonly inplace: boolean;
  /** ReLU6(inplace=False) */
  constructor(...args: CtorArgs<"ReLU6">) {
    super();
    [this.inplace] = bindCtor("ReLU6", args) as [boolean];
  }
  override forward(input: Tensor): Tensor {
    // ReLU6 is Hardtanh(0, 6) in PyTorch: its forward calls F.hardtanh.
    return F.hardtanh(input, 0, 6, this.inplace);
  }
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class GELU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.GELU";
  readonly approximate: "none" | "tanh";
  /** GELU(approximate='none') */
  constructor(...args: CtorArgs<"GELU">) {
    super();
    [this.approximate] = bindCtor("GELU", args) as ["none" | "tanh"];
  }
  override forward(input: Tensor): Tensor {
    return F.gelu(input, { approximate: this.approximate });
  }
  override extra_repr(): string {
    return `approximate='${this.approximate}'`;
  }
}

export class SiLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.SiLU";
  readonly inplace: boolean;
  /** SiLU(inplace=False) */
  constructor(...args: CtorArgs<"SiLU">) {
    super();
    [this.inplace] = bindCtor("SiLU", args) as [boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.silu(input, this.inplace);
  }
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class Sigmoid extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Sigmoid";
  constructor(...args: unknown[]) {
    super();
    bindCtor("Sigmoid", args);
  }
  override forward(input: Tensor): Tensor {
    return torch.sigmoid(input); // PyTorch's Sigmoid calls torch.sigmoid, not F.sigmoid (its torch_fn)
  }
}

export class Tanh extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Tanh";
  constructor(...args: unknown[]) {
    super();
    bindCtor("Tanh", args);
  }
  override forward(input: Tensor): Tensor {
    return torch.tanh(input); // as PyTorch's Tanh does
  }
}

export class Hardswish extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Hardswish";
  readonly inplace: boolean;
  /** Hardswish(inplace=False) */
  constructor(...args: CtorArgs<"Hardswish">) {
    super();
    [this.inplace] = bindCtor("Hardswish", args) as [boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.hardswish(input, this.inplace);
  }
}

export class LeakyReLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.LeakyReLU";
  readonly negative_slope: number;
  readonly inplace: boolean;
  /** LeakyReLU(negative_slope=0.01, inplace=False) */
  constructor(...args: CtorArgs<"LeakyReLU">) {
    super();
    [this.negative_slope, this.inplace] = bindCtor("LeakyReLU", args) as [number, boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.leaky_relu(input, this.negative_slope, this.inplace);
  }
  override extra_repr(): string {
    return `negative_slope=${pyFloat(this.negative_slope)}${this.inplace ? ", inplace=True" : ""}`;
  }
}

export class Softmax extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Softmax";
  readonly dim: number | null;
  /** Softmax(dim=None) */
  constructor(...args: CtorArgs<"Softmax">) {
    super();
    [this.dim] = bindCtor("Softmax", args) as [number | null];
  }
  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

export class LogSoftmax extends Module {
  static override __module_type__ = "torch.nn.modules.activation.LogSoftmax";
  readonly dim: number | null;
  /** LogSoftmax(dim=None) */
  constructor(...args: CtorArgs<"LogSoftmax">) {
    super();
    [this.dim] = bindCtor("LogSoftmax", args) as [number | null];
  }
  override forward(input: Tensor): Tensor {
    return F.log_softmax(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

const inplaceStr = (b: boolean) => (b ? ", inplace=True" : "");

export class ELU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.ELU";
  readonly alpha: number;
  readonly inplace: boolean;
  /** ELU(alpha=1.0, inplace=False) */
  constructor(...args: CtorArgs<"ELU">) {
    super();
    [this.alpha, this.inplace] = bindCtor("ELU", args) as [number, boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceStr(this.inplace)}`;
  }
}

export class CELU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.CELU";
  readonly alpha: number;
  readonly inplace: boolean;
  /** CELU(alpha=1.0, inplace=False) */
  constructor(...args: CtorArgs<"CELU">) {
    super();
    [this.alpha, this.inplace] = bindCtor("CELU", args) as [number, boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha, this.inplace);
  }
  override extra_repr(): string {
    return `alpha=${pyFloat(this.alpha)}${inplaceStr(this.inplace)}`;
  }
}

export class Hardtanh extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Hardtanh";
  readonly min_val: number;
  readonly max_val: number;
  readonly inplace: boolean;
  /** Hardtanh(min_val=-1.0, max_val=1.0, inplace=False, min_value=None, max_value=None); min_value/max_value are the deprecated spellings. */
  constructor(...args: CtorArgs<"Hardtanh">) {
    super();
    const [min_val, max_val, inplace, min_value, max_value] = bindCtor("Hardtanh", args) as [number, number, boolean, number | null, number | null];
    this.min_val = min_value ?? min_val;
    this.max_val = max_value ?? max_val;
    this.inplace = inplace;
    if (this.max_val <= this.min_val) throw new TorchValueError("Hardtanh: max_val must be greater than min_val");
  }
  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.min_val, this.max_val, this.inplace);
  }
  override extra_repr(): string {
    return `min_val=${pyFloat(this.min_val)}, max_val=${pyFloat(this.max_val)}${inplaceStr(this.inplace)}`;
  }
}

export class Softplus extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Softplus";
  readonly beta: number;
  readonly threshold: number;
  /** Softplus(beta=1.0, threshold=20.0) */
  constructor(...args: CtorArgs<"Softplus">) {
    super();
    [this.beta, this.threshold] = bindCtor("Softplus", args) as [number, number];
  }
  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }
  override extra_repr(): string {
    return `beta=${pyFloat(this.beta)}, threshold=${pyFloat(this.threshold)}`;
  }
}

export class PReLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.PReLU";
  declare weight: Parameter;
  readonly num_parameters: number;
  readonly init: number;
  /** PReLU(num_parameters=1, init=0.25, device=None, dtype=None) */
  constructor(...args: CtorArgs<"PReLU">) {
    super();
    const [num_parameters, initValue, device, dtype] = bindCtor("PReLU", args) as [number, number, unknown, unknown];
    this.num_parameters = num_parameters;
    this.init = initValue;
    this.weight = new Parameter(empty([num_parameters], factoryKwargs(device, dtype)));
    this.reset_parameters();
  }
  reset_parameters(): void {
    init.constant_(this.weight, this.init);
  }
  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }
  override extra_repr(): string {
    return `num_parameters=${this.num_parameters}`;
  }
}

export class Threshold extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Threshold";
  readonly threshold: number;
  readonly value: number;
  readonly inplace: boolean;
  /** Threshold(threshold, value, inplace=False) */
  constructor(...args: CtorArgs<"Threshold">) {
    super();
    [this.threshold, this.value, this.inplace] = bindCtor("Threshold", args) as [number, number, boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value, this.inplace);
  }
  override extra_repr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}${inplaceStr(this.inplace)}`;
  }
}

export class Mish extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Mish";
  readonly inplace: boolean;
  /** Mish(inplace=False) */
  constructor(...args: CtorArgs<"Mish">) {
    super();
    [this.inplace] = bindCtor("Mish", args) as [boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.mish(input, this.inplace);
  }
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class Hardsigmoid extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Hardsigmoid";
  readonly inplace: boolean;
  /** Hardsigmoid(inplace=False) */
  constructor(...args: CtorArgs<"Hardsigmoid">) {
    super();
    [this.inplace] = bindCtor("Hardsigmoid", args) as [boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.hardsigmoid(input, this.inplace);
  }
}

export class Softsign extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Softsign";
  constructor(...args: unknown[]) {
    super();
    bindCtor("Softsign", args);
  }
  override forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

export class GLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.GLU";
  readonly dim: number;
  /** GLU(dim=-1) */
  constructor(...args: CtorArgs<"GLU">) {
    super();
    [this.dim] = bindCtor("GLU", args) as [number];
  }
  override forward(input: Tensor): Tensor {
    return F.glu(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim}`;
  }
}

export class Softmin extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Softmin";
  readonly dim: number | null;
  /** Softmin(dim=None) */
  constructor(...args: CtorArgs<"Softmin">) {
    super();
    [this.dim] = bindCtor("Softmin", args) as [number | null];
  }
  override forward(input: Tensor): Tensor {
    return F.softmin(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

export type { DType };

export class SELU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.SELU";
  readonly inplace: boolean;
  /** SELU(inplace=False) */
  constructor(...args: CtorArgs<"SELU">) {
    super();
    [this.inplace] = bindCtor("SELU", args) as [boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.selu(input, this.inplace);
  }
  override extra_repr(): string {
    return this.inplace ? "inplace=True" : "";
  }
}

export class RReLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.RReLU";
  readonly lower: number;
  readonly upper: number;
  readonly inplace: boolean;
  /** RReLU(lower=0.125, upper=0.3333333333333333, inplace=False) */
  constructor(...args: CtorArgs<"RReLU">) {
    super();
    [this.lower, this.upper, this.inplace] = bindCtor("RReLU", args) as [number, number, boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.rrelu(input, this.lower, this.upper, this.training, this.inplace);
  }
  override extra_repr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}${inplaceStr(this.inplace)}`;
  }
}

/** Softshrink / Hardshrink: extra_repr is str(lambd). */
export class Softshrink extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Softshrink";
  readonly lambd: number;
  /** Softshrink(lambd=0.5) */
  constructor(...args: CtorArgs<"Softshrink">) {
    super();
    [this.lambd] = bindCtor("Softshrink", args) as [number];
  }
  override forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }
  override extra_repr(): string {
    return pyFloat(this.lambd);
  }
}
export class Hardshrink extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Hardshrink";
  readonly lambd: number;
  /** Hardshrink(lambd=0.5) */
  constructor(...args: CtorArgs<"Hardshrink">) {
    super();
    [this.lambd] = bindCtor("Hardshrink", args) as [number];
  }
  override forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }
  override extra_repr(): string {
    return pyFloat(this.lambd);
  }
}

export class LogSigmoid extends Module {
  static override __module_type__ = "torch.nn.modules.activation.LogSigmoid";
  constructor(...args: unknown[]) {
    super();
    bindCtor("LogSigmoid", args);
  }
  override forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}
export class Tanhshrink extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Tanhshrink";
  constructor(...args: unknown[]) {
    super();
    bindCtor("Tanhshrink", args);
  }
  override forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}
export class Softmax2d extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Softmax2d";
  constructor(...args: unknown[]) {
    super();
    bindCtor("Softmax2d", args);
  }
  override forward(input: Tensor): Tensor {
    if (input.ndim !== 3 && input.ndim !== 4) throw new TorchValueError(`Softmax2d: expected input to be 3D or 4D, got ${input.ndim}D instead`);
    return F.softmax(input, -3);
  }
}

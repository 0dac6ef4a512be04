// nn.Identity, nn.Linear, nn.Bilinear (torch/nn/modules/linear.py).
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../tensor/factories.js";
import type { DType } from "../../tensor/dtype.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { bindCtor, factoryKwargs, type CtorArgs } from "./ctor.js";

export interface FactoryKwargs {
  dtype?: DType;
}

export class Identity extends Module {
  static override __module_type__ = "torch.nn.modules.linear.Identity";
  /** Identity(*args, **kwargs): the arguments are ignored, as PyTorch's are. */
  constructor(...args: unknown[]) {
    super();
    bindCtor("Identity", args);
  }
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** y = x Aᵀ + b; weight (out_features, in_features), kaiming-uniform initialized as PyTorch does. */
export class Linear extends Module {
  static override __module_type__ = "torch.nn.modules.linear.Linear";
  declare weight: Parameter;
  declare bias: Parameter | null;

  readonly in_features: number;
  readonly out_features: number;
  /** Linear(in_features, out_features, bias=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"Linear">) {
    super();
    const [in_features, out_features, bias, device, dtype] = bindCtor("Linear", args) as [number, number, boolean, unknown, unknown];
    const fk = factoryKwargs(device, dtype);
    this.in_features = in_features;
    this.out_features = out_features;
    this.weight = new Parameter(empty([out_features, in_features], fk));
    if (bias) this.bias = new Parameter(empty([out_features], fk));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }

  reset_parameters(): void {
    // kaiming_uniform_(a=sqrt(5)) gives U(-1/sqrt(in), 1/sqrt(in)); see PyTorch issue 57109.
    init.kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias !== null) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    return F.linear(input, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in_features=${this.in_features}, out_features=${this.out_features}, bias=${this.bias !== null ? "True" : "False"}`;
  }
}

/** MultiheadAttention's out_proj class (a Linear under another name, kept for quantization in PyTorch). */
export class NonDynamicallyQuantizableLinear extends Linear {
  static override __module_type__ = "torch.nn.modules.linear.NonDynamicallyQuantizableLinear";
}

/** y = x1ᵀ A x2 + b; weight (out_features, in1_features, in2_features), U(-1/sqrt(in1), 1/sqrt(in1)) as PyTorch. */
export class Bilinear extends Module {
  static override __module_type__ = "torch.nn.modules.linear.Bilinear";
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly in1_features: number;
  readonly in2_features: number;
  readonly out_features: number;
  /** Bilinear(in1_features, in2_features, out_features, bias=True, device=None, dtype=None) */
  constructor(...args: CtorArgs<"Bilinear">) {
    super();
    const [in1, in2, out, bias, device, dtype] = bindCtor("Bilinear", args) as [number, number, number, boolean, unknown, unknown];
    const fk = factoryKwargs(device, dtype);
    this.in1_features = in1;
    this.in2_features = in2;
    this.out_features = out;
    this.weight = new Parameter(empty([out, in1, in2], fk));
    if (bias) this.bias = new Parameter(empty([out], fk));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }
  reset_parameters(): void {
    const bound = 1 / Math.sqrt(this.weight.size(1) as number);
    init.uniform_(this.weight, -bound, bound);
    if (this.bias !== null) init.uniform_(this.bias, -bound, bound);
  }
  override forward(input1: Tensor, input2: Tensor): Tensor {
    return F.bilinear(input1, input2, this.weight, this.bias);
  }
  override extra_repr(): string {
    return `in1_features=${this.in1_features}, in2_features=${this.in2_features}, out_features=${this.out_features}, bias=${this.bias !== null ? "True" : "False"}`;
  }
}

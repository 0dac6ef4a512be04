// nn.Identity, nn.Linear (torch/nn/modules/linear.py).
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../tensor/factories.js";
import type { DType } from "../../tensor/dtype.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import * as init from "../init.js";
import * as F from "../functional.js";

export interface FactoryKwargs {
  dtype?: DType;
}

export class Identity extends Module {
  static override __module_type__ = "torch.nn.modules.linear.Identity";
  constructor(..._args: unknown[]) {
    super();
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

  constructor(readonly in_features: number, readonly out_features: number, opts: { bias?: boolean } & FactoryKwargs = {}) {
    super();
    this.weight = new Parameter(empty([out_features, in_features], { dtype: opts.dtype ?? null }));
    if (opts.bias ?? true) this.bias = new Parameter(empty([out_features], { dtype: opts.dtype ?? null }));
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

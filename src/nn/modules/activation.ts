// Activation layers (torch/nn/modules/activation.py): each forward calls the function PyTorch's does.
import { Tensor } from "../../tensor/tensor.js";
import type { DType } from "../../tensor/dtype.js";
import { Module } from "../module.js";
import * as F from "../functional.js";
import { torch } from "../../tensor/index.js";
import { pyFloat } from "./utils.js";

export class ReLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.ReLU";
  constructor(readonly inplace = false) {
    super();
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
  constructor(readonly inplace = false) {
    super();
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
  constructor(opts: { approximate?: "none" | "tanh" } = {}) {
    super();
    this.approximate = opts.approximate ?? "none";
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
  constructor(readonly inplace = false) {
    super();
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
  override forward(input: Tensor): Tensor {
    return torch.sigmoid(input); // PyTorch's Sigmoid calls torch.sigmoid, not F.sigmoid (its torch_fn)
  }
}

export class Tanh extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Tanh";
  override forward(input: Tensor): Tensor {
    return torch.tanh(input); // as PyTorch's Tanh does
  }
}

export class Hardswish extends Module {
  static override __module_type__ = "torch.nn.modules.activation.Hardswish";
  constructor(readonly inplace = false) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.hardswish(input, this.inplace);
  }
}

export class LeakyReLU extends Module {
  static override __module_type__ = "torch.nn.modules.activation.LeakyReLU";
  constructor(readonly negative_slope = 0.01, readonly inplace = false) {
    super();
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
  constructor(readonly dim: number | null = null) {
    super();
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
  constructor(readonly dim: number | null = null) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.log_softmax(input, this.dim);
  }
  override extra_repr(): string {
    return `dim=${this.dim === null ? "None" : this.dim}`;
  }
}

export type { DType };

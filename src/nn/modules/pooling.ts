// nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d (torch/nn/modules/pooling.py).
import { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";
import * as F from "../functional.js";
import { pyBool } from "./utils.js";

type Ints = number | number[];
const fmt = (v: Ints | null) => (v === null ? "None" : Array.isArray(v) ? `(${v.join(", ")})` : String(v));

export class MaxPool2d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.MaxPool2d";
  readonly stride: Ints;
  readonly padding: Ints;
  readonly dilation: Ints;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;
  constructor(readonly kernel_size: Ints, opts: { stride?: Ints | null; padding?: Ints; dilation?: Ints; return_indices?: boolean; ceil_mode?: boolean } = {}) {
    super();
    this.stride = opts.stride ?? kernel_size;
    this.padding = opts.padding ?? 0;
    this.dilation = opts.dilation ?? 1;
    this.return_indices = opts.return_indices ?? false;
    this.ceil_mode = opts.ceil_mode ?? false;
  }
  override forward(input: Tensor): Tensor {
    return F.max_pool2d(input, this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode, this.return_indices);
  }
  override extra_repr(): string {
    return `kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}, dilation=${fmt(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export class AvgPool2d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AvgPool2d";
  readonly stride: Ints;
  readonly padding: Ints;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;
  constructor(readonly kernel_size: Ints, opts: { stride?: Ints | null; padding?: Ints; ceil_mode?: boolean; count_include_pad?: boolean; divisor_override?: number | null } = {}) {
    super();
    this.stride = opts.stride ?? kernel_size;
    this.padding = opts.padding ?? 0;
    this.ceil_mode = opts.ceil_mode ?? false;
    this.count_include_pad = opts.count_include_pad ?? true;
    this.divisor_override = opts.divisor_override ?? null;
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
  override extra_repr(): string {
    return `kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AdaptiveAvgPool2d";
  constructor(readonly output_size: Ints | (number | null)[]) {
    super();
  }
  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool2d(input, this.output_size);
  }
  override extra_repr(): string {
    const o = this.output_size;
    return `output_size=${Array.isArray(o) ? `(${o.map((v) => (v === null ? "None" : v)).join(", ")})` : o}`;
  }
}

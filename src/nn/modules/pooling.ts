// nn.MaxPool1d/2d, nn.AvgPool1d/2d, nn.AdaptiveAvgPool1d/2d, nn.AdaptiveMaxPool2d (torch/nn/modules/pooling.py).
import { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";
import * as F from "../functional.js";
import { ntuple, pyBool, pyRepr } from "./utils.js";
import { bindCtor, type CtorArgs } from "./ctor.js";

type Ints = number | number[];
const fmt = (v: unknown) => pyRepr(v);

/** _MaxPoolNd(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False) */
abstract class _MaxPoolNd extends Module {
  readonly kernel_size: Ints;
  readonly stride: Ints;
  readonly padding: Ints;
  readonly dilation: Ints;
  readonly return_indices: boolean;
  readonly ceil_mode: boolean;
  constructor(values: unknown[]) {
    super();
    const [kernel_size, stride, padding, dilation, return_indices, ceil_mode] = values as [Ints, Ints | null, Ints, Ints, boolean, boolean];
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.dilation = dilation;
    this.return_indices = return_indices;
    this.ceil_mode = ceil_mode;
  }
  override extra_repr(): string {
    return `kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}, dilation=${fmt(this.dilation)}, ceil_mode=${pyBool(this.ceil_mode)}`;
  }
}

export class MaxPool1d extends _MaxPoolNd {
  static override __module_type__ = "torch.nn.modules.pooling.MaxPool1d";
  /** MaxPool1d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False) */
  constructor(...args: CtorArgs<"MaxPool1d">) {
    super(bindCtor("MaxPool1d", args));
  }
  override forward(input: Tensor): Tensor {
    return F.max_pool1d(input, this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode, this.return_indices);
  }
}

export class MaxPool2d extends _MaxPoolNd {
  static override __module_type__ = "torch.nn.modules.pooling.MaxPool2d";
  /** MaxPool2d(kernel_size, stride=None, padding=0, dilation=1, return_indices=False, ceil_mode=False) */
  constructor(...args: CtorArgs<"MaxPool2d">) {
    super(bindCtor("MaxPool2d", args));
  }
  override forward(input: Tensor): Tensor {
    return F.max_pool2d(input, this.kernel_size, this.stride, this.padding, this.dilation, this.ceil_mode, this.return_indices);
  }
}

export class AvgPool1d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AvgPool1d";
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  /** AvgPool1d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True) */
  constructor(...args: CtorArgs<"AvgPool1d">) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad] = bindCtor("AvgPool1d", args) as [Ints, Ints | null, Ints, boolean, boolean];
    this.kernel_size = ntuple(kernel_size, 1, "kernel_size");
    this.stride = ntuple(stride ?? kernel_size, 1, "stride");
    this.padding = ntuple(padding, 1, "padding");
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool1d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad);
  }
  override extra_repr(): string {
    return `kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}`;
  }
}

export class AvgPool2d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AvgPool2d";
  readonly kernel_size: Ints;
  readonly stride: Ints;
  readonly padding: Ints;
  readonly ceil_mode: boolean;
  readonly count_include_pad: boolean;
  readonly divisor_override: number | null;
  /** AvgPool2d(kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True, divisor_override=None) */
  constructor(...args: CtorArgs<"AvgPool2d">) {
    super();
    const [kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override] =
      bindCtor("AvgPool2d", args) as [Ints, Ints | null, Ints, boolean, boolean, number | null];
    this.kernel_size = kernel_size;
    this.stride = stride ?? kernel_size;
    this.padding = padding;
    this.ceil_mode = ceil_mode;
    this.count_include_pad = count_include_pad;
    this.divisor_override = divisor_override;
  }
  override forward(input: Tensor): Tensor {
    return F.avg_pool2d(input, this.kernel_size, this.stride, this.padding, this.ceil_mode, this.count_include_pad, this.divisor_override);
  }
  override extra_repr(): string {
    return `kernel_size=${fmt(this.kernel_size)}, stride=${fmt(this.stride)}, padding=${fmt(this.padding)}`;
  }
}

type OutSize = Ints | (number | null)[];

export class AdaptiveAvgPool1d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AdaptiveAvgPool1d";
  readonly output_size: Ints;
  /** AdaptiveAvgPool1d(output_size) */
  constructor(...args: CtorArgs<"AdaptiveAvgPool1d">) {
    super();
    [this.output_size] = bindCtor("AdaptiveAvgPool1d", args) as [Ints];
  }
  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool1d(input, this.output_size);
  }
  override extra_repr(): string {
    return `output_size=${fmt(this.output_size)}`;
  }
}

export class AdaptiveAvgPool2d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AdaptiveAvgPool2d";
  readonly output_size: OutSize;
  /** AdaptiveAvgPool2d(output_size) */
  constructor(...args: CtorArgs<"AdaptiveAvgPool2d">) {
    super();
    [this.output_size] = bindCtor("AdaptiveAvgPool2d", args) as [OutSize];
  }
  override forward(input: Tensor): Tensor {
    return F.adaptive_avg_pool2d(input, this.output_size);
  }
  override extra_repr(): string {
    return `output_size=${fmt(this.output_size)}`;
  }
}

export class AdaptiveMaxPool2d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AdaptiveMaxPool2d";
  readonly output_size: OutSize;
  readonly return_indices: boolean;
  /** AdaptiveMaxPool2d(output_size, return_indices=False) */
  constructor(...args: CtorArgs<"AdaptiveMaxPool2d">) {
    super();
    [this.output_size, this.return_indices] = bindCtor("AdaptiveMaxPool2d", args) as [OutSize, boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.adaptive_max_pool2d(input, this.output_size, this.return_indices);
  }
  override extra_repr(): string {
    return `output_size=${fmt(this.output_size)}`;
  }
}

export class AdaptiveMaxPool1d extends Module {
  static override __module_type__ = "torch.nn.modules.pooling.AdaptiveMaxPool1d";
  readonly output_size: Ints;
  readonly return_indices: boolean;
  /** AdaptiveMaxPool1d(output_size, return_indices=False) */
  constructor(...args: CtorArgs<"AdaptiveMaxPool1d">) {
    super();
    [this.output_size, this.return_indices] = bindCtor("AdaptiveMaxPool1d", args) as [Ints, boolean];
  }
  override forward(input: Tensor): Tensor {
    return F.adaptive_max_pool1d(input, this.output_size, this.return_indices);
  }
  override extra_repr(): string {
    return `output_size=${fmt(this.output_size)}`;
  }
}

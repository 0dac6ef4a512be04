// nn.Conv1d/2d/3d, nn.ConvTranspose1d/2d (torch/nn/modules/conv.py).
import { Tensor } from "../../tensor/tensor.js";
import { empty } from "../../tensor/factories.js";
import { Module } from "../module.js";
import { Parameter } from "../parameter.js";
import { TorchValueError } from "../errors.js";
import * as init from "../init.js";
import * as F from "../functional.js";
import { ntuple, pyTuple } from "./utils.js";
import { bindCtor, factoryKwargs, type CtorArgs, type CtorKwargs } from "./ctor.js";

type PaddingMode = "zeros" | "reflect" | "replicate" | "circular";
/** Keyword arguments of the convolution layers (PyTorch's names). */
export type ConvOptions = CtorKwargs<"Conv2d">;
export type ConvTransposeOptions = CtorKwargs<"ConvTranspose2d">;

/** _ConvNd: argument checks, parameters and PyTorch's default initialization. */
export abstract class _ConvNd extends Module {
  declare weight: Parameter;
  declare bias: Parameter | null;
  readonly kernel_size: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly output_padding: number[];
  readonly groups: number;
  readonly padding_mode: PaddingMode;
  /** F.pad's argument for non-zero padding modes: the last dim's padding first, each twice. */
  readonly _reversed_padding_repeated_twice: number[];

  constructor(readonly in_channels: number, readonly out_channels: number, n: number, kernel_size: number | number[],
    readonly transposed: boolean, cfg: { stride: Ints; padding: Ints | string; dilation: Ints; output_padding: Ints; groups: number; bias: boolean;
      padding_mode: string; device: unknown; dtype: unknown }) {
    super();
    const groups = cfg.groups;
    if (groups <= 0) throw new TorchValueError("groups must be a positive integer");
    if (in_channels % groups !== 0) throw new TorchValueError("in_channels must be divisible by groups");
    if (out_channels % groups !== 0) throw new TorchValueError("out_channels must be divisible by groups");
    const padding = cfg.padding;
    const stride = ntuple(cfg.stride, n, "stride");
    if (typeof padding === "string") {
      if (padding !== "same" && padding !== "valid") throw new TorchValueError(`Invalid padding string '${String(padding)}', should be one of {'valid', 'same'}`);
      if (padding === "same" && stride.some((s) => s !== 1)) throw new TorchValueError("padding='same' is not supported for strided convolutions");
    }
    const mode = cfg.padding_mode as PaddingMode;
    if (!["zeros", "reflect", "replicate", "circular"].includes(mode)) {
      throw new TorchValueError(`padding_mode must be one of {'zeros', 'reflect', 'replicate', 'circular'}, but got padding_mode='${String(mode)}'`);
    }
    const fk = factoryKwargs(cfg.device, cfg.dtype);
    this.kernel_size = ntuple(kernel_size, n, "kernel_size");
    this.stride = stride;
    this.padding = typeof padding === "string" ? padding as "same" | "valid" : ntuple(padding, n, "padding");
    this.dilation = ntuple(cfg.dilation, n, "dilation");
    this.output_padding = ntuple(cfg.output_padding, n, "output_padding");
    this.groups = groups;
    this.padding_mode = mode;
    const pads = typeof this.padding === "string" ? this.samePadding() : this.padding;
    this._reversed_padding_repeated_twice = [...pads].reverse().flatMap((p) => [p, p]);
    const wshape = transposed ? [in_channels, out_channels / groups, ...this.kernel_size] : [out_channels, in_channels / groups, ...this.kernel_size];
    this.weight = new Parameter(empty(wshape, fk));
    if (cfg.bias) this.bias = new Parameter(empty([out_channels], fk));
    else this.register_parameter("bias", null);
    this.reset_parameters();
  }

  /** _ConvTransposeNd._output_padding: the output_padding that gives the requested output size. */
  _output_padding(input: Tensor, output_size: readonly number[] | null, n: number): number[] {
    if (output_size === null) return this.output_padding;
    const batched = input.ndim === n + 2;
    const lead = batched ? 2 : 1;
    let size = [...output_size];
    if (size.length === lead + n) size = size.slice(lead);
    if (size.length !== n) throw new TorchValueError(`ConvTranspose${n}D: for ${input.ndim}D input, output_size must have ${n} or ${lead + n} elements (got ${output_size.length})`);
    const pad = this.padding as number[];
    const mins = size.map((_, d) => (Number(input.size(d + lead)) - 1) * this.stride[d]! - 2 * pad[d]! + this.dilation[d]! * (this.kernel_size[d]! - 1) + 1);
    const maxs = mins.map((m, d) => m + this.stride[d]! - 1);
    size.forEach((v, i) => {
      if (v < mins[i]! || v > maxs[i]!) {
        throw new TorchValueError(`requested an output size of [${size.join(", ")}], but valid sizes range from [${mins.join(", ")}] to [${maxs.join(", ")}] (for an input of torch.Size([${input.shape.slice(lead).map(String).join(", ")}]))`);
      }
    });
    return size.map((v, d) => v - mins[d]!);
  }

  /** Per-dim padding of padding="same" as the reflect/replicate modes apply it (left side). */
  private samePadding(): number[] {
    if (this.padding === "valid") return this.kernel_size.map(() => 0);
    return this.kernel_size.map((k, i) => Math.floor((this.dilation[i]! * (k - 1)) / 2));
  }

  reset_parameters(): void {
    init.kaiming_uniform_(this.weight, Math.sqrt(5));
    if (this.bias !== null) {
      const [fanIn] = init._calculate_fan_in_and_fan_out(this.weight);
      if (fanIn !== 0) {
        const bound = 1 / Math.sqrt(fanIn);
        init.uniform_(this.bias, -bound, bound);
      }
    }
  }

  override extra_repr(): string {
    let s = `${this.in_channels}, ${this.out_channels}, kernel_size=${pyTuple(this.kernel_size)}, stride=${pyTuple(this.stride)}`;
    if (typeof this.padding === "string") s += `, padding=${this.padding}`;
    else if (this.padding.some((p) => p !== 0)) s += `, padding=${pyTuple(this.padding)}`;
    if (this.dilation.some((d) => d !== 1)) s += `, dilation=${pyTuple(this.dilation)}`;
    if (this.output_padding.some((p) => p !== 0)) s += `, output_padding=${pyTuple(this.output_padding)}`;
    if (this.groups !== 1) s += `, groups=${this.groups}`;
    if (this.bias === null) s += ", bias=False";
    if (this.padding_mode !== "zeros") s += `, padding_mode=${this.padding_mode}`;
    return s;
  }
}

type Ints = number | number[];
type ConvValues = [number, number, Ints, Ints, Ints | string, Ints, number, boolean, string, unknown, unknown];
type ConvTValues = [number, number, Ints, Ints, Ints, Ints, number, boolean, Ints, string, unknown, unknown];
/** Conv{1,2,3}d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True, padding_mode='zeros', device=None, dtype=None) */
function convArgs(v: ConvValues) {
  const [, , , stride, padding, dilation, groups, bias, padding_mode, device, dtype] = v;
  return { stride, padding, dilation, output_padding: 0, groups, bias, padding_mode, device, dtype };
}
/** ConvTranspose{1,2}d(in_channels, out_channels, kernel_size, stride=1, padding=0, output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros', device=None, dtype=None) */
function convTArgs(v: ConvTValues, name: string) {
  const [, , , stride, padding, output_padding, groups, bias, dilation, padding_mode, device, dtype] = v;
  if (padding_mode !== "zeros") throw new TorchValueError(`Only "zeros" padding mode is supported for ${name}`);
  return { stride, padding, dilation, output_padding, groups, bias, padding_mode, device, dtype };
}

export class Conv1d extends _ConvNd {
  static override __module_type__ = "torch.nn.modules.conv.Conv1d";
  constructor(...args: CtorArgs<"Conv1d">) {
    const v = bindCtor("Conv1d", args) as ConvValues;
    super(v[0], v[1], 1, v[2], false, convArgs(v));
  }
  _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    if (this.padding_mode !== "zeros") {
      return F.conv1d(F.pad(input, this._reversed_padding_repeated_twice, this.padding_mode), weight, bias, this.stride, [0], this.dilation, this.groups);
    }
    return F.conv1d(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
  }
  override forward(input: Tensor): Tensor {
    return this._conv_forward(input, this.weight, this.bias);
  }
}

export class Conv2d extends _ConvNd {
  static override __module_type__ = "torch.nn.modules.conv.Conv2d";
  constructor(...args: CtorArgs<"Conv2d">) {
    const v = bindCtor("Conv2d", args) as ConvValues;
    super(v[0], v[1], 2, v[2], false, convArgs(v));
  }
  _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    if (this.padding_mode !== "zeros") {
      return F.conv2d(F.pad(input, this._reversed_padding_repeated_twice, this.padding_mode), weight, bias, this.stride, [0, 0], this.dilation, this.groups);
    }
    return F.conv2d(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
  }
  override forward(input: Tensor): Tensor {
    return this._conv_forward(input, this.weight, this.bias);
  }
}

export class ConvTranspose2d extends _ConvNd {
  static override __module_type__ = "torch.nn.modules.conv.ConvTranspose2d";
  constructor(...args: CtorArgs<"ConvTranspose2d">) {
    const v = bindCtor("ConvTranspose2d", args) as ConvTValues;
    super(v[0], v[1], 2, v[2], true, convTArgs(v, "ConvTranspose2d"));
  }
  /** forward(input, output_size=None): output_size picks the output_padding, as PyTorch's _output_padding. */
  override forward(input: Tensor, output_size: readonly number[] | null = null): Tensor {
    const op = this._output_padding(input, output_size, 2);
    return F.conv_transpose2d(input, this.weight, this.bias, this.stride, this.padding as number[], op, this.groups, this.dilation);
  }
}

export class Conv3d extends _ConvNd {
  static override __module_type__ = "torch.nn.modules.conv.Conv3d";
  constructor(...args: CtorArgs<"Conv3d">) {
    const v = bindCtor("Conv3d", args) as ConvValues;
    super(v[0], v[1], 3, v[2], false, convArgs(v));
  }
  _conv_forward(input: Tensor, weight: Tensor, bias: Tensor | null): Tensor {
    if (this.padding_mode !== "zeros") {
      return F.conv3d(F.pad(input, this._reversed_padding_repeated_twice, this.padding_mode), weight, bias, this.stride, [0, 0, 0], this.dilation, this.groups);
    }
    return F.conv3d(input, weight, bias, this.stride, this.padding, this.dilation, this.groups);
  }
  override forward(input: Tensor): Tensor {
    return this._conv_forward(input, this.weight, this.bias);
  }
}

export class ConvTranspose1d extends _ConvNd {
  static override __module_type__ = "torch.nn.modules.conv.ConvTranspose1d";
  constructor(...args: CtorArgs<"ConvTranspose1d">) {
    const v = bindCtor("ConvTranspose1d", args) as ConvTValues;
    super(v[0], v[1], 1, v[2], true, convTArgs(v, "ConvTranspose1d"));
  }
  /** forward(input, output_size=None): output_size picks the output_padding, as PyTorch's _output_padding. */
  override forward(input: Tensor, output_size: readonly number[] | null = null): Tensor {
    const op = this._output_padding(input, output_size, 1);
    return F.conv_transpose1d(input, this.weight, this.bias, this.stride, this.padding as number[], op, this.groups, this.dilation);
  }
}

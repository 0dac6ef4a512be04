// The padding layers (torch/nn/modules/padding.py): ConstantPad, ZeroPad, ReflectionPad,
// ReplicationPad and CircularPad in 1, 2 and 3 dimensions, each F.pad with its mode.
import { Tensor } from "../../tensor/tensor.js";
import { Module } from "../module.js";
import * as F from "../functional.js";
import { ntuple, pyFloat, pyRepr } from "./utils.js";
import { bindCtor, type CtorArgs } from "./ctor.js";

type Mode = "constant" | "reflect" | "replicate" | "circular";

/** _XPadNd: the padding as a 2·n tuple (an int is repeated), F.pad(input, padding, mode, value). */
abstract class _PadNd extends Module {
  readonly padding: number[];
  protected abstract readonly mode: Mode;
  constructor(padding: number | number[], n: number) {
    super();
    this.padding = ntuple(padding, 2 * n, "padding");
  }
  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, this.mode);
  }
  override extra_repr(): string {
    return pyRepr(this.padding);
  }
}

/** _ConstantPadNd: extra_repr "padding=(...), value=..." */
abstract class _ConstantPadNd extends _PadNd {
  protected readonly mode = "constant" as const;
  readonly value: number;
  constructor(padding: number | number[], n: number, value: number) {
    super(padding, n);
    this.value = value;
  }
  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, "constant", this.value);
  }
  override extra_repr(): string {
    return `padding=${pyRepr(this.padding)}, value=${pyFloat(this.value)}`;
  }
}

export class ConstantPad1d extends _ConstantPadNd {
  static override __module_type__ = "torch.nn.modules.padding.ConstantPad1d";
  /** ConstantPad1d(padding, value) */
  constructor(...args: CtorArgs<"ConstantPad1d">) {
    const [padding, value] = bindCtor("ConstantPad1d", args) as [number | number[], number];
    super(padding, 1, value);
  }
}
export class ZeroPad1d extends _ConstantPadNd {
  static override __module_type__ = "torch.nn.modules.padding.ZeroPad1d";
  /** ZeroPad1d(padding) */
  constructor(...args: CtorArgs<"ZeroPad1d">) {
    const [padding] = bindCtor("ZeroPad1d", args) as [number | number[]];
    super(padding, 1, 0.0);
  }
  override extra_repr(): string {
    return pyRepr(this.padding);
  }
}
export class ReflectionPad1d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.ReflectionPad1d";
  protected readonly mode = "reflect" as const;
  /** ReflectionPad1d(padding) */
  constructor(...args: CtorArgs<"ReflectionPad1d">) {
    const [padding] = bindCtor("ReflectionPad1d", args) as [number | number[]];
    super(padding, 1);
  }
}
export class ReplicationPad1d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.ReplicationPad1d";
  protected readonly mode = "replicate" as const;
  /** ReplicationPad1d(padding) */
  constructor(...args: CtorArgs<"ReplicationPad1d">) {
    const [padding] = bindCtor("ReplicationPad1d", args) as [number | number[]];
    super(padding, 1);
  }
}
export class CircularPad1d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.CircularPad1d";
  protected readonly mode = "circular" as const;
  /** CircularPad1d(padding) */
  constructor(...args: CtorArgs<"CircularPad1d">) {
    const [padding] = bindCtor("CircularPad1d", args) as [number | number[]];
    super(padding, 1);
  }
}
export class ConstantPad2d extends _ConstantPadNd {
  static override __module_type__ = "torch.nn.modules.padding.ConstantPad2d";
  /** ConstantPad2d(padding, value) */
  constructor(...args: CtorArgs<"ConstantPad2d">) {
    const [padding, value] = bindCtor("ConstantPad2d", args) as [number | number[], number];
    super(padding, 2, value);
  }
}
export class ZeroPad2d extends _ConstantPadNd {
  static override __module_type__ = "torch.nn.modules.padding.ZeroPad2d";
  /** ZeroPad2d(padding) */
  constructor(...args: CtorArgs<"ZeroPad2d">) {
    const [padding] = bindCtor("ZeroPad2d", args) as [number | number[]];
    super(padding, 2, 0.0);
  }
  override extra_repr(): string {
    return pyRepr(this.padding);
  }
}
export class ReflectionPad2d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.ReflectionPad2d";
  protected readonly mode = "reflect" as const;
  /** ReflectionPad2d(padding) */
  constructor(...args: CtorArgs<"ReflectionPad2d">) {
    const [padding] = bindCtor("ReflectionPad2d", args) as [number | number[]];
    super(padding, 2);
  }
}
export class ReplicationPad2d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.ReplicationPad2d";
  protected readonly mode = "replicate" as const;
  /** ReplicationPad2d(padding) */
  constructor(...args: CtorArgs<"ReplicationPad2d">) {
    const [padding] = bindCtor("ReplicationPad2d", args) as [number | number[]];
    super(padding, 2);
  }
}
export class CircularPad2d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.CircularPad2d";
  protected readonly mode = "circular" as const;
  /** CircularPad2d(padding) */
  constructor(...args: CtorArgs<"CircularPad2d">) {
    const [padding] = bindCtor("CircularPad2d", args) as [number | number[]];
    super(padding, 2);
  }
}
export class ConstantPad3d extends _ConstantPadNd {
  static override __module_type__ = "torch.nn.modules.padding.ConstantPad3d";
  /** ConstantPad3d(padding, value) */
  constructor(...args: CtorArgs<"ConstantPad3d">) {
    const [padding, value] = bindCtor("ConstantPad3d", args) as [number | number[], number];
    super(padding, 3, value);
  }
}
export class ZeroPad3d extends _ConstantPadNd {
  static override __module_type__ = "torch.nn.modules.padding.ZeroPad3d";
  /** ZeroPad3d(padding) */
  constructor(...args: CtorArgs<"ZeroPad3d">) {
    const [padding] = bindCtor("ZeroPad3d", args) as [number | number[]];
    super(padding, 3, 0.0);
  }
  override extra_repr(): string {
    return pyRepr(this.padding);
  }
}
export class ReflectionPad3d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.ReflectionPad3d";
  protected readonly mode = "reflect" as const;
  /** ReflectionPad3d(padding) */
  constructor(...args: CtorArgs<"ReflectionPad3d">) {
    const [padding] = bindCtor("ReflectionPad3d", args) as [number | number[]];
    super(padding, 3);
  }
}
export class ReplicationPad3d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.ReplicationPad3d";
  protected readonly mode = "replicate" as const;
  /** ReplicationPad3d(padding) */
  constructor(...args: CtorArgs<"ReplicationPad3d">) {
    const [padding] = bindCtor("ReplicationPad3d", args) as [number | number[]];
    super(padding, 3);
  }
}
export class CircularPad3d extends _PadNd {
  static override __module_type__ = "torch.nn.modules.padding.CircularPad3d";
  protected readonly mode = "circular" as const;
  /** CircularPad3d(padding) */
  constructor(...args: CtorArgs<"CircularPad3d">) {
    const [padding] = bindCtor("CircularPad3d", args) as [number | number[]];
    super(padding, 3);
  }
}

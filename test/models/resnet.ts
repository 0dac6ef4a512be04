// torchvision.models.resnet (torchvision/models/resnet.py): ResNet with BasicBlock / Bottleneck,
// resnet18 and resnet50 — the models of the reference's big/resnet18_dynamic_batch and
// big/resnet50_static. Same attribute names and registration order (so the same parameter and buffer
// names), in-place ReLU (`nn.ReLU(inplace=True)`), `out += identity` as Tensor.add_, torch.flatten.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

/** 3x3 convolution with padding. */
function conv3x3(in_planes: number, out_planes: number, stride = 1, groups = 1, dilation = 1): nn.Conv2d {
  return new nn.Conv2d(in_planes, out_planes, 3, { stride, padding: dilation, groups, bias: false, dilation });
}

/** 1x1 convolution. */
function conv1x1(in_planes: number, out_planes: number, stride = 1): nn.Conv2d {
  return new nn.Conv2d(in_planes, out_planes, 1, { stride, bias: false });
}

export class BasicBlock extends nn.Module {
  static override __module_type__ = "torchvision.models.resnet.BasicBlock";
  static expansion = 1;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  relu: nn.ReLU;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  downsample: nn.Module | null;
  stride: number;

  constructor(inplanes: number, planes: number, stride = 1, downsample: nn.Module | null = null, groups = 1, base_width = 64, dilation = 1) {
    super();
    if (groups !== 1 || base_width !== 64) throw new Error("BasicBlock only supports groups=1 and base_width=64");
    if (dilation > 1) throw new Error("Dilation > 1 not supported in BasicBlock");
    // Both self.conv1 and self.downsample layers downsample the input when stride != 1
    this.conv1 = conv3x3(inplanes, planes, stride);
    this.bn1 = new nn.BatchNorm2d(planes);
    this.relu = new nn.ReLU(true);
    this.conv2 = conv3x3(planes, planes);
    this.bn2 = new nn.BatchNorm2d(planes);
    this.downsample = downsample;
    this.stride = stride;
  }

  override forward(x: Tensor): Tensor {
    let identity = x;

    let out = this.conv1(x);
    out = this.bn1(out);
    out = this.relu(out);

    out = this.conv2(out);
    out = this.bn2(out);

    if (this.downsample !== null) identity = (this.downsample as unknown as (t: Tensor) => Tensor)(x);

    out.add_(identity); // out += identity
    out = this.relu(out);

    return out;
  }
}

export class Bottleneck extends nn.Module {
  static override __module_type__ = "torchvision.models.resnet.Bottleneck";
  static expansion = 4;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  conv2: nn.Conv2d;
  bn2: nn.BatchNorm2d;
  conv3: nn.Conv2d;
  bn3: nn.BatchNorm2d;
  relu: nn.ReLU;
  downsample: nn.Module | null;
  stride: number;

  constructor(inplanes: number, planes: number, stride = 1, downsample: nn.Module | null = null, groups = 1, base_width = 64, dilation = 1) {
    super();
    const width = Math.trunc(planes * (base_width / 64)) * groups;
    // Both self.conv2 and self.downsample layers downsample the input when stride != 1
    this.conv1 = conv1x1(inplanes, width);
    this.bn1 = new nn.BatchNorm2d(width);
    this.conv2 = conv3x3(width, width, stride, groups, dilation);
    this.bn2 = new nn.BatchNorm2d(width);
    this.conv3 = conv1x1(width, planes * Bottleneck.expansion);
    this.bn3 = new nn.BatchNorm2d(planes * Bottleneck.expansion);
    this.relu = new nn.ReLU(true);
    this.downsample = downsample;
    this.stride = stride;
  }

  override forward(x: Tensor): Tensor {
    let identity = x;

    let out = this.conv1(x);
    out = this.bn1(out);
    out = this.relu(out);

    out = this.conv2(out);
    out = this.bn2(out);
    out = this.relu(out);

    out = this.conv3(out);
    out = this.bn3(out);

    if (this.downsample !== null) identity = (this.downsample as unknown as (t: Tensor) => Tensor)(x);

    out.add_(identity); // out += identity
    out = this.relu(out);

    return out;
  }
}

export type BlockType = typeof BasicBlock | typeof Bottleneck;

export interface ResNetOptions {
  num_classes?: number;
  zero_init_residual?: boolean;
  groups?: number;
  width_per_group?: number;
  replace_stride_with_dilation?: [boolean, boolean, boolean] | null;
  /** Skip torchvision's kaiming_normal_ / constant_ re-initialization (tracing does not read values). */
  init_weights?: boolean;
}

export class ResNet extends nn.Module {
  static override __module_type__ = "torchvision.models.resnet.ResNet";
  inplanes: number;
  dilation: number;
  groups: number;
  base_width: number;
  conv1: nn.Conv2d;
  bn1: nn.BatchNorm2d;
  relu: nn.ReLU;
  maxpool: nn.MaxPool2d;
  layer1: nn.Sequential;
  layer2: nn.Sequential;
  layer3: nn.Sequential;
  layer4: nn.Sequential;
  avgpool: nn.AdaptiveAvgPool2d;
  fc: nn.Linear;

  constructor(block: BlockType, layers: [number, number, number, number], opts: ResNetOptions = {}) {
    super();
    this.inplanes = 64;
    this.dilation = 1;
    const rswd = opts.replace_stride_with_dilation ?? [false, false, false];
    if (rswd.length !== 3) throw new Error(`replace_stride_with_dilation should be None or a 3-element tuple, got ${rswd}`);
    this.groups = opts.groups ?? 1;
    this.base_width = opts.width_per_group ?? 64;
    this.conv1 = new nn.Conv2d(3, this.inplanes, 7, { stride: 2, padding: 3, bias: false });
    this.bn1 = new nn.BatchNorm2d(this.inplanes);
    this.relu = new nn.ReLU(true);
    this.maxpool = new nn.MaxPool2d(3, { stride: 2, padding: 1 });
    this.layer1 = this._make_layer(block, 64, layers[0]);
    this.layer2 = this._make_layer(block, 128, layers[1], 2, rswd[0]);
    this.layer3 = this._make_layer(block, 256, layers[2], 2, rswd[1]);
    this.layer4 = this._make_layer(block, 512, layers[3], 2, rswd[2]);
    this.avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    this.fc = new nn.Linear(512 * block.expansion, opts.num_classes ?? 1000);

    if (opts.init_weights ?? true) {
      for (const m of this.modules()) {
        if (m instanceof nn.Conv2d) nn.init.kaiming_normal_(m.weight, 0, "fan_out", "relu");
        else if (m instanceof nn.BatchNorm2d) {
          nn.init.constant_(m.weight!, 1);
          nn.init.constant_(m.bias!, 0);
        }
      }
    }
    if (opts.zero_init_residual ?? false) {
      for (const m of this.modules()) {
        if (m instanceof Bottleneck && m.bn3.weight) nn.init.constant_(m.bn3.weight, 0);
        else if (m instanceof BasicBlock && m.bn2.weight) nn.init.constant_(m.bn2.weight, 0);
      }
    }
  }

  private _make_layer(block: BlockType, planes: number, blocks: number, stride = 1, dilate = false): nn.Sequential {
    let downsample: nn.Module | null = null;
    const previous_dilation = this.dilation;
    if (dilate) {
      this.dilation *= stride;
      stride = 1;
    }
    if (stride !== 1 || this.inplanes !== planes * block.expansion) {
      downsample = new nn.Sequential(conv1x1(this.inplanes, planes * block.expansion, stride), new nn.BatchNorm2d(planes * block.expansion));
    }

    const layers: nn.Module[] = [];
    layers.push(new block(this.inplanes, planes, stride, downsample, this.groups, this.base_width, previous_dilation));
    this.inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++) layers.push(new block(this.inplanes, planes, 1, null, this.groups, this.base_width, this.dilation));

    return new nn.Sequential(...layers);
  }

  _forward_impl(x: Tensor): Tensor {
    // See note [TorchScript super()]
    x = this.conv1(x);
    x = this.bn1(x);
    x = this.relu(x);
    x = this.maxpool(x) as Tensor;

    x = this.layer1(x) as Tensor;
    x = this.layer2(x) as Tensor;
    x = this.layer3(x) as Tensor;
    x = this.layer4(x) as Tensor;

    x = this.avgpool(x);
    x = torch.flatten(x, 1);
    x = this.fc(x);

    return x;
  }

  override forward(x: Tensor): Tensor {
    return this._forward_impl(x);
  }
}

/** torchvision.models.resnet18(weights=None). */
export function resnet18(opts: ResNetOptions = {}): ResNet {
  return new ResNet(BasicBlock, [2, 2, 2, 2], opts);
}

/** torchvision.models.resnet50(weights=None). */
export function resnet50(opts: ResNetOptions = {}): ResNet {
  return new ResNet(Bottleneck, [3, 4, 6, 3], opts);
}

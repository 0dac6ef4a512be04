// Export of torchvision-shaped ResNet-18 (dynamic batch) and ResNet-50 (static), next to PyTorch
// 2.11's warm export times for the same models (reference big/*, another machine). Run by hand:
//   npx tsx bench/resnet.bench.ts
import "./load-core.js";
import "../src/ops/index.js";
import { exportModule } from "../src/export/export.js";
import { Dim } from "../src/export/dim.js";
import { nn, F } from "../src/torch.js";
import { randn } from "../src/tensor/factories.js";
import type { Tensor } from "../src/tensor/tensor.js";

class BasicBlock extends nn.Module {
  static expansion = 1;
  conv1: nn.Conv2d; bn1: nn.BatchNorm2d; conv2: nn.Conv2d; bn2: nn.BatchNorm2d; downsample: nn.Module | null;
  constructor(inplanes: number, planes: number, stride: number, downsample: nn.Module | null) {
    super();
    this.conv1 = new nn.Conv2d(inplanes, planes, 3, { stride, padding: 1, bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.downsample = downsample;
  }
  override forward(x: Tensor): Tensor {
    const identity = this.downsample ? (this.downsample as unknown as (t: Tensor) => Tensor)(x) : x;
    const out = this.bn2(this.conv2(F.relu(this.bn1(this.conv1(x)))));
    return F.relu(out.add(identity));
  }
}

class Bottleneck extends nn.Module {
  static expansion = 4;
  conv1: nn.Conv2d; bn1: nn.BatchNorm2d; conv2: nn.Conv2d; bn2: nn.BatchNorm2d; conv3: nn.Conv2d; bn3: nn.BatchNorm2d;
  downsample: nn.Module | null;
  constructor(inplanes: number, planes: number, stride: number, downsample: nn.Module | null) {
    super();
    this.conv1 = new nn.Conv2d(inplanes, planes, 1, { bias: false });
    this.bn1 = new nn.BatchNorm2d(planes);
    this.conv2 = new nn.Conv2d(planes, planes, 3, { stride, padding: 1, bias: false });
    this.bn2 = new nn.BatchNorm2d(planes);
    this.conv3 = new nn.Conv2d(planes, planes * 4, 1, { bias: false });
    this.bn3 = new nn.BatchNorm2d(planes * 4);
    this.downsample = downsample;
  }
  override forward(x: Tensor): Tensor {
    const identity = this.downsample ? (this.downsample as unknown as (t: Tensor) => Tensor)(x) : x;
    let out = F.relu(this.bn1(this.conv1(x)));
    out = F.relu(this.bn2(this.conv2(out)));
    out = this.bn3(this.conv3(out));
    return F.relu(out.add(identity));
  }
}

type Block = typeof BasicBlock | typeof Bottleneck;

class ResNet extends nn.Module {
  conv1 = new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false });
  bn1 = new nn.BatchNorm2d(64);
  maxpool = new nn.MaxPool2d(3, { stride: 2, padding: 1 });
  layer1: nn.Sequential; layer2: nn.Sequential; layer3: nn.Sequential; layer4: nn.Sequential;
  avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
  fc: nn.Linear;
  private inplanes = 64;
  constructor(block: Block, layers: number[]) {
    super();
    this.layer1 = this.makeLayer(block, 64, layers[0]!, 1);
    this.layer2 = this.makeLayer(block, 128, layers[1]!, 2);
    this.layer3 = this.makeLayer(block, 256, layers[2]!, 2);
    this.layer4 = this.makeLayer(block, 512, layers[3]!, 2);
    this.fc = new nn.Linear(512 * block.expansion, 1000);
  }
  private makeLayer(block: Block, planes: number, blocks: number, stride: number): nn.Sequential {
    let downsample: nn.Module | null = null;
    if (stride !== 1 || this.inplanes !== planes * block.expansion) {
      downsample = new nn.Sequential(
        new nn.Conv2d(this.inplanes, planes * block.expansion, 1, { stride, bias: false }),
        new nn.BatchNorm2d(planes * block.expansion),
      );
    }
    const mods: nn.Module[] = [new block(this.inplanes, planes, stride, downsample)];
    this.inplanes = planes * block.expansion;
    for (let i = 1; i < blocks; i++) mods.push(new block(this.inplanes, planes, 1, null));
    return new nn.Sequential(...mods);
  }
  override forward(x: Tensor): Tensor {
    x = this.maxpool(F.relu(this.bn1(this.conv1(x)))) as Tensor;
    x = this.layer4(this.layer3(this.layer2(this.layer1(x)))) as Tensor;
    return this.fc(this.avgpool(x).flatten(1));
  }
}

const cases: Array<[string, () => ReturnType<typeof exportModule>, number]> = [];
const r18 = new ResNet(BasicBlock, [2, 2, 2, 2]).eval();
const r50 = new ResNet(Bottleneck, [3, 4, 6, 3]).eval();
const x18 = randn(2, 3, 64, 64);
const x50 = randn(1, 3, 64, 64);
cases.push(["big/resnet18_dynamic_batch", () => exportModule(r18 as never, [x18], { dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 512 }) } } }), 0.36264897499999904]);
cases.push(["big/resnet50_static", () => exportModule(r50 as never, [x50]), 0.45584052399999564]);

for (const [name, run, torchWarm] of cases) {
  run();
  const times: number[] = [];
  let nodes = 0;
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    nodes = run().graph.nodes.length;
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const median = times[3]!;
  console.log(`${name}: ${median.toFixed(1)} ms warm, ${nodes} nodes, ${((median * 1000) / nodes).toFixed(0)} µs/node; ` +
    `PyTorch 2.11 ${(torchWarm * 1000).toFixed(0)} ms (${((torchWarm * 1000) / median).toFixed(1)}x)`);
}

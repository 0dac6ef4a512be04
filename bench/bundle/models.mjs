// Plain-JavaScript ports of the zoo models (test/models) and the torchvision-shaped ResNets
// (bench/resnet.bench.ts), written against the public package API, for benchmarks that run the
// BUILT bundle with plain `node` (no tsx, no source maps): what users get.
import * as pt2js from "pt2js";

/** The model classes, defined against a given copy of the package (benchmarks that compare two
 * builds in one process define them once per build). */
export function defineModels({ torch, nn, F }) {
  class MLP extends nn.Module {
    fc1 = new nn.Linear(16, 32);
    fc2 = new nn.Linear(32, 4);
    forward(x) {
      return this.fc2(F.relu(this.fc1(x)));
    }
  }

  class CNN extends nn.Module {
    conv1 = new nn.Conv2d(3, 8, 3, { padding: 1 });
    bn1 = new nn.BatchNorm2d(8);
    conv2 = new nn.Conv2d(8, 16, 3, { stride: 2, padding: 1 });
    pool = new nn.AdaptiveAvgPool2d(1);
    fc = new nn.Linear(16, 10);
    forward(x) {
      x = F.max_pool2d(F.relu(this.bn1(this.conv1(x))), 2);
      x = F.relu(this.conv2(x));
      x = torch.flatten(this.pool(x), 1);
      return this.fc(x);
    }
  }

  class Block extends nn.Module {
    constructor(d, h) {
      super();
      this.h = h;
      this.ln1 = new nn.LayerNorm(d);
      this.qkv = new nn.Linear(d, 3 * d);
      this.proj = new nn.Linear(d, d);
      this.ln2 = new nn.LayerNorm(d);
      this.up = new nn.Linear(d, 4 * d);
      this.down = new nn.Linear(4 * d, d);
    }
    forward(x) {
      const [b, t, c] = x.shape;
      const hd = Math.floor(c / this.h); // c is static (the model width)
      let [q, k, v] = this.qkv(this.ln1(x)).split(c, 2);
      q = q.view(b, t, this.h, hd).transpose(1, 2);
      k = k.view(b, t, this.h, hd).transpose(1, 2);
      v = v.view(b, t, this.h, hd).transpose(1, 2);
      let y = F.scaled_dot_product_attention(q, k, v, { is_causal: true });
      y = y.transpose(1, 2).contiguous().view(b, t, c);
      x = x.add(this.proj(y));
      x = x.add(this.down(F.gelu(this.up(this.ln2(x)))));
      return x;
    }
  }

  class TinyGPT extends nn.Module {
    constructor(vocab = 128, d = 32, h = 4, layers = 2, ctx = 64) {
      super();
      this.tok = new nn.Embedding(vocab, d);
      this.pos = new nn.Embedding(ctx, d);
      this.blocks = new nn.ModuleList(Array.from({ length: layers }, () => new Block(d, h)));
      this.ln = new nn.LayerNorm(d);
      this.head = new nn.Linear(d, vocab, { bias: false });
    }
    forward(idx) {
      const [, t] = idx.shape;
      const pos = torch.arange(0, t, { dtype: torch.long, device: idx.device });
      let x = this.tok(idx).add(this.pos(pos));
      for (const blk of this.blocks) x = blk(x);
      return this.head(this.ln(x));
    }
  }

  class BasicBlock extends nn.Module {
    static expansion = 1;
    constructor(inplanes, planes, stride, downsample) {
      super();
      this.conv1 = new nn.Conv2d(inplanes, planes, 3, { stride, padding: 1, bias: false });
      this.bn1 = new nn.BatchNorm2d(planes);
      this.conv2 = new nn.Conv2d(planes, planes, 3, { padding: 1, bias: false });
      this.bn2 = new nn.BatchNorm2d(planes);
      this.downsample = downsample;
    }
    forward(x) {
      const identity = this.downsample ? this.downsample(x) : x;
      const out = this.bn2(this.conv2(F.relu(this.bn1(this.conv1(x)))));
      return F.relu(out.add(identity));
    }
  }

  class Bottleneck extends nn.Module {
    static expansion = 4;
    constructor(inplanes, planes, stride, downsample) {
      super();
      this.conv1 = new nn.Conv2d(inplanes, planes, 1, { bias: false });
      this.bn1 = new nn.BatchNorm2d(planes);
      this.conv2 = new nn.Conv2d(planes, planes, 3, { stride, padding: 1, bias: false });
      this.bn2 = new nn.BatchNorm2d(planes);
      this.conv3 = new nn.Conv2d(planes, planes * 4, 1, { bias: false });
      this.bn3 = new nn.BatchNorm2d(planes * 4);
      this.downsample = downsample;
    }
    forward(x) {
      const identity = this.downsample ? this.downsample(x) : x;
      let out = F.relu(this.bn1(this.conv1(x)));
      out = F.relu(this.bn2(this.conv2(out)));
      out = this.bn3(this.conv3(out));
      return F.relu(out.add(identity));
    }
  }

  class ResNet extends nn.Module {
    conv1 = new nn.Conv2d(3, 64, 7, { stride: 2, padding: 3, bias: false });
    bn1 = new nn.BatchNorm2d(64);
    maxpool = new nn.MaxPool2d(3, { stride: 2, padding: 1 });
    avgpool = new nn.AdaptiveAvgPool2d([1, 1]);
    inplanes = 64;
    constructor(block, layers) {
      super();
      this.layer1 = this.makeLayer(block, 64, layers[0], 1);
      this.layer2 = this.makeLayer(block, 128, layers[1], 2);
      this.layer3 = this.makeLayer(block, 256, layers[2], 2);
      this.layer4 = this.makeLayer(block, 512, layers[3], 2);
      this.fc = new nn.Linear(512 * block.expansion, 1000);
    }
    makeLayer(block, planes, blocks, stride) {
      let downsample = null;
      if (stride !== 1 || this.inplanes !== planes * block.expansion) {
        downsample = new nn.Sequential(
          new nn.Conv2d(this.inplanes, planes * block.expansion, 1, { stride, bias: false }),
          new nn.BatchNorm2d(planes * block.expansion),
        );
      }
      const mods = [new block(this.inplanes, planes, stride, downsample)];
      this.inplanes = planes * block.expansion;
      for (let i = 1; i < blocks; i++) mods.push(new block(this.inplanes, planes, 1, null));
      return new nn.Sequential(...mods);
    }
    forward(x) {
      x = this.maxpool(F.relu(this.bn1(this.conv1(x))));
      x = this.layer4(this.layer3(this.layer2(this.layer1(x))));
      return this.fc(this.avgpool(x).flatten(1));
    }
  }

  return { MLP, CNN, Block, TinyGPT, BasicBlock, Bottleneck, ResNet };
}

export const { MLP, CNN, Block, TinyGPT, BasicBlock, Bottleneck, ResNet } = defineModels(pt2js);

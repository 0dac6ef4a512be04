// gen_reference.py CNN: conv → batch norm → relu → max pool → strided conv → adaptive pool → linear.
import { torch, nn, F } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class CNN extends nn.Module {
  conv1 = new nn.Conv2d(3, 8, 3, { padding: 1 });
  bn1 = new nn.BatchNorm2d(8);
  conv2 = new nn.Conv2d(8, 16, 3, { stride: 2, padding: 1 });
  pool = new nn.AdaptiveAvgPool2d(1);
  fc = new nn.Linear(16, 10);

  override forward(x: Tensor): Tensor {
    x = F.max_pool2d(F.relu(this.bn1(this.conv1(x))), 2);
    x = F.relu(this.conv2(x));
    x = torch.flatten(this.pool(x), 1);
    return this.fc(x);
  }
}

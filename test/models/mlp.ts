// gen_reference.py MLP: two Linear layers with a ReLU.
import { nn, F } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class MLP extends nn.Module {
  fc1 = new nn.Linear(16, 32);
  fc2 = new nn.Linear(32, 4);

  override forward(x: Tensor): Tensor {
    return this.fc2(F.relu(this.fc1(x)));
  }
}

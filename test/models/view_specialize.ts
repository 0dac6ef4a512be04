// gen_reference.py ViewSpecialize: x.view(4, -1).
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class ViewSpecialize extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.view(4, -1);
  }
}


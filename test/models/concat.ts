// gen_reference.py Concat: torch.cat([x, y], dim=0).relu().
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class Concat extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    return torch.cat([x, y], 0).relu();
  }
}

// ExportDB unsupported_operator (TorchSymMin): x.sum() + torch.sym_min(x.size(0), 100).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeMin } from "../../../src/symbolic/size.js";

export class TorchSymMin extends nn.Module {
  override forward(x: Tensor): Tensor {
    return x.sum().add(sizeMin(x.size(0), 100));
  }
}

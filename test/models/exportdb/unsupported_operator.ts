// ExportDB unsupported_operator (TorchSymMin): x.sum() + torch.sym_min(x.size(0), 100).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeMin } from "../../../src/symbolic/size.js";

export class TorchSymMin extends nn.Module {
  override forward(x: Tensor): Tensor {
    // Tensor.add's scalar type is number | boolean (no SymInt operand): x is static here, so
    // sym_min(3, 100) folds to the number 3, as it does in PyTorch.
    return x.sum().add(sizeMin(x.size(0), 100) as number);
  }
}

// ExportDB cond_operands: torch.cond on a SymBool (x.shape[0] > 2 with x's first dim dynamic),
// both branches traced into subgraphs with the operands [x, y].
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeGtSym } from "../../../src/symbolic/index.js";

export class CondOperands extends nn.Module {
  override forward(x: Tensor, y: Tensor): Tensor {
    const true_fn = (x: Tensor, y: Tensor) => x.add(y);
    const false_fn = (x: Tensor, y: Tensor) => x.sub(y);
    return torch.cond(sizeGtSym(x.shape[0]!, 2), true_fn, false_fn, [x, y]);
  }
}

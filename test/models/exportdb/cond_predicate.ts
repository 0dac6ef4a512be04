// ExportDB cond_predicate: torch.cond on a predicate that is a Python bool here (static shapes),
// so PyTorch 2.11 runs the taken branch inline.
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeGt } from "../../../src/symbolic/index.js";

export class CondPredicate extends nn.Module {
  override forward(x: Tensor): Tensor {
    const pred = x.dim() > 2 && sizeGt(x.shape[2]!, 10);
    return torch.cond(pred, (x: Tensor) => x.cos(), (y: Tensor) => y.sin(), [x]);
  }
}

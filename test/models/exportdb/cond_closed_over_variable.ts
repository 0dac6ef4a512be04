// ExportDB cond_closed_over_variable: a boolean tensor predicate and branches that close over x
// (their own operand, x + 1, is unused): x is lifted into the branches' inputs.
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class CondClosedOverVariable extends nn.Module {
  override forward(pred: Tensor, x: Tensor): Tensor {
    const true_fn = (_val: Tensor) => x.mul(2);
    const false_fn = (_val: Tensor) => x.sub(2);
    return torch.cond(pred, true_fn, false_fn, [x.add(1)]);
  }
}

// ExportDB cond_branch_nested_function: branches that call nested closures; the predicate
// x.shape[0] < 10 is static, so the taken branch is inlined.
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeLt } from "../../../src/symbolic/index.js";

export class CondBranchNestedFunction extends nn.Module {
  override forward(x: Tensor): Tensor {
    const true_fn = (x: Tensor) => {
      const inner_true_fn = (y: Tensor) => x.add(y);
      return inner_true_fn(x);
    };
    const false_fn = (x: Tensor) => {
      const inner_false_fn = (y: Tensor) => x.sub(y);
      return inner_false_fn(x);
    };
    return torch.cond(sizeLt(x.shape[0]!, 10), true_fn, false_fn, [x]);
  }
}

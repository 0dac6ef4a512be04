// ExportDB cond_branch_nonlocal_variables: operands that are an intermediate tensor and a
// torch.tensor(...) made in forward (a lifted constant); the predicate x.shape[0] > 5 is static,
// so the taken branch is inlined.
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeGt } from "../../../src/symbolic/index.js";

export class CondBranchNonlocalVariables extends nn.Module {
  override forward(x: Tensor): Tensor {
    const my_tensor_var = x.add(100);
    const my_primitive_var = 3.14;

    const true_fn = (x: Tensor, y: Tensor, z: Tensor) => x.add(y).add(z);
    const false_fn = (x: Tensor, y: Tensor, z: Tensor) => x.sub(y).sub(z);

    // Laid out as the Python source is: torch.tensor(...) has its own line (and source block).
    return torch.cond(
      sizeGt(x.shape[0]!, 5),
      true_fn,
      false_fn,
      [x, my_tensor_var, torch.tensor(my_primitive_var)],
    );
  }
}

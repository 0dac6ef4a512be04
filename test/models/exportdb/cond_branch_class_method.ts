// ExportDB cond_branch_class_method: branches that are methods (a submodule's forward, a method
// of the model); the predicate x.shape[0] <= 2 is static, so the taken branch is inlined.
import { torch, nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { sizeLe } from "../../../src/symbolic/index.js";

class MySubModule extends nn.Module {
  foo(x: Tensor): Tensor {
    return x.cos();
  }

  override forward(x: Tensor): Tensor {
    return this.foo(x);
  }
}

export class CondBranchClassMethod extends nn.Module {
  subm = new MySubModule();

  bar(x: Tensor): Tensor {
    return x.sin();
  }

  override forward(x: Tensor): Tensor {
    return torch.cond(sizeLe(x.shape[0]!, 2), (x: Tensor) => this.subm.forward(x), (x: Tensor) => this.bar(x), [x]);
  }
}

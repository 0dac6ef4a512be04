// gen_reference.py CondModel: torch.cond on a data-dependent predicate.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class CondModel extends nn.Module {
  lin = new nn.Linear(4, 4);

  override forward(x: Tensor): Tensor {
    const t = (x: Tensor) => this.lin(x).sin();
    const f = (x: Tensor) => x.cos().sub(1);
    return torch.cond(x.sum().gt(0), t, f, [x]);
  }
}

// gen_reference.py CondModel: torch.cond on a data-dependent predicate.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

type Cond = (pred: Tensor | boolean, t: (x: Tensor) => Tensor, f: (x: Tensor) => Tensor, operands: Tensor[]) => Tensor;

export class CondModel extends nn.Module {
  lin = new nn.Linear(4, 4);

  override forward(x: Tensor): Tensor {
    const t = (x: Tensor) => this.lin(x).sin();
    const f = (x: Tensor) => x.cos().sub(1);
    // torch.cond is provided by the export layer (a higher-order op); absent, this raises TypeError.
    const cond = (torch as unknown as { cond: Cond }).cond;
    return cond(x.sum().gt(0), t, f, [x]);
  }
}

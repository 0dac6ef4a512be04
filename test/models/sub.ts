// gen_reference.py Sub: a submodule with two inputs and two outputs (for preserve_module_call_signature).
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { tuple, type PyTuple } from "../../src/pytree/index.js";

export class Sub extends nn.Module {
  lin = new nn.Linear(4, 4);

  override forward(x: Tensor, y: Tensor): PyTuple<Tensor> {
    return tuple(this.lin(x).mul(y), y.sum());
  }
}

// ExportDB nested_function: a closure that updates a captured tensor in place (`nonlocal x; x += 1`).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class NestedFunction extends nn.Module {
  override forward(a: Tensor, b: Tensor): Tensor {
    let x = a.add(b);
    const z = a.sub(b);

    const closure = (y: Tensor) => {
      x = x.add_(1); // Python's `x += 1` on a tensor is in place
      return x.mul(y).add(z);
    };

    return closure(x);
  }
}

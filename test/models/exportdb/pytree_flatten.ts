// ExportDB pytree_flatten: pytree.tree_flatten inside forward.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";
import { tree_flatten } from "../../../src/pytree/index.js";

export class PytreeFlatten extends nn.Module {
  override forward(x: unknown): Tensor {
    const [y] = tree_flatten(x);
    return (y[0] as Tensor).add(1);
  }
}

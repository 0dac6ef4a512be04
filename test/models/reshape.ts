// gen_reference.py Reshape: a reshape by a product of symbolic sizes.
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { sizeMul } from "../../src/symbolic/index.js";

export class Reshape extends nn.Module {
  override forward(x: Tensor): Tensor {
    const [b, t, c] = x.shape;
    return x.reshape(sizeMul(b!, t!), c!).softmax(-1).reshape(b!, t!, c!);
  }
}

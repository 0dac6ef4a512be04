// ExportDB static_for_loop: a loop with a constant trip count is unrolled.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

export class StaticForLoop extends nn.Module {
  override forward(x: Tensor): Tensor[] {
    const ret: Tensor[] = [];
    for (let i = 0; i < 10; i++) ret.push(x.add(i)); // i + x
    return ret;
  }
}

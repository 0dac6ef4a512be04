// gen_reference.py PreserveSig: calls Sub, then a Linear.
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { Sub } from "./sub.js";

export class PreserveSig extends nn.Module {
  sub = new Sub();
  out = new nn.Linear(4, 2);

  override forward(x: Tensor): Tensor {
    const [a, s] = this.sub(x, x.add(1)) as unknown as [Tensor, Tensor];
    return this.out(a).add(s);
  }
}

// gen_reference.py ItemCheck: .item() with torch._check bounds, then a slice by the value.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

type Check = (cond: unknown, message?: () => string) => void;

export class ItemCheck extends nn.Module {
  override forward(x: Tensor, n: Tensor): Tensor {
    const k = n.item() as number;
    // torch._check is provided by the export layer (it records runtime asserts); absent, this raises TypeError.
    const check = (torch as unknown as { _check: Check })._check;
    check(k >= 2);
    check(k <= 8);
    return x.slice(0, 0, k).mul(2);
  }
}

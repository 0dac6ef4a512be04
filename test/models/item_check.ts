// gen_reference.py ItemCheck: .item() with torch._check bounds, then a slice by the value.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { sizeGeSym, sizeLeSym, type Size, type SymBool } from "../../src/symbolic/index.js";

type Check = (cond: SymBool | boolean, message?: () => string) => void;

export class ItemCheck extends nn.Module {
  override forward(x: Tensor, n: Tensor): Tensor {
    // Under export, item() is an unbacked SymInt and the comparisons are SymBools (Python's k >= 2).
    const k = n.item() as Size;
    // torch._check is provided by the export layer (it records runtime asserts); absent, this raises TypeError.
    const check = (torch as unknown as { _check: Check })._check;
    check(sizeGeSym(k, 2));
    check(sizeLeSym(k, 8));
    return x.slice(0, 0, k).mul(2);
  }
}

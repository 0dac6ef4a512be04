// gen_reference.py NonZero: a data-dependent output size, and a size in the output.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { sizeMul, type Size } from "../../src/symbolic/index.js";
import { tuple, type PyTuple } from "../../src/pytree/index.js";

export class NonZero extends nn.Module {
  override forward(x: Tensor): PyTuple<Tensor | Size> {
    const idx = torch.nonzero(x.gt(0));
    return tuple(idx.float().sum(0), sizeMul(idx.shape[0]!, 2));
  }
}

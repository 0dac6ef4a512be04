// gen_reference.py Counter: buffer mutation, a non-persistent buffer and a plain tensor attribute (a lifted constant).
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";

export class Counter extends nn.Module {
  declare count: Tensor;
  declare scale: Tensor;
  offset: Tensor;

  constructor() {
    super();
    this.register_buffer("count", torch.zeros(1));
    // JavaScript cannot write the float literal 2.0 (it is the number 2), so the dtype is explicit.
    this.register_buffer("scale", torch.full([4], 2.0, { dtype: torch.float32 }), { persistent: false });
    this.offset = torch.ones(4); // plain tensor attribute -> lifted constant
  }

  override forward(x: Tensor): Tensor {
    this.count.add_(1);
    return x.mul(this.scale).add(this.offset).add(this.count);
  }
}

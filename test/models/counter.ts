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
    this.register_buffer("scale", torch.full([4], 2.0), { persistent: false });
    this.offset = torch.ones(4); // plain tensor attribute -> lifted constant
  }

  override forward(x: Tensor): Tensor {
    this.count.add_(1);
    return x.mul(this.scale).add(this.offset).add(this.count);
  }
}

// gen_reference.py Block: a pre-norm transformer block with causal scaled-dot-product attention.
import { nn, F } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { sizeFloorDiv } from "../../src/symbolic/index.js";

export class Block extends nn.Module {
  ln1: nn.LayerNorm;
  qkv: nn.Linear;
  proj: nn.Linear;
  ln2: nn.LayerNorm;
  up: nn.Linear;
  down: nn.Linear;

  constructor(d: number, readonly h: number) {
    super();
    this.ln1 = new nn.LayerNorm(d);
    this.qkv = new nn.Linear(d, 3 * d);
    this.proj = new nn.Linear(d, d);
    this.ln2 = new nn.LayerNorm(d);
    this.up = new nn.Linear(d, 4 * d);
    this.down = new nn.Linear(4 * d, d);
  }

  override forward(x: Tensor): Tensor {
    const [b, t, c] = x.shape as [Tensor["shape"][number], Tensor["shape"][number], number];
    const hd = sizeFloorDiv(c, this.h);
    let [q, k, v] = this.qkv(this.ln1(x)).split(c, 2) as [Tensor, Tensor, Tensor];
    q = q.view(b, t, this.h, hd).transpose(1, 2);
    k = k.view(b, t, this.h, hd).transpose(1, 2);
    v = v.view(b, t, this.h, hd).transpose(1, 2);
    let y = F.scaled_dot_product_attention(q, k, v, { is_causal: true });
    y = y.transpose(1, 2).contiguous().view(b, t, c);
    x = x.add(this.proj(y));
    x = x.add(this.down(F.gelu(this.up(this.ln2(x)))));
    return x;
  }
}

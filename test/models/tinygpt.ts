// gen_reference.py TinyGPT: token + position embeddings, a ModuleList of Blocks, final norm and head.
import { torch, nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { Block } from "./block.js";

export class TinyGPT extends nn.Module {
  tok: nn.Embedding;
  pos: nn.Embedding;
  blocks: nn.ModuleList;
  ln: nn.LayerNorm;
  head: nn.Linear;

  constructor(vocab = 128, d = 32, h = 4, layers = 2, ctx = 64) {
    super();
    this.tok = new nn.Embedding(vocab, d);
    this.pos = new nn.Embedding(ctx, d);
    this.blocks = new nn.ModuleList(Array.from({ length: layers }, () => new Block(d, h)));
    this.ln = new nn.LayerNorm(d);
    this.head = new nn.Linear(d, vocab, { bias: false });
  }

  override forward(idx: Tensor): Tensor {
    const [, t] = idx.shape;
    const pos = torch.arange(0, t!, { dtype: torch.long, device: idx.device });
    let x = this.tok(idx).add(this.pos(pos));
    for (const blk of this.blocks) x = (blk as Block)(x);
    return this.head(this.ln(x));
  }
}

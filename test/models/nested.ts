// gen_reference.py Nested: pytree inputs (a pair, a keyword-only dict) and outputs (dict of list of tuple).
import { nn } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import { tuple } from "../../src/pytree/index.js";

export class Nested extends nn.Module {
  lin = new nn.Linear(4, 4);

  /** forward(x, pair, *, cfg): the keyword-only argument comes as the trailing options object. */
  override forward(x: Tensor, pair: [Tensor, Tensor], kwargs: { cfg: { alpha: Tensor; beta: Tensor } }) {
    const [a, b] = pair;
    const cfg = kwargs.cfg;
    const out = this.lin(x).add(a.mul(cfg.alpha)).sub(b);
    return { out, parts: [a.add(1), tuple(b.mul(2), cfg.beta.sum())] };
  }
}

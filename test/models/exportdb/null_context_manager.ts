// ExportDB null_context_manager: `with contextlib.nullcontext():` is traced out. JavaScript has no
// `with`; the context manager protocol is spelled out (enter, body, exit in finally).
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

/** contextlib.nullcontext(): __enter__ / __exit__ do nothing. */
function nullcontext() {
  return { enter(): void {}, exit(): void {} };
}

export class NullContextManager extends nn.Module {
  override forward(x: Tensor): Tensor {
    const ctx = nullcontext();
    ctx.enter();
    try {
      return x.sin().add(x.cos());
    } finally {
      ctx.exit();
    }
  }
}

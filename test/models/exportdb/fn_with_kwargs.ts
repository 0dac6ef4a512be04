// ExportDB fn_with_kwargs: forward(pos0, tuple0, *myargs, mykw0, **mykwargs). The keyword-only
// mykw0 and the **mykwargs arrive as the trailing options object, after the *myargs rest.
import { nn } from "../../../src/torch.js";
import type { Tensor } from "../../../src/tensor/index.js";

type Kwargs = { mykw0: Tensor } & Record<string, Tensor>;

export class FnWithKwargs extends nn.Module {
  override forward(pos0: Tensor, tuple0: Tensor[], ...myargs: Array<Tensor | Kwargs>): Tensor {
    const { mykw0, ...mykwargs } = myargs.pop() as Kwargs;
    let out = pos0;
    for (const arg of tuple0) out = out.mul(arg);
    for (const arg of myargs as Tensor[]) out = out.mul(arg);
    out = out.mul(mykw0);
    out = out.mul(mykwargs["input0"]!).mul(mykwargs["input1"]!);
    return out;
  }
}

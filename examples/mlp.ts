// Quick start: export an MLP with a dynamic batch dimension, print the program as
// `print(torch.export.export(...))` does in PyTorch, run it, and save it as mlp.pt2 — an archive
// PyTorch's torch.export.load opens.
import { torch, nn, F, Dim, type Tensor } from "pt2js";

class MLP extends nn.Module {
  fc1 = new nn.Linear(16, 32);
  fc2 = new nn.Linear(32, 4);

  override forward(x: Tensor): Tensor {
    return this.fc2(F.relu(this.fc1(x)));
  }
}

const ep = torch.export.export(new MLP().eval(), [torch.randn(8, 16)], {
  dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 1024 }) } },
});
console.log(ep.toString());

const out = ep.module()(torch.randn(3, 16)) as Tensor;
console.log(`ep.module() on a batch of 3 gives shape [${out.shape.join(", ")}]`);

await torch.export.save(ep, "mlp.pt2");
const loaded = await torch.export.load("mlp.pt2");
console.log(`wrote mlp.pt2; torch.export.load reads it back: ${loaded.toString() === ep.toString() ? "same program" : "DIFFERENT"}`);

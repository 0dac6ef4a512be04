// Lifting and placeholder naming as PyTorch's non-strict export does them (lift_constants_pass,
// placeholder_naming_pass); the expected programs are PyTorch 2.6's output for the same models.
import { afterEach, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { torch, nn } from "../../src/torch.js";
import { ones, randn } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/index.js";
import { setHandler, type Warning } from "../../src/warnings.js";

let previous: ((w: Warning) => void) | null = null;
afterEach(() => {
  if (previous !== null) setHandler(previous);
  previous = null;
});

describe("lifting", () => {
  it("lifts tensor attributes in the order ops first use them, and not at all when unused", () => {
    class M extends nn.Module {
      foo = randn([2, 2], { requires_grad: true });
      bar = randn(2, 2);
      unused = randn(2, 2);
      override forward(x: Tensor): Tensor {
        return x.cos().add(this.bar).add(this.foo.sum());
      }
    }
    const ep = exportModule(new M() as never, [ones(2, 2)]);
    expect(ep.graph_signature.input_specs.map((s) => [s.arg.name, s.kind, s.target])).toEqual([
      ["c_bar", "CONSTANT_TENSOR", "bar"],
      ["c_foo", "CONSTANT_TENSOR", "foo"],
      ["x", "USER_INPUT", null],
    ]);
    expect([...ep.constants.keys()]).toEqual(["bar", "foo"]);
    // ep.module() detaches the constant that requires grad, with PyTorch's warning.
    const seen: string[] = [];
    previous = setHandler((w) => seen.push(w.message));
    const gm = ep.module() as unknown as { foo: Tensor };
    expect(gm.foo.requires_grad).toBe(false);
    expect(seen.some((m) => m.startsWith("A model attribute `foo` requires gradient. but it's not properly registered as a parameter."))).toBe(true);
  });

  it("drops a torch.tensor(...) whose value is never used", () => {
    class M extends nn.Module {
      override forward(x: Tensor): Tensor {
        void torch.tensor(3);
        return x.mul(x);
      }
    }
    const ep = exportModule(new M() as never, [ones(3)]);
    expect(ep.constants.size).toBe(0);
    expect(ep.graph.nodes.map((n) => n.name)).toEqual(["x", "mul", "output"]);
  });
});

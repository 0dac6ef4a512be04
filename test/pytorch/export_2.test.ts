// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 2.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, Dim as DimTyped, } from "../../src/index.js";

import { port, fails, assertEqual, allclose, assertRaisesRegex, assertWarnsRegex, normalizeGm, py } from "./harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do, including what pt2js lacks.
const torch: any = torchTyped;
const Dim: any = DimTyped;
type Tensor = any;


const exportFn = torch.export.export;
const call = (m: unknown, ...a: unknown[]): unknown => (m as (...x: unknown[]) => unknown)(...a);

describe("test_export.py TestExport (2)", () => {
  port("test_cond_branches_return_same_int", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        const idx = torch.cond(x.sum().gt(3), () => 0, () => 0, []);
        return x.select(0, idx as never);
      }
    }
    const args = [torch.randn(3, 3)];
    const m = new M();
    const ep = exportFn(new M(), args);
    expect(normalizeGm(ep.module().print_readable({ print_output: false }))).toBe(`class GraphModule(torch.nn.Module):
    def forward(self, x):
        x: "f32[3, 3]";

        x, = fx_pytree.tree_flatten_spec(([x], {}), self._in_spec)
        _guards_fn = self._guards_fn(x);  _guards_fn = None

        sum_1: "f32[]" = torch.ops.aten.sum.default(x)
        gt: "b8[]" = torch.ops.aten.gt.Scalar(sum_1, 3);  sum_1 = None

        true_graph_0 = self.true_graph_0
        false_graph_0 = self.false_graph_0
        cond = torch.ops.higher_order.cond(gt, true_graph_0, false_graph_0, ());  gt = true_graph_0 = false_graph_0 = None
        getitem = cond[0];  cond = getitem = None

        select: "f32[3]" = torch.ops.aten.select.int(x, 0, 0);  x = None
        return pytree.tree_unflatten((select,), self._out_spec)

    class true_graph_0(torch.nn.Module):
        def forward(self):
            return (0,)

    class false_graph_0(torch.nn.Module):
        def forward(self):
            return (0,)
`);
    assertEqual(call(m, ...args), call(ep.module(), ...args));
  });

  port("test_cond_contains_unbacked_no_escape", () => {
    class M extends nn.Module {
      override forward(a: Tensor, b1: Tensor, b2: Tensor, c: Tensor) {
        const true_fn = (x: Tensor) => x.mul(b1.item() as number);
        const false_fn = (x: Tensor) => x.mul(b2.item() as number);
        const r = torch.cond(a, true_fn, false_fn, [c]) as Tensor;
        return r.mul(2);
      }
    }
    exportFn(new M(), [torch.tensor(true), torch.tensor([4]), torch.tensor([4]), torch.randn(10)]);
  });

  port("test_cond_int_closure", () => {
    class M extends nn.Module {
      num = 4;
      override forward(a: Tensor, x: Tensor) {
        const true_fn = (x: Tensor) => x.mul(this.num);
        const false_fn = (x: Tensor) => x.add(this.num);
        const r = torch.cond(a, true_fn, false_fn, [x]) as Tensor;
        return r.mul(2);
      }
    }
    const args = [torch.tensor(true), torch.randn(10)];
    const ep = exportFn(new M(), args);
    assertEqual(call(ep.module(), ...args), call(new M(), ...args));
  });

  port("test_state_tensors", () => {
    {
      class M extends nn.Module {
        constructor() {
          super();
          this.register_buffer("buf", torch.ones(2, 3), { persistent: false });
        }
        override forward(x: Tensor) {
          const self = this as unknown as { buf: Tensor };
          const y = self.buf;
          const w1 = self.buf.add(3);
          const w2 = self.buf.add(4);
          const w3 = self.buf.add(5);
          self.buf = w1;
          const z = self.buf;
          self.buf = w3;
          return x.add(y).add(z).add(w2);
        }
      }
      const ep = exportFn(new M(), [torch.randn(2, 3)], { strict: false }).run_decompositions({});
      expect([...ep.graph_signature.buffers_to_mutate.values()]).toEqual(["buf"]);
      expect(allclose(call(ep.module(), torch.ones(2, 3).add(1)) as Tensor, torch.ones(2, 3).mul(12))).toBe(true);
    }
    {
      class M extends nn.Module {
        buf: Tensor = torch.ones(2, 3);
        override forward(x: Tensor) {
          const y = this.buf;
          this.buf = this.buf.add(3);
          const z = this.buf;
          return x.add(y).add(z);
        }
      }
      assertWarnsRegex("The tensor attribute self.buf was assigned during export", () => exportFn(new M(), [torch.randn(2, 3)], { strict: false }));
    }
    {
      class M extends nn.Module {
        constructor() {
          super();
          [torch.ones(2, 3), torch.ones(2, 3)].forEach((t, i) => this.register_buffer(`buf_${i}`, t, { persistent: false }));
        }
        get_tensor(i: number): Tensor {
          return (this as unknown as Record<string, Tensor>)[`buf_${i}`]!;
        }
        set_tensor(i: number, val: Tensor): void {
          (this as unknown as Record<string, Tensor>)[`buf_${i}`] = val;
        }
        override forward(x: Tensor) {
          const y = this.get_tensor(0).add(this.get_tensor(1));
          this.set_tensor(0, torch.ones(2, 3).add(2));
          this.set_tensor(1, torch.ones(2, 3).add(2));
          const z = this.get_tensor(0).add(this.get_tensor(1));
          return x.add(y).add(z);
        }
      }
      const ep = exportFn(new M(), [torch.randn(2, 3)], { strict: false }).run_decompositions({});
      expect([...ep.graph_signature.buffers_to_mutate.values()]).toEqual(["buf_0", "buf_1"]);
      expect(allclose(call(ep.module(), torch.ones(2, 3).add(1)) as Tensor, torch.ones(2, 3).mul(10))).toBe(true);
    }
    {
      class M extends nn.Module {
        tensors = [torch.ones(2, 3), torch.ones(2, 3)];
        override forward(x: Tensor) {
          const y = this.tensors[0]!.add(this.tensors[1]!);
          this.tensors[0] = torch.ones(2, 3).add(2);
          this.tensors[1] = torch.ones(2, 3).add(2);
          const z = this.tensors[0].add(this.tensors[1]);
          return x.add(y).add(z);
        }
      }
      assertWarnsRegex(/The tensor attributes self.tensors\[0\], self.tensors\[1\] were assigned during export/, () =>
        exportFn(new M(), [torch.randn(2, 3)], { strict: false }),
      );
    }
  });

  port("test_unflatten_closure", () => {
    class Dummy extends nn.Module {
      override forward(fn: (t: Tensor) => Tensor, x: Tensor) {
        const y = x.add(2);
        const z = fn(y);
        return z.add(4);
      }
    }
    class N extends nn.Module {
      override forward(x: Tensor) {
        return x.add(3);
      }
    }
    class M extends nn.Module {
      dummy = new Dummy();
      n = new N();
      override forward(x: Tensor) {
        const y = x.add(1);
        const z = call(this.dummy, (k: Tensor) => (call(this.n, y.add(k)) as Tensor).add(y), y) as Tensor;
        return z.add(5);
      }
    }
    const ep = exportFn(new M(), [torch.randn(3)]);
    const ufm = torch.export.unflatten(ep) as unknown as { graph_module: { code: string }; dummy: { graph_module: { code: string } } };
    expect(String(ufm.graph_module.code).trim()).toBe(`def forward(self, x):
    add = torch.ops.aten.add.Tensor(x, 1);  x = None
    dummy = self.dummy(add);  add = None
    add_6 = torch.ops.aten.add.Tensor(dummy, 5);  dummy = None
    return (add_6,)`);
    expect(String(ufm.dummy.graph_module.code).trim()).toBe(`def forward(self, add):
    add_1 = torch.ops.aten.add.Tensor(add, 2)
    add_2 = torch.ops.aten.add.Tensor(add, add_1);  add_1 = None
    add_3 = torch.ops.aten.add.Tensor(add_2, 3);  add_2 = None
    add_4 = torch.ops.aten.add.Tensor(add_3, add);  add_3 = add = None
    add_5 = torch.ops.aten.add.Tensor(add_4, 4);  add_4 = None
    return add_5`);
  });

  port("test_state_primitives", () => {
    class M extends nn.Module {
      x = 1;
      y: Record<string, number> = { k: 2 };
      z: number[] = [3];
      override forward(x: Tensor) {
        this.x = this.x + 4;
        this.y.k = this.y.k! + 5;
        this.z = [this.z[0]! + 6];
        return x.add(this.x).add(this.y.k).add(this.z[0]!);
      }
    }
    const ep = exportFn(new M(), [torch.randn(2, 3)]);
    expect(allclose(call(ep.module(), torch.zeros(2, 3)) as Tensor, torch.ones(2, 3).mul(21))).toBe(true);
  });

  port("test_state_shape_attribute_assignment", () => {
    class TestModule extends nn.Module {
      linear = new nn.Linear(10, 10);
      last_z_shape: unknown = this.linear.weight.shape;
      override forward(x: Tensor) {
        this.last_z_shape = x.shape;
        return call(this.linear, x) as Tensor;
      }
    }
    const model = new TestModule();
    const x = torch.randn(20, 10);
    const ep_model = exportFn(model, [x], { strict: false }).module();
    expect(allclose(call(model, x) as Tensor, call(ep_model, x) as Tensor)).toBe(true);
  });

  port("test_output_node_name", () => {
    class TestModule extends nn.Module {
      linear = new nn.Linear(10, 10);
      override forward(x: Tensor) {
        return call(this.linear, x) as Tensor;
      }
    }
    const model = new TestModule();
    const x = torch.randn(20, 10);
    const ep_model = exportFn(model, [x], { strict: false }).module();
    const nodes = ep_model.graph.nodes;
    expect(nodes[nodes.length - 1]!.name).toBe("output");
    expect(allclose(call(model, x) as Tensor, call(ep_model, x) as Tensor)).toBe(true);
  });
});

// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 3:
// Dim hints, derived dims, composite ops kept by run_decompositions, export for training.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, F as FTyped, Dim as DimTyped, } from "../../src/index.js";

import { UserError, ValueError } from "../../src/export/errors.js";
import { port, fails, assertEqual, allclose, assertRaisesRegex, assertWarnsRegex, checkCount, escape, py } from "./harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do, including what pt2js lacks.
const torch: any = torchTyped;
const F: any = FTyped;
const Dim: any = DimTyped;
type Tensor = any;


const exportFn = torch.export.export;
const call = (m: unknown, ...a: unknown[]): unknown => (m as (...x: unknown[]) => unknown)(...a);
// torch.export.default_decompositions() (a dict keyed by OpOverload: `del table[op]` is Map.delete).
const default_decompositions = (): Map<unknown, unknown> =>
  (torch.export as unknown as { default_decompositions: () => Map<unknown, unknown> }).default_decompositions();
const aten = torch.ops.aten as Record<string, Record<string, unknown>>;
const rangeOf = (ep: { range_constraints: readonly { key: string; lower: unknown; upper: unknown }[] }, s: unknown) =>
  ep.range_constraints.find((r) => r.key === String(s))!;
const placeholders = (ep: { graph: { nodes: { op: string; meta: Record<string, unknown> }[] } }) =>
  ep.graph.nodes.filter((n) => n.op === "placeholder");
const valShape = (n: { meta: Record<string, unknown> }) => (n.meta.val as { shape: unknown[] }).shape;

describe("test_export.py TestExport (3)", () => {
  port("test_dim_auto_and_dim", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.sub(y);
      }
    }
    let ep = exportFn(new Foo(), [torch.randn(4, 4), torch.randn(4, 4)], {
      dynamic_shapes: { x: [Dim.AUTO, Dim("d1", { min: 3 })], y: [Dim("d0", { max: 8 }), Dim.DYNAMIC] },
    });
    {
      const [x, y] = placeholders(ep);
      const s0 = valShape(x!)[0];
      expect(String(s0)).toBe(String(valShape(y!)[0]));
      const s1 = valShape(x!)[1];
      expect(String(s1)).toBe(String(valShape(y!)[1]));
      expect([Number(rangeOf(ep, s0).upper), Number(rangeOf(ep, s1).lower)]).toEqual([8, 3]);
    }
    class Bar extends nn.Module {
      override forward(x: Tensor, y: Tensor, z: Tensor) {
        return x.add(y.slice(0, 1, null, 3)).add(z);
      }
    }
    const dx = Dim("dx", { min: 2, max: 10 });
    ep = exportFn(new Bar(), [torch.randn(4), torch.randn(13), torch.randn(4)], {
      dynamic_shapes: { x: [dx], y: [dx.mul(3).add(1)], z: [Dim.AUTO] },
    });
    {
      const [x, y, z] = placeholders(ep);
      const s0 = valShape(x!)[0];
      expect(String(s0)).toBe(String(valShape(z!)[0]));
      const expr = String(valShape(y!)[0]);
      const free = new Set(expr.match(/[su]\d+/g));
      expect(free.size).toBe(1);
      expect([...free][0]).toBe(String(s0));
    }
    assertRaisesRegex(
      UserError,
      /You marked.*but your code specialized it to be a constant.*If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO/,
      () => exportFn(new Foo(), [torch.randn(4), torch.randn(4)], { dynamic_shapes: { x: [Dim.STATIC], y: [Dim("dy")] } }),
    );
  });

  fails("test_issue_157289", "AssertionError: expected 'def forward(self, causal_mask, fill_v…' to be 'def forward(self, causal_mask, fill_v…' // Object.is equality", () => {
    class MyModule extends nn.Module {
      override forward(causal_mask: Tensor, fill_value: Tensor) {
        causal_mask = causal_mask.clone();
        const mask_length = fill_value.shape[fill_value.dim() - 1]!;
        causal_mask.slice(3, null, mask_length as never).copy_(fill_value);
        return causal_mask;
      }
    }
    const ep = exportFn(new MyModule(), [torch.randn(2, 2, 3, 4), torch.randn(2, 2, 3, 3)], {
      dynamic_shapes: { causal_mask: { 3: Dim("M") }, fill_value: { 3: Dim("N") } },
    });
    expect(String(ep.graph_module.code).trim()).toBe(`def forward(self, causal_mask, fill_value):
    sym_size_int_4 = torch.ops.aten.sym_size.int(fill_value, 3)
    clone = torch.ops.aten.clone.default(causal_mask);  causal_mask = None
    slice_1 = torch.ops.aten.slice.Tensor(clone, 3, 0, sym_size_int_4);  sym_size_int_4 = None
    copy_ = torch.ops.aten.copy_.default(slice_1, fill_value);  slice_1 = fill_value = copy_ = None
    return (clone,)`);
    const decomposed_ep = ep.run_decompositions();
    expect(String(decomposed_ep.graph_module.code).trim()).toBe(`def forward(self, causal_mask, fill_value):
    sym_size_int_5 = torch.ops.aten.sym_size.int(fill_value, 3)
    clone = torch.ops.aten.clone.default(causal_mask);  causal_mask = None
    slice_1 = torch.ops.aten.slice.Tensor(clone, 3, 0, sym_size_int_5)
    copy = torch.ops.aten.copy.default(slice_1, fill_value);  slice_1 = fill_value = None
    slice_scatter = torch.ops.aten.slice_scatter.default(clone, copy, 3, 0, sym_size_int_5);  clone = copy = sym_size_int_5 = None
    return (slice_scatter,)`);
  });

  port("test_dim_dynamic_specialization", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        return x.add(2);
      }
    }
    assertRaisesRegex(
      ValueError,
      /Received user-specified dim hint Dim.DYNAMIC.*but export 0\/1 specialized due to hint of 0 for dimension inputs\['x'\]\.shape\[0\](.*\n)*.*Received user-specified dim hint Dim.DYNAMIC.*but export 0\/1 specialized due to hint of 1 for dimension inputs\['x'\]\.shape\[1\].*/,
      () => exportFn(new Foo(), [torch.randn(0, 1)], { dynamic_shapes: { x: { 0: Dim.DYNAMIC, 1: Dim.DYNAMIC } } }),
    );
    class Bar extends nn.Module {
      override forward(x: Tensor) {
        if (!py.bool(py.le(x.shape[0] as never, 32))) throw new Error("AssertionError");
        return x.add(2);
      }
    }
    assertRaisesRegex(
      ValueError,
      /Received user-specified dim hint Dim.DYNAMIC.*but tracing inferred a static shape of 32 for dimension inputs\['x'\]\.shape\[0\](.*\n)*.*/,
      () => exportFn(new Bar(), [torch.randn(32)], { dynamic_shapes: { x: { 0: Dim.DYNAMIC({ min: 32 }) } } }),
    );
  });

  port("test_dim_hint_ranges", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.add(y);
      }
    }
    const ep = exportFn(new Foo(), [torch.randn(6, 4), torch.randn(6, 4)], {
      dynamic_shapes: { x: [Dim.AUTO({ min: 4 }), Dim.AUTO], y: [Dim.DYNAMIC({ max: 16 }), Dim.AUTO({ max: 32 })] },
    });
    call(ep.module(), torch.randn(8, 5), torch.randn(8, 5));
    assertRaisesRegex(Error, escape("Guard failed: x.size()[0] >= 4"), () => call(ep.module(), torch.randn(3, 5), torch.randn(3, 5)));
    assertRaisesRegex(Error, escape("Guard failed: x.size()[0] <= 16"), () => call(ep.module(), torch.randn(17, 5), torch.randn(17, 5)));
    assertRaisesRegex(Error, escape("Guard failed: x.size()[1] <= 32"), () => call(ep.module(), torch.randn(9, 33), torch.randn(9, 33)));
  });

  port("test_dim_hint_range_violations", () => {
    class Foo extends nn.Module {
      override forward(xs: { data: Tensor[][] }) {
        const [x, y] = xs.data[0]!;
        if (!py.bool(py.le(y!.shape[0] as never, 32))) throw new Error("AssertionError");
        return [x!.slice(0, 6), y!.add(2)];
      }
    }
    const [x, y] = [torch.randn(8), torch.randn(8)];
    let shapes = new torch.export.ShapesCollection();
    shapes.set(x, [Dim.DYNAMIC({ max: 5 })]);
    assertRaisesRegex(
      ValueError,
      /Received user-specified .* \[None, 5\], conflicting with the inferred .*\[8, int_oo\],.* for inputs\['xs'\]\['data'\]\[0\]\[0\]\.shape\[0\]/,
      () => exportFn(new Foo(), [{ data: [[x, y]] }], { dynamic_shapes: shapes }),
    );
    shapes = new torch.export.ShapesCollection();
    shapes.set(y, [Dim.AUTO({ min: 48, max: 62 })]);
    assertRaisesRegex(
      ValueError,
      /Received user-specified .* \[48, 62\], conflicting with the inferred .*\[2, 32\],.* for inputs\['xs'\]\['data'\]\[0\]\[1\]\.shape\[0\]/,
      () => exportFn(new Foo(), [{ data: [[x, y]] }], { dynamic_shapes: shapes }),
    );
    class Bar extends nn.Module {
      override forward(x: Tensor) {
        return x.add(2);
      }
    }
    assertRaisesRegex(
      ValueError,
      /Received user-specified .* \[6, 8\], conflicting with the inferred .*\[4, 4\],.* for inputs\['x'\].shape\[0\]/,
      () => exportFn(new Bar(), [torch.randn(4)], { dynamic_shapes: { x: [Dim.STATIC({ min: 6, max: 8 })] } }),
    );
    class Moo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        if (!py.bool(py.le(x.shape[0] as never, 32))) throw new Error("AssertionError");
        if (!py.bool(py.ge(y.shape[0] as never, 128))) throw new Error("AssertionError");
        return [x.add(2), y.add(2)];
      }
    }
    assertRaisesRegex(
      ValueError,
      /Received user-specified .* \[33, None\], conflicting with the inferred .*\[2, 32\],.* for inputs\['x'\].shape\[0\](.*\n)*.*Received user-specified .* \[None, 127\], conflicting with the inferred .*\[128, int_oo\],.* for inputs\['y'\].shape\[0\]/,
      () => exportFn(new Moo(), [torch.randn(16), torch.randn(256)], { dynamic_shapes: { x: [Dim.DYNAMIC({ min: 33 })], y: [Dim.DYNAMIC({ max: 127 })] } }),
    );
  });

  port("test_torch_fn", () => {
    class M1 extends nn.Module {
      linear = new nn.Linear(3, 3);
      relu = new nn.ReLU();
      override forward(x: Tensor) {
        x = call(this.linear, x) as Tensor;
        x = call(this.linear, x) as Tensor;
        x = call(this.relu, x) as Tensor;
        return x.add(x);
      }
    }
    const ep1 = exportFn(new M1(), [torch.randn(3, 3)]).run_decompositions();
    const fns = (ep: { graph: { nodes: { op: string; meta: Record<string, unknown> }[] } }) =>
      ep.graph.nodes.filter((n) => n.op === "call_function").map((n) => n.meta.torch_fn);
    expect(fns(ep1)).toEqual([
      ["linear_1", "builtin_function_or_method.linear"],
      ["linear_1", "builtin_function_or_method.linear"],
      ["linear_2", "builtin_function_or_method.linear"],
      ["linear_2", "builtin_function_or_method.linear"],
      ["relu_1", "function.relu"],
      ["add_1", "method_descriptor.add"],
    ]);
    class M2 extends nn.Module {
      override forward(x: Tensor, weight: Tensor, bias: Tensor) {
        x = F.linear(x, weight, bias);
        x = F.relu(x);
        return torch.add(x, x);
      }
    }
    const ep2 = exportFn(new M2(), [torch.randn(3, 3), torch.randn(3, 3), torch.randn(3)]).run_decompositions();
    expect(fns(ep2)).toEqual([
      ["linear_1", "builtin_function_or_method.linear"],
      ["linear_1", "builtin_function_or_method.linear"],
      ["relu_1", "function.relu"],
      ["add_1", "builtin_function_or_method.add"],
    ]);
  });

  port("test_export_preserve_linear_at_aot_level", () => {
    class Foo extends nn.Module {
      linear = new nn.Linear(3, 3);
      override forward(x: Tensor) {
        x = call(this.linear, x) as Tensor;
        return (aten.chunk!.default as (...a: unknown[]) => unknown)(x, 3, 0);
      }
    }
    let ep = exportFn(new Foo(), [torch.randn(3, 3)]);
    const decomp_table = default_decompositions();
    decomp_table.delete(aten.linear!.default);
    ep = ep.run_decompositions(decomp_table as never);
    expect(String(ep.graph_module.code).trim()).toBe(`def forward(self, p_linear_weight, p_linear_bias, x):
    linear = torch.ops.aten.linear.default(x, p_linear_weight, p_linear_bias);  x = p_linear_weight = p_linear_bias = None
    split_with_sizes = torch.ops.aten.split_with_sizes.default(linear, [1, 1, 1]);  linear = None
    getitem = split_with_sizes[0]
    getitem_1 = split_with_sizes[1]
    getitem_2 = split_with_sizes[2];  split_with_sizes = None
    return (getitem, getitem_1, getitem_2)`);
  });

  port("test_export_cond_preserve_torch_fn_for_subgraphs", () => {
    class MySubModule extends nn.Module {
      foo(x: Tensor) {
        return x.cos();
      }
      override forward(x: Tensor) {
        return this.foo(x);
      }
    }
    class CondBranchClassMethod extends nn.Module {
      subm = new MySubModule();
      bar(x: Tensor) {
        return x.sin();
      }
      override forward(x: Tensor) {
        return torch.cond(x.sum().le(2), (x: Tensor) => this.subm.forward(x), (x: Tensor) => this.bar(x), [x]);
      }
    }
    const m = new CondBranchClassMethod();
    m.eval();
    const gm = exportFn(m, [torch.randn(1, 3, 3, 3)]).module();
    const actual: unknown[] = [];
    for (const mod of gm.modules() as Iterable<{ graph?: { nodes: { name: string; meta: Record<string, unknown> }[] } }>) {
      if (mod.graph !== undefined) for (const node of mod.graph.nodes) if (node.name === "sin" || node.name === "cos") actual.push(node.meta.torch_fn);
    }
    expect(actual).toEqual([
      ["cos_1", "method_descriptor.cos"],
      ["sin_1", "method_descriptor.sin"],
    ]);
  });

  port("test_duplicate_modules_with_non_persistent_buffers", () => {
    class FooWithBuf extends nn.Module {
      constructor() {
        super();
        this.register_buffer("buf", torch.randn(4), { persistent: false });
      }
      override forward(x: Tensor) {
        return x.add((this as unknown as { buf: Tensor }).buf);
      }
    }
    class BarWithFoo extends nn.Module {
      constructor(readonly foo: FooWithBuf) {
        super();
      }
      override forward(x: Tensor) {
        return call(this.foo, x) as Tensor;
      }
    }
    class ModWith2Bars extends nn.Module {
      b1: BarWithFoo;
      b2: BarWithFoo;
      constructor() {
        super();
        const foo = new FooWithBuf();
        this.b1 = new BarWithFoo(foo);
        this.b2 = new BarWithFoo(foo);
      }
      override forward(x: Tensor) {
        return (call(this.b1, x) as Tensor).add(call(this.b2, x) as Tensor);
      }
    }
    const mod = new ModWith2Bars();
    const inputs = [torch.randn(4)];
    const ep = exportFn(mod, inputs);
    expect(allclose(call(ep.module(), ...inputs) as Tensor, call(mod, ...inputs) as Tensor)).toBe(true);
  });

  class AddSlice1 extends nn.Module {
    override forward(x: Tensor, y: Tensor) {
      return x.add(y.slice(0, 1));
    }
  }

  port("test_derived_dim_basic", () => {
    const foo = new AddSlice1();
    const [x, y] = [torch.randn(5), torch.randn(6)];
    const dimx = Dim("dimx", { min: 3, max: 6 });
    let dimy: unknown = Dim("dimy", { min: 4, max: 7 });
    assertRaisesRegex(
      UserError,
      /Constraints violated \(dimy\)!(.*\n)*.*The values of dimy.*must always be related to the values of dimx.*by.*(.*\n)*.*Suggested fixes:(.*\n)*.*dimy = dimx \+ 1/,
      () => exportFn(foo, [x, y], { dynamic_shapes: [{ 0: dimx }, { 0: dimy }] }),
    );
    dimy = dimx.mul(2);
    assertRaisesRegex(UserError, /Expected input.*size.* to be equal to 2\*dimx, where dimx = 5, but got 6/, () =>
      exportFn(foo, [x, y], { dynamic_shapes: [{ 0: dimx }, { 0: dimy }] }),
    );
    dimy = dimx.add(1);
    const ep = exportFn(foo, [x, y], { dynamic_shapes: [{ 0: dimx }, { 0: dimy }] });
    assertRaisesRegex(Error, escape("Guard failed: x.size()[0] == -1 + y.size()[0]"), () => call(ep.module(), torch.randn(4), torch.randn(6)));
    expect((call(ep.module(), torch.randn(4), torch.randn(5)) as Tensor).size()[0]).toBe(4);
  });

  port("test_derived_dim_nested", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.add(y.slice(0, 1, null, 2));
      }
    }
    const dimx = Dim("dimx", { min: 3, max: 6 });
    let dimy = dimx.mul(2).add(1);
    let ep = exportFn(new Foo(), [torch.randn(5), torch.randn(11)], { dynamic_shapes: [{ 0: dimx }, { 0: dimy }] });
    expect((call(ep.module(), torch.randn(4), torch.randn(9)) as Tensor).size()[0]).toBe(4);
    class Foo2 extends nn.Module {
      override forward(z: Tensor, y: Tensor) {
        return z.slice(0, 1).add(y.slice(0, 1, null, 2));
      }
    }
    const foo = new Foo2();
    const [z, y] = [torch.randn(6), torch.randn(11)];
    let dimz: unknown = dimx;
    dimy = dimx.mul(2).sub(1);
    ep = exportFn(foo, [z, y], { dynamic_shapes: [{ 0: dimz }, { 0: dimy }] });
    expect((call(ep.module(), torch.randn(5), torch.randn(9)) as Tensor).size()[0]).toBe(4);
    dimz = dimx.add(1);
    dimy = dimx.mul(2).sub(1);
    assertRaisesRegex(UserError, /Expected input.*size.*to be equal to 2\*dimx - 1, where dimx = 5, but got 11/, () =>
      exportFn(foo, [z, y], { dynamic_shapes: [{ 0: dimz }, { 0: dimy }] }),
    );
    dimy = dimx.mul(2).add(1);
    ep = exportFn(foo, [z, y], { dynamic_shapes: [{ 0: dimz }, { 0: dimy }] });
    assertRaisesRegex(Error, escape("Guard failed: z.size()[0] <= 7"), () => call(ep.module(), torch.randn(8), torch.randn(15)));
    assertRaisesRegex(Error, escape("Guard failed: -1 + 2 * z.size()[0] == y.size()[0]"), () => call(ep.module(), torch.randn(5), torch.randn(8)));
    expect((call(ep.module(), torch.randn(5), torch.randn(9)) as Tensor).size()[0]).toBe(4);
  });

  port("test_derived_dim_integer", () => {
    class Foo extends nn.Module {
      override forward(w: Tensor) {
        if (py.bool(py.eq(py.mod(w.shape[0] as never, 2), 0))) return w.slice(0, null, null, 2);
        return w.slice(0, 1, -1, 2);
      }
    }
    const foo = new Foo();
    const w = torch.randn(10);
    const dimx = Dim("dimx", { min: 3, max: 6 });
    let dimw = dimx.mul(2).add(1);
    assertRaisesRegex(UserError, /Expected shape.*= 10 of input Tensor to be of the form 2\*dimx \+ 1, where dimx is an integer/, () =>
      exportFn(foo, [w], { dynamic_shapes: [{ 0: dimw }] }),
    );
    dimw = dimx.mul(2);
    const ep = exportFn(foo, [w], { dynamic_shapes: [{ 0: dimw }] });
    assertRaisesRegex(Error, escape("Guard failed: w.size()[0] % 2 == 0"), () => call(ep.module(), torch.randn(9)));
    expect((call(ep.module(), torch.randn(8)) as Tensor).size()[0]).toBe(4);
    assertRaisesRegex(Error, escape("Guard failed: w.size()[0] <= 12"), () => call(ep.module(), torch.randn(14)));
  });

  port("test_derived_dim_repeat_derived", () => {
    class Foo extends nn.Module {
      override forward(u: Tensor, v: Tensor) {
        return u.slice(0, null, null, 2).add(v.slice(0, null, null, 2));
      }
    }
    const dimx = Dim("dimx", { min: 3, max: 6 });
    const dimw = dimx.mul(2);
    const ep = exportFn(new Foo(), [torch.randn(10), torch.randn(10)], { dynamic_shapes: [{ 0: dimw }, { 0: dimw }] });
    expect((call(ep.module(), torch.randn(8), torch.randn(8)) as Tensor).size()[0]).toBe(4);
  });

  class XYZ extends nn.Module {
    override forward(x: Tensor, y: Tensor, z: Tensor) {
      return x.add(y.slice(0, 1)).add(z.slice(0, 2));
    }
  }

  port("test_derived_dim_out_of_order", () => {
    const dimy = Dim("dimy", { min: 5, max: 7 });
    const dimx = dimy.sub(1);
    const dimz = dimy.add(1);
    const ep = exportFn(new XYZ(), [torch.randn(5), torch.randn(6), torch.randn(7)], { dynamic_shapes: [{ 0: dimx }, { 0: dimy }, { 0: dimz }] });
    assertRaisesRegex(Error, escape("Guard failed: z.size()[0] >= 6"), () => call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(5)));
    expect((call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(8)) as Tensor).size()[0]).toBe(6);
  });

  port("test_derived_dim_out_of_order_repeat_derived", () => {
    const dimy = Dim("dimy", { min: 5, max: 7 });
    const dimx = dimy.sub(1);
    const dimz = dimy.add(1);
    const dimx1 = dimx;
    const dimx2 = dimz.sub(2);
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor, z: Tensor, x1: Tensor, x2: Tensor) {
        return x.add(y.slice(0, 1)).add(z.slice(0, 2)).add(x1).add(x2);
      }
    }
    const foo = new Foo();
    const [u, v, w, u1, u2] = [torch.randn(5), torch.randn(6), torch.randn(7), torch.randn(5), torch.randn(5)];
    const ds = [{ 0: dimx }, { 0: dimy }, { 0: dimz }, { 0: dimx1 }, { 0: dimx2 }];
    for (const inputs of [[u, v, w, u1, u2], [u, v, w, u, u]]) {
      const ep = exportFn(foo, inputs, { dynamic_shapes: ds });
      assertRaisesRegex(Error, escape("Guard failed: x2.size()[0] == x.size()[0]"), () =>
        call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(8), torch.randn(6), torch.randn(5)),
      );
      expect((call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(8), torch.randn(6), torch.randn(6)) as Tensor).size()[0]).toBe(6);
    }
  });

  port("test_specialize_derived_dim_roots", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.reshape([-1]).add(y);
      }
    }
    const dy = Dim("dy", { min: 6 });
    const e = assertRaisesRegex(
      UserError,
      /Specializations unexpectedly required \(dy\)!(.*\n)*.*.*solving the guards generated for dy - 6.*resulted in a specialized value of 6(.*\n)*.*Suggested fixes(.*\n)*.*.*dy = 12(.*\n)*.*/,
      () => exportFn(new Foo(), [torch.randn(6, 2), torch.randn(12)], { dynamic_shapes: { x: [dy.sub(6), 2], y: [dy] } }),
    );
    expect(e.message.includes("dy - 6 = 6")).toBe(false);
  });

  class ConvLinear extends nn.Module {
    conv = new nn.Conv2d(16, 33, 3);
    conv1d = new nn.Conv1d(16, 33, 3);
    constructor(readonly linear: nn.Module) {
      super();
    }
    override forward(x: Tensor, y: Tensor) {
      const x_conv = call(this.conv, x) as Tensor;
      const y_conv_1d = call(this.conv1d, y) as Tensor;
      const x_linear = call(this.linear, x_conv) as Tensor;
      return x_linear.cos().add(y_conv_1d.sum());
    }
  }
  function keepComposite(linear: nn.Module, c: string): void {
    const ep = torch.export.export(new ConvLinear(linear), [torch.randn(20, 16, 50, 100), torch.randn(20, 16, 50)]);
    const ep_has_linear_convd = ep.run_decompositions({});
    expect(String(ep_has_linear_convd.graph_module.code).trim()).toBe(`def forward(self, p_conv_weight, p_conv_bias, p_conv1d_weight, p_conv1d_bias, ${c}_linear_weight, ${c}_linear_bias, x, y):
    conv2d = torch.ops.aten.conv2d.default(x, p_conv_weight, p_conv_bias);  x = p_conv_weight = p_conv_bias = None
    conv1d = torch.ops.aten.conv1d.default(y, p_conv1d_weight, p_conv1d_bias);  y = p_conv1d_weight = p_conv1d_bias = None
    linear = torch.ops.aten.linear.default(conv2d, ${c}_linear_weight, ${c}_linear_bias);  conv2d = ${c}_linear_weight = ${c}_linear_bias = None
    cos = torch.ops.aten.cos.default(linear);  linear = None
    sum_1 = torch.ops.aten.sum.default(conv1d);  conv1d = None
    add = torch.ops.aten.add.Tensor(cos, sum_1);  cos = sum_1 = None
    return (add,)`);
    let decomp_table = default_decompositions();
    decomp_table.delete(aten.conv2d!.default);
    decomp_table.delete(aten.conv1d!.default);
    let ep_has_convd = ep.run_decompositions(decomp_table as never);
    expect(String(ep_has_convd.graph_module.code).trim()).toBe(`def forward(self, p_conv_weight, p_conv_bias, p_conv1d_weight, p_conv1d_bias, ${c}_linear_weight, ${c}_linear_bias, x, y):
    conv2d = torch.ops.aten.conv2d.default(x, p_conv_weight, p_conv_bias);  x = p_conv_weight = p_conv_bias = None
    conv1d = torch.ops.aten.conv1d.default(y, p_conv1d_weight, p_conv1d_bias);  y = p_conv1d_weight = p_conv1d_bias = None
    view = torch.ops.aten.view.default(conv2d, [31680, 98]);  conv2d = None
    permute = torch.ops.aten.permute.default(${c}_linear_weight, [1, 0]);  ${c}_linear_weight = None
    addmm = torch.ops.aten.addmm.default(${c}_linear_bias, view, permute);  ${c}_linear_bias = view = permute = None
    view_1 = torch.ops.aten.view.default(addmm, [20, 33, 48, 20]);  addmm = None
    cos = torch.ops.aten.cos.default(view_1);  view_1 = None
    sum_1 = torch.ops.aten.sum.dim_IntList(conv1d, []);  conv1d = None
    add = torch.ops.aten.add.Tensor(cos, sum_1);  cos = sum_1 = None
    return (add,)`);
    decomp_table = default_decompositions();
    decomp_table.delete(aten.conv2d!.default);
    ep_has_convd = ep_has_convd.run_decompositions(decomp_table as never);
    expect(String(ep_has_convd.graph_module.code).trim()).toBe(`def forward(self, p_conv_weight, p_conv_bias, p_conv1d_weight, p_conv1d_bias, ${c}_linear_weight, ${c}_linear_bias, x, y):
    conv2d = torch.ops.aten.conv2d.default(x, p_conv_weight, p_conv_bias);  x = p_conv_weight = p_conv_bias = None
    convolution = torch.ops.aten.convolution.default(y, p_conv1d_weight, p_conv1d_bias, [1], [0], [1], False, [0], 1);  y = p_conv1d_weight = p_conv1d_bias = None
    view = torch.ops.aten.view.default(conv2d, [31680, 98]);  conv2d = None
    permute = torch.ops.aten.permute.default(${c}_linear_weight, [1, 0]);  ${c}_linear_weight = None
    addmm = torch.ops.aten.addmm.default(${c}_linear_bias, view, permute);  ${c}_linear_bias = view = permute = None
    view_1 = torch.ops.aten.view.default(addmm, [20, 33, 48, 20]);  addmm = None
    cos = torch.ops.aten.cos.default(view_1);  view_1 = None
    sum_1 = torch.ops.aten.sum.dim_IntList(convolution, []);  convolution = None
    add = torch.ops.aten.add.Tensor(cos, sum_1);  cos = sum_1 = None
    return (add,)`);
  }

  port("test_keep_composite_ops_linear_convd", () => {
    class MyLinear extends nn.Module {
      weight = torch.randn(20, 98);
      bias = torch.randn(20);
      override forward(x: Tensor) {
        return F.linear(x, this.weight, this.bias);
      }
    }
    keepComposite(new MyLinear(), "c");
  });

  port("test_keep_composite_ops_linear_convd_for_training_ir", () => {
    class MyLinear extends nn.Module {
      constructor() {
        super();
        this.register_buffer("weight", torch.randn(20, 98));
        this.register_buffer("bias", torch.randn(20));
      }
      override forward(x: Tensor) {
        const self = this as unknown as { weight: Tensor; bias: Tensor };
        return F.linear(x, self.weight, self.bias);
      }
    }
    keepComposite(new MyLinear(), "b");
  });

  port("test_export_cond_warns_constant_pred", () => {
    class Mod extends nn.Module {
      override forward(pred: boolean, x: Tensor) {
        return torch.cond(pred, (x: Tensor) => x.sin(), (x: Tensor) => x.cos(), [x]);
      }
    }
    let ep: ReturnType<typeof exportFn> | undefined;
    assertWarnsRegex("Pred is a Python constant", () => {
      ep = exportFn(new Mod(), [true, torch.randn(3, 3)]);
    });
    const nodes = ep!.module().graph.find_nodes("call_function", aten.sin!.default as never);
    expect(nodes.length).toBe(1);
  });

  port("test_if_post_autograd_op_preserved", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        return x.sin().add(x.sum());
      }
    }
    const ep = exportFn(new Foo(), [torch.ones(3, 3)]);
    const decomp_table = default_decompositions();
    decomp_table.delete(aten.sum!.default);
    expect(String(ep.run_decompositions(decomp_table as never).graph_module.code).trim()).toBe(`def forward(self, x):
    sin = torch.ops.aten.sin.default(x)
    sum_1 = torch.ops.aten.sum.default(x);  x = None
    add = torch.ops.aten.add.Tensor(sin, sum_1);  sin = sum_1 = None
    return (add,)`);
    expect(String(ep.run_decompositions().graph_module.code).trim()).toBe(`def forward(self, x):
    sin = torch.ops.aten.sin.default(x)
    sum_1 = torch.ops.aten.sum.dim_IntList(x, []);  x = None
    add = torch.ops.aten.add.Tensor(sin, sum_1);  sin = sum_1 = None
    return (add,)`);
  });

  port("test_derived_dim_out_of_order_simplified", () => {
    const _dimz = Dim("_dimz", { min: 6, max: 8 });
    const dimy = _dimz.sub(1);
    const dimx = dimy.sub(1);
    let dimz: unknown = Dim("dimz", { min: 6, max: 8 });
    const foo = new XYZ();
    const [u, v, w] = [torch.randn(5), torch.randn(6), torch.randn(7)];
    try {
      exportFn(foo, [u, v, w], { dynamic_shapes: [{ 0: dimx }, { 0: dimy }, { 0: dimz }] });
    } catch (exc) {
      if (!(exc instanceof UserError)) throw exc;
      expect(exc.message).toMatch(
        /Constraints violated \(dimz\)!(.*\n)*.*The values of dimz.*must always be related to the values of _dimz - 2.*by.*(.*\n)*.*Suggested fixes:(.*\n)*.*dimz = _dimz/,
      );
      expect(exc.message.includes("_dimz - 2 = Dim(")).toBe(false);
      expect(exc.message.includes("_dimz - 1 = _dimz - 1")).toBe(false);
      expect(exc.message.includes("_dimz = Dim(")).toBe(false);
    }
    dimz = dimx.add(2);
    const ep = exportFn(foo, [u, v, w], { dynamic_shapes: [{ 0: dimx }, { 0: dimy }, { 0: dimz }] });
    assertRaisesRegex(Error, escape("Guard failed: z.size()[0] >= 6"), () => call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(5)));
    expect((call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(8)) as Tensor).size()[0]).toBe(6);
  });

  port("test_simple_export_for_training", () => {
    class Foo extends nn.Module {
      linear = new nn.Linear(2, 2);
      override forward(x: Tensor) {
        return call(this.linear, x) as Tensor;
      }
    }
    const eager_model = new Foo();
    const ep = torch.export.export(eager_model, [torch.ones(2, 2)]);
    expect(String(ep.graph_module.code).trim()).toBe(`def forward(self, p_linear_weight, p_linear_bias, x):
    linear = torch.ops.aten.linear.default(x, p_linear_weight, p_linear_bias);  x = p_linear_weight = p_linear_bias = None
    return (linear,)`);
    const gm = ep.module();
    expect(String(gm.code).trim()).toBe(`def forward(self, x):
    x, = fx_pytree.tree_flatten_spec(([x], {}), self._in_spec)
    linear_weight = self.linear.weight
    linear_bias = self.linear.bias
    _guards_fn = self._guards_fn(x);  _guards_fn = None
    linear = torch.ops.aten.linear.default(x, linear_weight, linear_bias);  x = linear_weight = linear_bias = None
    return pytree.tree_unflatten((linear,), self._out_spec)`);
    expect(allclose(call(gm, torch.ones(2, 2)) as Tensor, call(eager_model, torch.ones(2, 2)) as Tensor)).toBe(true);
  });

  class BufferMutation extends nn.Module {
    constructor() {
      super();
      this.register_buffer("buffer", torch.ones(4, 4));
    }
    override forward(x: Tensor) {
      const buffer = (this as unknown as { buffer: Tensor }).buffer;
      x.add_(5);
      buffer.add_(5);
      return x.add(buffer);
    }
  }

  port("test_export_for_training_with_mutation", () => {
    const ep = torch.export.export(new BufferMutation(), [torch.ones(4, 4)]);
    expect(String(ep.graph_module.code).trim()).toBe(`def forward(self, b_buffer, x):
    add_ = torch.ops.aten.add_.Tensor(x, 5);  x = None
    add__1 = torch.ops.aten.add_.Tensor(b_buffer, 5);  b_buffer = None
    add = torch.ops.aten.add.Tensor(add_, add__1);  add_ = add__1 = None
    return (add,)`);
    const gm = ep.module();
    expect(String(gm.code).trim()).toBe(`def forward(self, x):
    x, = fx_pytree.tree_flatten_spec(([x], {}), self._in_spec)
    buffer = self.buffer
    _guards_fn = self._guards_fn(x);  _guards_fn = None
    add_ = torch.ops.aten.add_.Tensor(x, 5);  x = None
    add__1 = torch.ops.aten.add_.Tensor(buffer, 5);  buffer = None
    add = torch.ops.aten.add.Tensor(add_, add__1);  add_ = add__1 = None
    return pytree.tree_unflatten((add,), self._out_spec)`);
    expect(allclose(call(gm, torch.ones(4, 4)) as Tensor, call(new BufferMutation(), torch.ones(4, 4)) as Tensor)).toBe(true);
  });

  port("test_export_for_training_with_dynamic_shapes", () => {
    class Foo extends nn.Module {
      constructor() {
        super();
        this.register_buffer("buffer", torch.ones(4, 4));
      }
      override forward(x: Tensor) {
        const buffer = (this as unknown as { buffer: Tensor }).buffer;
        x.add_(5);
        buffer.add_(5);
        return x.add(buffer.sum());
      }
    }
    const ep_for_training = torch.export.export(new Foo(), [torch.ones(4, 4)], { dynamic_shapes: [{ 0: Dim("x") }] });
    expect(allclose(call(ep_for_training.module(), torch.ones(2, 4)) as Tensor, call(new Foo(), torch.ones(2, 4)) as Tensor)).toBe(true);
    const ep_for_real = exportFn(new Foo(), [torch.ones(4, 4)], { dynamic_shapes: [{ 0: Dim("x") }] });
    const vals = (ep: typeof ep_for_real) => ep.range_constraints.map((r: any) => `${String(r.lower)},${String(r.upper)}`).join(";");
    expect(vals(ep_for_training)).toBe(vals(ep_for_real));
  });

  port("test_unbacked_unsqueeze", () => {
    class Unsqueeze extends nn.Module {
      override forward(xs: Tensor) {
        const [u0, u1] = xs.tolist() as number[];
        const x = torch.zeros([1, py.add(u0!, u1!)]).contiguous();
        return x.unsqueeze(-1);
      }
    }
    const mod = new Unsqueeze();
    let x = torch.tensor([5, 6]);
    const ep = exportFn(mod, [x], { strict: false });
    expect(allclose(call(mod, x) as Tensor, call(ep.module(), x) as Tensor)).toBe(true);
    x = torch.tensor([1, 2]);
    expect(allclose(call(mod, x) as Tensor, call(ep.module(), x) as Tensor)).toBe(true);
  });

  port("test_export_for_training_with_container_type", () => {
    class Foo extends nn.Module {
      constructor() {
        super();
        this.register_buffer("buffer", torch.ones(4, 4));
      }
      override forward(container: Tensor[]) {
        const [x, y] = [container[0]!, container[1]!];
        x.add_(5);
        y.add_(5);
        return x.add(y).add((this as unknown as { buffer: Tensor }).buffer.sum());
      }
    }
    const eager_model = new Foo();
    const ep = torch.export.export(eager_model, [[torch.ones(4, 4), torch.ones(4, 4)]]);
    expect(allclose(call(ep.module(), [torch.ones(4, 4), torch.ones(4, 4)]) as Tensor, call(eager_model, [torch.ones(4, 4), torch.ones(4, 4)]) as Tensor)).toBe(true);
  });
});

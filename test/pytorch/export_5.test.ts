// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 5:
// unflatten swaps, dynamic_shapes API, device / dtype conversions, unlifted module code.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, F as FTyped, Dim as DimTyped, dims as dimsTyped } from "../../src/index.js";
import { tuple } from "../../src/index.js";
import { UserError } from "../../src/export/errors.js";
import { port, fails, assertEqual, allclose, assertRaisesRegex, checkCount, escape, py } from "./harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do, including what pt2js lacks.
const torch: any = torchTyped;
const F: any = FTyped;
const Dim: any = DimTyped;
const dims: any = dimsTyped;
type Tensor = any;

const exportFn = torch.export.export;
const unflatten = torch.export.unflatten;
const call = (m: unknown, ...a: unknown[]): any => (m as (...x: unknown[]) => unknown)(...a);
const callTargets = (ep: any): unknown[] => ep.graph.nodes.filter((n: any) => n.op === "call_function").map((n: any) => n.target);
function sameAsEager(f: any, args: unknown[], kwargs?: Record<string, unknown>): void {
  const ep = exportFn(f, args, kwargs === undefined ? {} : { kwargs });
  const extra = kwargs === undefined ? [] : [kwargs];
  assertEqual(call(ep.module(), ...args, ...extra), call(f, ...args, ...extra));
}
const sizeStr = (shape: unknown[]) => `torch.Size([${shape.map(String).join(", ")}])`;

describe("test_export.py TestExport (5)", () => {
  port("test_unflatten_isinstance", () => {
    class N extends nn.Module {
      override forward(x: Tensor, b: boolean) {
        return b ? x.add(1) : x.add(2);
      }
    }
    class M extends nn.Module {
      n = new N();
      override forward(x: Tensor) {
        return call(this.n, x.add(1), true).add(call(this.n, x.add(1), false));
      }
    }
    const x = torch.zeros(4);
    const ep = exportFn(new M(), [x], { preserve_module_call_signature: ["n"] });
    const ufm = unflatten(ep);
    expect(allclose(call(ufm, x), x.add(5))).toBe(true);
  });

  port("test_unflatten_asserts", () => {
    class M1 extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const b = x.item();
        torch._check_is_size(b);
        torch._check(py.lt(b, y.size(0)));
        return y.slice(0, null, b);
      }
    }
    class M3 extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const b = x.item();
        torch._check_is_size(b);
        torch._check(py.lt(b, py.mul(y.size(0), 2)));
        return y.slice(0, null, b);
      }
    }
    class M2 extends nn.Module {
      m1 = new M1();
      m3 = new M3();
      override forward(x: Tensor, y: Tensor) {
        return call(this.m1, x, y).add(call(this.m3, x, y));
      }
    }
    const inputs = [torch.tensor(3), torch.randn(10)];
    const ep = torch.export.export(new M2(), inputs, { dynamic_shapes: { x: null, y: [Dim("moo")] }, strict: false });
    const orig = call(new M2(), ...inputs);
    let res = call(ep.module(), ...inputs);
    for (let i = 0; i < 3; i++) expect(allclose(orig.select(0, i), res.select(0, i))).toBe(true);
    res = call(unflatten(ep), ...inputs);
    for (let i = 0; i < 3; i++) expect(allclose(orig.select(0, i), res.select(0, i))).toBe(true);
  });

  port("test_unflatten_placeholder_update_child2parent_swap", () => {
    class Child extends nn.Module {
      override forward(x: Tensor) {
        torch.ops.aten.dropout_(x, 0.5, false);
        return x.sub(2);
      }
    }
    class Foo extends nn.Module {
      child = new Child();
      override forward(x: Tensor) {
        return call(this.child, x).add(x.mul(4));
      }
    }
    const m = new Foo();
    const orig = call(m, torch.ones([3, 10], { dtype: torch.float32 }));
    const ep = exportFn(m, [torch.ones([3, 10], { dtype: torch.float32 })], { preserve_module_call_signature: ["child"] });
    const unf = unflatten(ep);
    unf.print_readable();
    expect(allclose(call(ep.module(), torch.ones([3, 10], { dtype: torch.float32 })), orig)).toBe(true);
    unf.set_submodule("child", m.child);
    expect(allclose(call(unf, torch.ones([3, 10], { dtype: torch.float32 })), orig)).toBe(true);
  });

  port("test_unflatten_placeholder_update_grandchild2cousin_swap", () => {
    class Grandchild extends nn.Module {
      override forward(x: Tensor) {
        const a = x.to(torch.float32);
        return [x.add(4), a];
      }
    }
    class Child extends nn.Module {
      grandchild = new Grandchild();
      override forward(x: Tensor) {
        const [y, a] = call(this.grandchild, x);
        return y.add(a);
      }
    }
    class OtherGrandchild extends nn.Module {
      override forward(x: Tensor) {
        return x.mul(2);
      }
    }
    class OtherChild extends nn.Module {
      other_grandchild = new OtherGrandchild();
      override forward(x: Tensor) {
        return x.add(call(this.other_grandchild, x));
      }
    }
    class Foo extends nn.Module {
      child = new Child();
      other_child = new OtherChild();
      override forward(x: Tensor) {
        return call(this.child, x).add(call(this.other_child, x));
      }
    }
    const orig = call(new Foo(), torch.ones([2, 3], { dtype: torch.float32 }));
    expect(allclose(orig, torch.ones(2, 3).mul(9))).toBe(true);
    const ep = exportFn(new Foo(), [torch.ones([2, 3], { dtype: torch.float32 })], { preserve_module_call_signature: ["child"] });
    const unf = unflatten(ep);
    expect(allclose(call(ep.module(), torch.ones([2, 3], { dtype: torch.float32 })), orig)).toBe(true);
    unf.set_submodule("child", new Child());
    expect(allclose(call(unf, torch.ones([2, 3], { dtype: torch.float32 })), orig)).toBe(true);
  });

  port("test_unflatten_buffer_update_child2parent_swap", () => {
    class Child extends nn.Module {
      constructor() {
        super();
        this.register_buffer("buf", torch.tensor(10));
      }
      override forward(x: Tensor) {
        (this as any).buf.add_(1);
        return x.add(2);
      }
    }
    class Foo extends nn.Module {
      child = new Child();
      override forward(x: Tensor) {
        let y = call(this.child, x);
        x = y.add((this.child as any).buf);
        y = call(this.child, x);
        x = y.add((this.child as any).buf);
        y = call(this.child, x);
        x = y.add((this.child as any).buf);
        return x;
      }
    }
    const orig = call(new Foo(), torch.ones([2, 3], { dtype: torch.float32 }));
    expect(allclose(orig, torch.ones(2, 3).mul(43))).toBe(true);
    const ep = exportFn(new Foo(), [torch.ones([2, 3], { dtype: torch.float32 })], { preserve_module_call_signature: ["child"] });
    const unf = unflatten(ep);
    expect(allclose(call(ep.module(), torch.ones([2, 3], { dtype: torch.float32 })), orig)).toBe(true);
    unf.set_submodule("child", new Child());
    expect(allclose(call(unf, torch.ones([2, 3], { dtype: torch.float32 })), orig)).toBe(true);
  });

  port("test_export_func_with_var_keyword_pytree_args", () => {
    class Module extends nn.Module {
      override forward(arg1: Tensor, arg2: any, ...rest: any[]) {
        const { kw1, kw2, ...kwargs } = rest[rest.length - 1];
        const args = rest.slice(0, -1);
        return [
          arg1.add(arg2[0][0]).add(args[0]).add(kw1[0]).add(kwargs.kw3[0]),
          arg2[1].add(args[1]).add(kw2).add(kwargs.kw4),
        ];
      }
    }
    sameAsEager(new Module(), [torch.ones(2, 3), [tuple(torch.ones(2, 3)), torch.ones(3, 4)], torch.ones(2, 3), torch.ones(3, 4)], {
      kw1: [torch.ones(2, 3)],
      kw2: torch.ones(3, 4),
      kw3: [torch.ones(2, 3), torch.ones(3, 4)],
      kw4: torch.ones(3, 4),
    });
  });

  port("test_export_api_with_dynamic_shapes", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return torch.matmul(x, y);
      }
    }
    let foo = new Foo();
    let inputs: any[] = [torch.randn(10, 2, 3), torch.randn(10, 3, 4)];
    let batch = Dim("batch");
    let efoo = exportFn(foo, inputs, { dynamic_shapes: { x: { 0: batch }, y: { 0: batch } } });
    expect(call(efoo.module(), ...inputs).shape).toEqual(call(foo, ...inputs).shape);

    inputs = [torch.randn(10, 2, 3)];
    const kwinputs = { y: torch.randn(10, 3, 4) };
    batch = Dim("batch");
    efoo = exportFn(foo, inputs, { kwargs: kwinputs, dynamic_shapes: { x: { 0: batch }, y: { 0: batch } } });
    expect(call(efoo.module(), ...inputs, kwinputs).shape).toEqual(call(foo, ...inputs, kwinputs).shape);

    batch = Dim("batch");
    assertRaisesRegex(
      UserError,
      /You marked.*but your code specialized it to be a constant.*If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO(.*\n)*.*Suggested fixes:(.*\n)*.*batch = 10/,
      () => exportFn(foo, inputs, { kwargs: kwinputs, dynamic_shapes: { x: { 0: batch }, y: null } }),
    );

    inputs = [torch.randn(10, 3, 3), torch.randn(10, 3, 3)];
    batch = Dim("batch", { min: 8, max: 64 });
    const size = Dim("size");
    efoo = exportFn(foo, inputs, { dynamic_shapes: { x: [batch, size, size], y: [batch, size, size] } });
    for (const node of efoo.graph_module.graph.nodes) {
      if (node.op === "placeholder") expect(String(node.meta.val.shape[1])).toBe(String(node.meta.val.shape[2]));
    }
    expect(call(efoo.module(), ...inputs).shape).toEqual(call(foo, ...inputs).shape);

    inputs = [torch.randn(10, 2, 3), torch.randn(10, 3, 4)];
    let [b, M, K, N] = dims("batch", "M", "K", "N");
    efoo = exportFn(new Foo(), inputs, { dynamic_shapes: { x: [b, M, K], y: [b, K, N] } });
    const placeholders = efoo.graph_module.graph.nodes.filter((n: any) => n.op === "placeholder").map((n: any) => n.meta.val.shape);
    expect(String(placeholders[0][2])).toBe(String(placeholders[1][1]));
    expect(call(efoo.module(), ...inputs).shape).toEqual(call(foo, ...inputs).shape);

    class FooDict extends nn.Module {
      override forward(inputs: any) {
        return torch.matmul(inputs.x, inputs.y);
      }
    }
    inputs = [{ x: torch.randn(10, 2, 3), y: torch.randn(10, 3, 4) }];
    batch = Dim("batch");
    efoo = exportFn(new FooDict(), inputs, { dynamic_shapes: { inputs: { x: { 0: batch }, y: { 0: batch } } } });
    expect(efoo.graph_module.graph.nodes.filter((n: any) => n.op === "placeholder").map((n: any) => sizeStr(n.meta.val.shape.slice(1)))).toEqual([
      "torch.Size([2, 3])",
      "torch.Size([3, 4])",
    ]);
    expect(call(efoo.module(), ...inputs).shape).toEqual(call(new FooDict(), ...inputs).shape);

    class FooList extends nn.Module {
      override forward(inputs: Tensor[]) {
        return torch.matmul(inputs[0], inputs[1]);
      }
    }
    inputs = [[torch.randn(10, 2, 3), torch.randn(10, 3, 4)]];
    batch = Dim("batch");
    efoo = exportFn(new FooList(), inputs, { dynamic_shapes: { inputs: [{ 0: batch }, { 0: batch }] } });
    expect(efoo.graph_module.graph.nodes.filter((n: any) => n.op === "placeholder").map((n: any) => sizeStr(n.meta.val.shape.slice(1)))).toEqual([
      "torch.Size([2, 3])",
      "torch.Size([3, 4])",
    ]);
    expect(call(efoo.module(), ...inputs).shape).toEqual(call(new FooList(), ...inputs).shape);

    foo = new Foo();
    inputs = [torch.randn(10, 2, 3), torch.randn(10, 3, 4)];
    let K1: unknown, K2: unknown;
    [b, M, K1, K2, N] = dims("batch", "M", "K1", "K2", "N");
    assertRaisesRegex(UserError, /Constraints violated \(K2\)!(.*\n)*.*K2.*and.*K1.*must always be equal(.*\n)*.*Suggested fixes:(.*\n)*.*K2 = K1/, () =>
      exportFn(foo, inputs, { dynamic_shapes: { x: [b, M, K1], y: [b, K2, N] } }),
    );
    [b, M, K1, N] = dims("batch", "M", "K1", "N");
    assertRaisesRegex(
      UserError,
      /You marked.*but your code specialized it to be a constant.*If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO(.*\n)*Suggested fixes:(.*\n)*.*K1 = 3/,
      () => exportFn(foo, inputs, { dynamic_shapes: { x: [b, M, K1], y: [b, null, N] } }),
    );
    class FooGuards extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        if (py.bool(py.lt(x.shape[0], 16)) && py.bool(py.eq(py.mod(y.shape[1], 3), 0))) return torch.matmul(x, y);
        return x.add(y);
      }
    }
    [b, M, K, N] = dims("batch", "M", "K", "N");
    assertRaisesRegex(
      UserError,
      /Constraints violated.*!(.*\n)*.*Not all values of K.*satisfy the generated guard(.*\n)*.*Not all values of batch.*satisfy the generated guard(.*\n)*.*Suggested fixes:(.*\n)*.*batch = Dim\('batch', max=15\)(.*\n)*.*K = 3\*_K/,
      () => exportFn(new FooGuards(), inputs, { dynamic_shapes: { x: [b, M, K], y: [b, K, N] } }),
    );
  });

  port("test_suggested_fixes_new_roots", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor, z: Tensor) {
        if (py.bool(py.ge(x.shape[0], 5)) && py.bool(py.le(x.shape[0], 36)) && py.bool(py.eq(py.mod(y.shape[0], 3), 0))) {
          return x.add(y.slice(0, 1)).add(z.slice(0, 3));
        }
        return null;
      }
    }
    const inputs = [torch.randn(11), torch.randn(12), torch.randn(14)];
    const [dx, dy, dz] = dims("dx", "dy", "dz");
    assertRaisesRegex(
      UserError,
      /Constraints violated.*!(.*\n)*.*Suggested fixes(.*\n)*.*_dx = Dim\('_dx', max=12\)(.*\n)*.*dx = 3\*_dx - 1(.*\n)*.*dy = 3\*_dx(.*\n)*.*dz = 3\*_dx \+ 2/,
      () => exportFn(new Foo(), inputs, { dynamic_shapes: { x: [dx], y: [dy], z: [dz] } }),
    );
    const _dx = Dim("_dx", { min: 2, max: 12 });
    exportFn(new Foo(), inputs, { dynamic_shapes: { x: [_dx.mul(3).sub(1)], y: [_dx.mul(3)], z: [_dx.mul(3).add(2)] } });
  });

  port("test_dynamic_shapes_spec_with_pytree", () => {
    const inputs = {
      tensor: torch.randn(3),
      dict_of_tensors: Object.fromEntries(["A", "B", "C", "D"].map((k) => [k, torch.randn(3)])),
      list_of_tensors: Array.from({ length: 4 }, () => torch.randn(3)),
    };
    const batch = Dim("batch");
    const spec = {
      tensor: { 0: batch },
      dict_of_tensors: Object.fromEntries(["A", "B", "C", "D"].map((k) => [k, { 0: batch }])),
      list_of_tensors: Array.from({ length: 4 }, () => ({ 0: batch })),
    };
    class Foo extends nn.Module {
      override forward(inputs: any) {
        return inputs.tensor.add(inputs.dict_of_tensors.A).add(inputs.list_of_tensors[0]);
      }
    }
    const ep = exportFn(new Foo(), [inputs], { dynamic_shapes: { inputs: spec } });
    const shapes = ep.graph_module.graph.nodes.filter((n: any) => n.op === "placeholder").map((n: any) => sizeStr(n.meta.val.shape));
    expect(shapes.length).toBe(9);
    expect(new Set(shapes).size).toBe(1);
  });

  port("test_error_does_not_reference_eager_fallback", () => {
    class Module extends nn.Module {
      override forward(x: Tensor) {
        const z = x.nonzero().shape[0];
        if (py.bool(py.gt(z, 2))) return x.cos();
        return x.sin();
      }
    }
    assertRaisesRegex(Error, "Could not guard on data-dependent expression", () => exportFn(new Module(), [torch.tensor([2, 3, 5])]));
  });

  class ToCpu extends nn.Module {
    override forward(x: Tensor) {
      return x.to("cpu");
    }
  }

  port("test_device_to_static", () => {
    let ep = exportFn(new ToCpu(), [torch.tensor(1, { device: "cpu" })]);
    expect(callTargets(ep)).toEqual([torch.ops.aten._assert_tensor_metadata.default, torch.ops.aten.to.dtype_layout]);
    ep = ep.run_decompositions({});
    expect(callTargets(ep).length).toBe(1);
  });

  port("test_device_to_dynamic", () => {
    let ep = exportFn(new ToCpu(), [torch.tensor([1, 2], { device: "cpu" })], { dynamic_shapes: { x: { 0: Dim("i") } } });
    expect(callTargets(ep)).toEqual([torch.ops.aten._assert_tensor_metadata.default, torch.ops.aten.to.dtype_layout]);
    ep = ep.run_decompositions({});
    expect(callTargets(ep).length).toBe(1);
  });

  port("test_device_to_mutation", () => {
    class Module extends nn.Module {
      override forward(x: Tensor) {
        const y = x.to("cpu");
        y.add_(1);
        return [y, x];
      }
    }
    let ep = exportFn(new Module(), [torch.tensor(1, { device: "cpu" })]);
    expect(callTargets(ep)).toEqual([torch.ops.aten._assert_tensor_metadata.default, torch.ops.aten.to.dtype_layout, torch.ops.aten.add_.Tensor]);
    const x = torch.tensor(2, { device: "cpu" });
    let [y] = call(ep.module(), x);
    expect(x.item()).toBe(3);
    expect(y).toBe(x);
    ep = ep.run_decompositions({});
    for (const t of callTargets(ep)) expect(t).not.toBe(torch.ops.aten.to.dtype_layout);
    [y] = call(ep.module(), x);
    expect(x.item()).toBe(4);
    expect(y).toBe(x);
  });

  port("test_tensor_constant_aten_to", () => {
    class Module extends nn.Module {
      t = torch.tensor([1.0]);
      override forward(x: Tensor) {
        return x.add(this.t.to(torch.float64));
      }
    }
    const inputs = [torch.randn(1, 10)];
    const model = new Module();
    const ep = exportFn(model, inputs).run_decompositions({});
    const ops = callTargets(ep);
    expect(ops.length).toBeGreaterThan(0);
    expect(ops).toContain(torch.ops.aten._to_copy.default);
    assertEqual(call(ep.module(), ...inputs), call(model, ...inputs));
  });

  port("test_export_aten_to_unflatten", () => {
    class Bar extends nn.Module {
      override forward(x: Tensor) {
        return x.sum();
      }
    }
    class Foo extends nn.Module {
      bar = new Bar();
      override forward(x: Tensor) {
        const to = x.to(torch.float);
        return call(this.bar, to).sum();
      }
    }
    const inp = torch.randn(4, 4);
    const ep = exportFn(new Foo(), [inp], { strict: false, preserve_module_call_signature: ["bar"] });
    expect(allclose(call(ep.module(), inp), call(new Foo(), inp))).toBe(true);
  });

  class ToFloat extends nn.Module {
    override forward(x: Tensor) {
      return x.float();
    }
  }

  port("test_float_conversion", () => {
    let ep = exportFn(new ToFloat(), [torch.tensor(1, { dtype: torch.float })]);
    expect(callTargets(ep)).toEqual([torch.ops.aten._assert_tensor_metadata.default, torch.ops.aten.to.dtype]);
    ep = ep.run_decompositions({});
    expect(callTargets(ep).length).toBe(1);
    const x = torch.tensor(1, { dtype: torch.float });
    expect(call(ep.module(), x)).toBe(x);
  });

  port("test_float_conversion_from_int", () => {
    let ep = exportFn(new ToFloat(), [torch.tensor(1, { dtype: torch.int32 })]);
    expect(callTargets(ep)).toEqual([torch.ops.aten._assert_tensor_metadata.default, torch.ops.aten.to.dtype]);
    assertRaisesRegex(Error, "Tensor dtype mismatch!", () => call(ep.module(), torch.tensor(1, { dtype: torch.float32 })));
    ep = ep.run_decompositions({});
    expect(callTargets(ep)).toEqual([torch.ops.aten._assert_tensor_metadata.default, torch.ops.aten._to_copy.default]);
    assertRaisesRegex(Error, "Tensor dtype mismatch!", () => call(ep.module(), torch.tensor(1, { dtype: torch.float32 })));
    assertEqual(call(ep.module(), torch.tensor(1, { dtype: torch.int32 })), torch.tensor(1.0));
  });

  port("test_device_to_mutation_float", () => {
    class Module extends nn.Module {
      override forward(x: Tensor) {
        const y = x.float();
        y.add_(1);
        return [y, x];
      }
    }
    let ep = exportFn(new Module(), [torch.tensor(1, { dtype: torch.float })]);
    expect(callTargets(ep)).toEqual([torch.ops.aten._assert_tensor_metadata.default, torch.ops.aten.to.dtype, torch.ops.aten.add_.Tensor]);
    const x = torch.tensor(2, { dtype: torch.float });
    let [y] = call(ep.module(), x);
    expect(x.item()).toBe(3.0);
    expect(y).toBe(x);
    ep = ep.run_decompositions({});
    for (const t of callTargets(ep)) expect(t).not.toBe(torch.ops.aten.to.dtype);
    [y] = call(ep.module(), x);
    expect(x.item()).toBe(4.0);
    expect(y).toBe(x);
  });

  port("test_use_embedding_twice", () => {
    class Foo extends nn.Module {
      embed = new nn.Embedding(4, 4);
      override forward(x: Tensor) {
        return call(this.embed, x).add(this.embed.weight.index([x]));
      }
    }
    exportFn(new Foo(), [torch.tensor([0, 1, 2, 3])]);
  });

  port("test_args_type_checked", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return x.add(1);
      }
    }
    assertRaisesRegex(UserError, "to be a tuple", () => exportFn(new M(), torch.rand(2, 2)));
  });

  port("test_decomp_item_in_prim_before_decomposition", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        torch.ops.aten._assert_async.msg(torch.tensor(true), "Fail");
        return x;
      }
    }
    const ep = exportFn(new M(), [torch.randn(2, 2)]);
    checkCount(ep.graph_module.code, "torch.ops.aten._assert_async.msg", 1);
  });

  fails("test_decomp_batch_norm_functional_predispatch", "AssertionError: expected 'def forward(self, x):\\n    x, = fx_py…' to be 'def forward(self, x):\\n    x, = fx_py…' // Object.is equality", () => {
    class ConvBatchnorm extends nn.Module {
      conv = new nn.Conv2d(1, 3, 1, 1);
      bn = new nn.BatchNorm2d(3);
      override forward(x: Tensor) {
        x = call(this.conv, x);
        x = call(this.bn, x);
        return tuple(x);
      }
    }
    const mod = new ConvBatchnorm();
    mod.eval();
    const inp = torch.randn(1, 1, 3, 3);
    const gm = torch.export.export(mod, [inp]).module();
    expect(String(gm.code).trim()).toBe(`def forward(self, x):
    x, = fx_pytree.tree_flatten_spec(([x], {}), self._in_spec)
    conv_weight = self.conv.weight
    conv_bias = self.conv.bias
    bn_weight = self.bn.weight
    bn_bias = self.bn.bias
    bn_running_mean = self.bn.running_mean
    bn_running_var = self.bn.running_var
    bn_num_batches_tracked = self.bn.num_batches_tracked;  bn_num_batches_tracked = None
    _guards_fn = self._guards_fn(x);  _guards_fn = None
    conv2d = torch.ops.aten.conv2d.default(x, conv_weight, conv_bias);  x = conv_weight = conv_bias = None
    batch_norm = torch.ops.aten.batch_norm.default(conv2d, bn_weight, bn_bias, bn_running_mean, bn_running_var, False, 0.1, 1e-05, True);  conv2d = bn_weight = bn_bias = bn_running_mean = bn_running_var = None
    return pytree.tree_unflatten((batch_norm,), self._out_spec)`);
    mod.train();
    const gm_train = torch.export.export(mod, [inp]).module();
    expect(String(gm_train.code).trim()).toBe(`def forward(self, x):
    x, = fx_pytree.tree_flatten_spec(([x], {}), self._in_spec)
    conv_weight = self.conv.weight
    conv_bias = self.conv.bias
    bn_weight = self.bn.weight
    bn_bias = self.bn.bias
    bn_running_mean = self.bn.running_mean
    bn_running_var = self.bn.running_var
    bn_num_batches_tracked = self.bn.num_batches_tracked
    _guards_fn = self._guards_fn(x);  _guards_fn = None
    conv2d = torch.ops.aten.conv2d.default(x, conv_weight, conv_bias);  x = conv_weight = conv_bias = None
    add_ = torch.ops.aten.add_.Tensor(bn_num_batches_tracked, 1);  bn_num_batches_tracked = add_ = None
    batch_norm = torch.ops.aten.batch_norm.default(conv2d, bn_weight, bn_bias, bn_running_mean, bn_running_var, True, 0.1, 1e-05, True);  conv2d = bn_weight = bn_bias = bn_running_mean = bn_running_var = None
    return pytree.tree_unflatten((batch_norm,), self._out_spec)`);
  });

  port("test_constrain_size_in_eager", () => {
    class Module extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const n = x.max().item();
        torch._check_is_size(n);
        return y.add(n);
      }
    }
    const fn = new Module();
    const ep = exportFn(fn, [torch.randint(1, 2, [2, 2]), torch.randint(3, 5, [2, 3])]);
    const test_inp = [torch.randint(1, 2, [2, 2]), torch.randint(3, 5, [2, 3])];
    expect(allclose(call(ep.module(), ...test_inp), call(fn, ...test_inp))).toBe(true);
  });
});

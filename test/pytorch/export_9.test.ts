// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 9:
// placeholder naming, constants, unbacked expand, deferred runtime asserts.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, F as FTyped, Dim as DimTyped, tuple, register_pytree_node, _list_flatten, _list_flatten_with_keys, _list_unflatten } from "../../src/index.js";
import { UserError, ValueError } from "../../src/export/errors.js";
import { port, fails, assertEqual, allclose, assertRaisesRegex, checkCount, escape, py } from "./harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do, including what pt2js lacks.
const torch: any = torchTyped;
const F: any = FTyped;
const Dim: any = DimTyped;
type Tensor = any;

const exportFn = torch.export.export;
const unflatten = torch.export.unflatten;
const call = (m: unknown, ...a: unknown[]): any => (m as (...x: unknown[]) => unknown)(...a);
const items = (v: any) => (Array.isArray(v) ? v : v.items);

describe("test_export.py TestExport (9)", () => {
  port("test_kwarg_dynamic_shapes_diff_order", () => {
    class DummyModel extends nn.Module {
      a = torch.ones(4, 4);
      override forward(baba: Tensor, { start, end }: any) {
        return baba.sum().add(start.sum()).add(end.sum());
      }
    }
    (DummyModel.prototype as any).forwardArgNames = ["baba", "start", "end"];
    const kwargs = { end: torch.ones(4, 4, 4), start: torch.ones(4, 4) };
    const dynamic_shapes = {
      baba: { 0: Dim("end_dim") },
      end: { 0: Dim("end_dim") },
      start: { 0: Dim("end_dim"), 1: Dim("end_dim") },
    };
    const ep = torch.export.export(new DummyModel(), [torch.ones(4, 4)], { kwargs, dynamic_shapes }).run_decompositions();
    call(ep.module(), torch.ones(4, 4), kwargs);
  });

  port("test_placeholder_naming_order_variadic", () => {
    class Mod extends nn.Module {
      override forward(a: Tensor, b: Tensor, c: Tensor, kwargs: any) {
        return a.sub(b).add(c.mul(kwargs.d));
      }
    }
    const mod = new Mod();
    const args = [torch.randn(3)];
    const kwargs = { c: torch.randn(3), b: torch.randn(3), d: torch.randn(3) };
    const ep = exportFn(mod, args, { kwargs });
    expect(allclose(call(ep.module(), ...args, kwargs), call(mod, ...args, kwargs))).toBe(true);
    expect(ep.graph_signature.user_inputs).toEqual(["a", "c", "b", "d"]);
  });

  port("test_isnonzero", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        return torch.ops.aten.is_nonzero(x);
      }
    }
    assertRaisesRegex(Error, "Boolean value of Tensor with more than", () => exportFn(new Foo(), [torch.randn(4, 4)], { strict: false }));
  });

  port("test_placeholder_naming_collisions", () => {
    class Foo extends nn.Module {
      override forward(x: any, x_foo: Tensor[], x_foo_0: Tensor) {
        return x.foo[0].add(x_foo[0]).add(x_foo_0);
      }
    }
    let ep = exportFn(new Foo(), [{ foo: [torch.randn(4, 4)] }, tuple(torch.randn(4, 4)), torch.randn(4, 4)]);
    expect(ep.graph_signature.input_specs.map((s: any) => s.arg.name)).toEqual(["x_foo_0", "x_foo_0_1", "x_foo_0_2"]);
    class Foo2 extends nn.Module {
      param = new nn.Parameter(torch.randn(4));
      gamma = torch.randn(4);
      constructor() {
        super();
        this.register_buffer("alpha", torch.randn(4), { persistent: true });
        this.register_buffer("beta", torch.randn(4), { persistent: false });
      }
      override forward(p: any, b_alpha: Tensor, b: any, c_gamma: Tensor) {
        const self = this as any;
        const pp = p.param.add(this.param);
        const bb = self.alpha.add(self.beta).add(b_alpha).add(b.beta);
        const c = this.gamma.add(c_gamma);
        return [pp, bb, c];
      }
    }
    ep = exportFn(new Foo2(), [{ param: torch.randn(4) }, torch.randn(4), { beta: torch.randn(4) }, torch.randn(4)]);
    expect(ep.graph_signature.input_specs.map((s: any) => [s.arg.name, s.kind])).toEqual([
      ["p_param_1", "PARAMETER"],
      ["b_alpha_1", "BUFFER"],
      ["b_beta_1", "BUFFER"],
      ["c_gamma_1", "CONSTANT_TENSOR"],
      ["p_param", "USER_INPUT"],
      ["b_alpha", "USER_INPUT"],
      ["b_beta", "USER_INPUT"],
      ["c_gamma", "USER_INPUT"],
    ]);
    class Foo3 extends nn.Module {
      override forward(mul: Tensor, add: Tensor, add_1: Tensor) {
        return mul.mul(mul).add(add.mul(add_1));
      }
    }
    ep = exportFn(new Foo3(), [torch.randn(4, 4), torch.randn(4, 4), torch.randn(4, 4)]);
    expect(ep.graph.nodes.map((n: any) => [n.name, n.op])).toEqual([
      ["mul", "placeholder"],
      ["add", "placeholder"],
      ["add_1", "placeholder"],
      ["mul_1", "call_function"],
      ["mul_2", "call_function"],
      ["add_2", "call_function"],
      ["output", "output"],
    ]);
  });

  port("test_constant_input_naming", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor, div = "floor") {
        return torch.div(x, y, { rounding_mode: div });
      }
    }
    const ep = exportFn(new Foo(), [torch.randn(4), torch.randn(4), "floor"]);
    const div_spec = ep.graph_signature.input_specs[2];
    expect(div_spec.arg.name).toBe("div");
    expect(div_spec.arg.value).toBe("floor");
  });

  port("test_attr_assignment_extra", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        (this as any).bar = x.sum();
        return x.add(2);
      }
    }
    assertRaisesRegex(ValueError, "During torch.export, following attrs were created in the model.forward:", () =>
      exportFn(new Foo(), [torch.randn(4, 4)], { strict: false }),
    );
  });

  port("test_nested_dynamic_shapes_spec", () => {
    class Foo extends nn.Module {
      override forward(x: any) {
        const [[a0, a1], [b0, b1], [c0, c1, c2]] = items(x).map(items);
        return b0.add(a0).add(a1).add(b1).add(c0).add(c1).add(c2);
      }
    }
    const inputs = tuple(tuple(1, 2), tuple(torch.randn(4, 4), torch.randn(4, 4)), tuple(torch.randn(4, 4), torch.randn(4, 4), torch.randn(4, 4)));
    exportFn(new Foo(), [inputs], { dynamic_shapes: { x: tuple(tuple(null, null), tuple(null, null), tuple(null, null, null)) } });
  });

  port("test_disable_forced_specializations_errors", () => {
    class Foo extends nn.Module {
      override forward(w: Tensor, x: Tensor, y: Tensor, z: Tensor) {
        return [w.reshape([-1]).add(x), y.add(z)];
      }
    }
    const inputs = [torch.randn(3, 4), torch.randn(12), torch.randn(4), torch.randn(4)];
    const dynamic_shapes = { w: [Dim("dw0"), Dim("dw1")], x: [Dim("dx0")], y: [Dim("dy")], z: [Dim("dz")] };
    assertRaisesRegex(UserError, /.*Constraints violated(.*\n)*Suggested fixes:(.*\n)*.*dz = dy(.*\n)*/, () =>
      exportFn(new Foo(), inputs, { dynamic_shapes, strict: false }),
    );
  });

  port("test_expand_copy_export_handles_implicit_true", () => {
    class ExpandModel extends nn.Module {
      override forward(x: Tensor, implicit: boolean) {
        return torch.expand_copy(x, [3, 3], { implicit });
      }
    }
    const model = new ExpandModel();
    const x = torch.ones([3]);
    call(model, x, false);
    call(model, x, true);
    exportFn(model, [x, false]);
    exportFn(model, [x, true]);
  });

  port("test_unbacked_expand", () => {
    class Foo extends nn.Module {
      override forward(xs: Tensor) {
        const [u0, u1, u2] = xs.tolist();
        return torch.empty(u0, u1, 1).expand(-1, u1, u2);
      }
    }
    let ep = exportFn(new Foo(), [torch.tensor([1, 2, 3])]);
    expect([...call(ep.module(), torch.tensor([3, 4, 5])).shape]).toEqual([3, 4, 5]);
    expect([...call(ep.module(), torch.tensor([0, 1, 0])).shape]).toEqual([0, 1, 0]);
    class Bar extends nn.Module {
      override forward(xs: Tensor) {
        const [u0, u1] = xs.tolist();
        return torch.empty(u0).expand(u1);
      }
    }
    ep = exportFn(new Bar(), [torch.tensor([2, 2])]);
    expect(call(ep.module(), torch.tensor([5, 5])).shape[0]).toBe(5);
    expect(call(ep.module(), torch.tensor([1, 1])).shape[0]).toBe(1);
    assertRaisesRegex(Error, /Runtime assertion failed for expression Eq\(u0, u1\) .*/, () => call(ep.module(), torch.tensor([1, 5])));
  });

  port("test_reshape_view_helper", () => {
    class Model extends nn.Module {
      override forward(x: Tensor) {
        x = x.view(x.size(1), -1);
        return F.softmax(x, { dim: 0 });
      }
    }
    const ep = torch.export.export(new Model(), [torch.rand(1024, 20, 16)], {
      dynamic_shapes: { x: { 0: Dim("batch") } },
      prefer_deferred_runtime_asserts_over_guards: true,
    });
    assertRaisesRegex(Error, /Runtime assertion failed for expression Ne\(s77, 20\)/, () => call(ep.module(), torch.randn(20, 20, 16)));
    assertRaisesRegex(Error, /Runtime assertion failed for expression Ne\(Mod\(s77, 20\), 0\)/, () => call(ep.module(), torch.randn(400, 20, 16)));
    call(ep.module(), torch.randn(42, 20, 16));
  });

  port("test_full_on_scalar_tensor", () => {
    class Foo extends nn.Module {
      override forward(val: Tensor) {
        return torch.full([80, 2], val, { dtype: torch.float32 });
      }
    }
    exportFn(new Foo(), [torch.tensor(1)]);
  });

  port("test_custom_pytree", () => {
    class Foo {
      constructor(readonly attr1: Tensor, readonly attr2: Tensor) {
        if (attr1 === null || attr1 === undefined) throw new Error("Shouldn't be None");
      }
    }
    class FooModel extends nn.Module {
      foo_attr = new Foo(torch.ones(4, 4), torch.ones(4, 4));
      override forward(foo: Foo) {
        return foo.attr1.sum().add(foo.attr2.sum()).add(this.foo_attr.attr1.sum());
      }
    }
    const flat = (foo: Foo) => _list_flatten([foo.attr1, foo.attr2]);
    const flat_with_keys = (foo: Foo) => _list_flatten_with_keys([foo.attr1, foo.attr2]);
    const unflat = (val: unknown[], context: null) => {
      const l = _list_unflatten(val, context) as Tensor[];
      return new Foo(l[0], l[1]);
    };
    register_pytree_node(Foo as any, flat, unflat, { flatten_with_keys_fn: flat_with_keys, serialized_type_name: "test_export.Foo" });
    torch.export.export(new FooModel(), [new Foo(torch.ones(4, 4), torch.ones(4, 4))], { strict: false });
  });

  port("test_unbacked_kth_value", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const n = y.item();
        const k = torch.sym_min(n, 128);
        return x.kthvalue(k, { dim: 0, keepdim: true }).values;
      }
    }
    const inps = [torch.arange(64), torch.tensor([32])];
    const ep = exportFn(new Foo(), inps);
    expect(call(ep.module(), ...inps).item()).toBe(31);
  });

  port("test_constant_output_dup", () => {
    class M extends nn.Module {
      constant = torch.ones(4, 4);
      override forward(x: Tensor) {
        return [x.add(this.constant), this.constant];
      }
    }
    const ep = exportFn(new M(), [torch.ones(4, 4)]).run_decompositions();
    const [a, b] = call(ep.module(), torch.zeros(4, 4));
    expect(allclose(a, torch.ones(4, 4))).toBe(true);
    expect(allclose(b, torch.ones(4, 4))).toBe(true);
  });

  port("test_constant_tensor_mutation", () => {
    class M extends nn.Module {
      foo = torch.randn(2, 2);
      override forward(x: Tensor) {
        this.foo.add_(5);
        return this.foo.add(x);
      }
    }
    assertRaisesRegex(Error, "Constant foo is", () => exportFn(new M(), [torch.ones(2, 2)], { strict: false }).run_decompositions().graph);
  });

  port("test_constant_return", () => {
    class M extends nn.Module {
      foo = torch.randn(2, 2);
      override forward(x: Tensor) {
        return [this.foo, this.foo.add(x)];
      }
    }
    const graph = exportFn(new M(), [torch.ones(2, 2)], { strict: false }).run_decompositions().graph;
    expect(String(graph).trim()).toBe(`graph():
    %c_foo : [num_users=2] = placeholder[target=c_foo]
    %x : [num_users=1] = placeholder[target=x]
    %add : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%c_foo, %x), kwargs = {})
    return (c_foo, add)`);
  });

  port("test_constant_requires_grad_const", () => {
    class M extends nn.Module {
      foo = torch.randn([2, 2], { requires_grad: true });
      override forward(x: Tensor) {
        return x.cos().add(this.foo.sum());
      }
    }
    const gm = exportFn(new M(), [torch.ones(2, 2)]).module();
    expect(gm.foo.requires_grad).toBe(false);
  });

  port("test_constant_aliasing", () => {
    class M2 extends nn.Module {
      foo = torch.ones([3, 3], { requires_grad: true });
      override forward(x: Tensor) {
        return x.add(this.foo);
      }
    }
    class M1 extends nn.Module {
      constructor(readonly m2: M2, readonly foo: Tensor) {
        super();
      }
      override forward(x: Tensor) {
        return x.add(this.foo).add(call(this.m2, x));
      }
    }
    const m2 = new M2();
    const m1 = new M1(m2, m2.foo);
    const inps = [torch.ones(3, 3)];
    const ep = exportFn(m1, inps, { strict: false });
    expect([...ep.constants.keys()].sort()).toEqual(["foo", "m2.foo"]);
    expect(ep.graph_signature.input_specs.filter((s: any) => s.kind === "CONSTANT_TENSOR").length).toBe(1);
    expect(allclose(call(m1, ...inps), call(unflatten(ep), ...inps))).toBe(true);
  });

  port("test_unused_aliases", () => {
    class Foo extends nn.Module {
      alpha: any = new nn.Parameter(torch.randn(4));
      beta: any = this.alpha;
      gamma: any = this.alpha;
      override forward(x: Tensor) {
        return x.add(this.gamma);
      }
    }
    const ep = exportFn(new Foo(), [torch.randn(4)]);
    for (const p of ["alpha", "beta", "gamma"]) expect(ep.state_dict.has(p)).toBe(true);
    const unep = unflatten(ep);
    const sd = unep.state_dict();
    for (const p of ["alpha", "beta", "gamma"]) expect(sd instanceof Map ? sd.has(p) : p in sd).toBe(true);
  });

  port("test_intermediate_shape_comp", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const z = torch.cat([x, x], { dim: 0 });
        const w = z.repeat(y.shape[0]);
        return py.add(w.shape[0], x.shape[0]);
      }
    }
    const ep = exportFn(new Foo(), [torch.randn(6), torch.randn(4)], { dynamic_shapes: { x: [Dim("dx0")], y: [Dim("dy")] } }).run_decompositions({});
    const add_node = ep.graph.nodes.find((n: any) => n.op === "call_function" && n.target.qualifiedName === "_operator.add");
    expect(add_node.args[0].target.qualifiedName).toBe("_operator.mul");
    const sym_size_nodes = ep.graph.nodes.filter((n: any) => n.target === torch.ops.aten.sym_size.int);
    expect(sym_size_nodes.length).toBe(2);
    expect(sym_size_nodes.every((n: any) => n.args[0].op === "placeholder")).toBe(true);
    expect(ep.graph.nodes.filter((n: any) => n.target === torch.ops.aten.repeat.default).length).toBe(0);
  });

  fails("test_checks_to_constrain_range", "the ported source (00131b6) expects a sym_constrain_range_for_size node, which PyTorch 2.11's insert_deferred_runtime_asserts no longer adds", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const n = y.item();
        const m = y.item();
        torch._check_is_size(n);
        torch._check(py.ge(m, 0));
        torch._check(py.ge(n, 3));
        torch._check(py.ge(py.mul(m, -1), -9));
        torch._check(py.le(n, 6));
        return x.slice(0, null, n);
      }
    }
    let ep = exportFn(new Foo(), [torch.randn(10), torch.tensor(6)]);
    const counts = () => {
      checkCount(ep.graph_module.code, "torch.ops.aten._assert_scalar.default", 2);
      checkCount(ep.graph_module.code, "torch.ops.aten.sym_constrain_range.default", 0);
      checkCount(ep.graph_module.code, "torch.ops.aten.sym_constrain_range_for_size.default", 1);
    };
    counts();
    ep = ep.run_decompositions();
    counts();
    call(ep.module(), torch.randn(10), torch.tensor(5));
    assertRaisesRegex(Error, /Runtime assertion failed for expression u[\d+] \>\= 3/, () => call(ep.module(), torch.randn(10), torch.tensor(2)));
  });

  port("test_sym_float_operators", () => {
    class Module extends nn.Module {
      override forward(x: Tensor) {
        const v = x.max().item();
        // -(x.max().item() / 2) + x
        return x.add(typeof v === "number" ? -(v / 2) : v.truediv(2).neg());
      }
    }
    const m = new Module();
    const args = [torch.ones(4)];
    assertEqual(call(exportFn(m, args).module(), ...args), call(m, ...args));
  });

  port("test_cse_for_symint", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const d = () => py.sub(py.pow(x.shape[0], 2), py.pow(y.shape[0], 2));
        if (py.bool(py.ge(d(), 4)) && py.bool(py.le(d(), 20)) && py.bool(py.ne(d(), 15))) return [x.mul(2), y.mul(2)];
        return null;
      }
    }
    let ep = torch.export.export(new Foo(), [torch.randn(5), torch.randn(3)], {
      dynamic_shapes: { x: [Dim("dx")], y: [Dim("dy")] },
      prefer_deferred_runtime_asserts_over_guards: true,
    });
    const pows = () => ep.graph.nodes.filter((n: any) => n.op === "call_function" && n.target.qualifiedName === "_operator.pow").length;
    expect(pows()).toBe(2);
    checkCount(ep.graph_module.code, "torch.ops.aten.sym_size.int", 2);
    ep = ep.run_decompositions();
    expect(pows()).toBe(2);
    checkCount(ep.graph_module.code, "torch.ops.aten.sym_size.int", 2);
  });
});

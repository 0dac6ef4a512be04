// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 7.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, F as FTyped, Dim as DimTyped, tuple } from "../../src/index.js";
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

describe("test_export.py TestExport (7)", () => {
  port("test_nested_module_with_parameter", () => {
    class M1 extends nn.Module {
      a = new nn.Parameter(torch.ones(3, 3));
      b = new nn.Parameter(torch.tensor(5.0, { dtype: torch.float })); // a JS 5.0 is an int: the float dtype said explicitly
      override forward(x: Tensor) {
        return x.add(this.a.mul(this.b));
      }
    }
    class M2 extends nn.Module {
      override forward(x: Tensor) {
        return call(new M1(), x).mul(x);
      }
    }
    const inps = [torch.randn(3, 3)];
    const ep = torch.export.export(new M2(), inps, { strict: false }).run_decompositions({});
    expect(allclose(call(ep.module(), ...inps), call(new M2(), ...inps))).toBe(true);
    expect(ep.state_dict.size).toBe(0);
    expect(ep.constants.size).toBe(1);
    expect(ep.graph.toString().trim()).toBe(`graph():
    %c_lifted_tensor_0 : [num_users=1] = placeholder[target=c_lifted_tensor_0]
    %x : [num_users=2] = placeholder[target=x]
    %ones : [num_users=1] = call_function[target=torch.ops.aten.ones.default](args = ([3, 3],), kwargs = {device: cpu, pin_memory: False})
    %detach : [num_users=1] = call_function[target=torch.ops.aten.detach.default](args = (%ones,), kwargs = {})
    %detach_1 : [num_users=1] = call_function[target=torch.ops.aten.detach.default](args = (%detach,), kwargs = {})
    %detach_2 : [num_users=1] = call_function[target=torch.ops.aten.detach.default](args = (%detach_1,), kwargs = {})
    %clone : [num_users=1] = call_function[target=torch.ops.aten.clone.default](args = (%c_lifted_tensor_0,), kwargs = {})
    %detach_3 : [num_users=1] = call_function[target=torch.ops.aten.detach.default](args = (%clone,), kwargs = {})
    %detach_4 : [num_users=1] = call_function[target=torch.ops.aten.detach.default](args = (%detach_3,), kwargs = {})
    %detach_5 : [num_users=1] = call_function[target=torch.ops.aten.detach.default](args = (%detach_4,), kwargs = {})
    %mul : [num_users=1] = call_function[target=torch.ops.aten.mul.Tensor](args = (%detach_2, %detach_5), kwargs = {})
    %add : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%x, %mul), kwargs = {})
    %mul_1 : [num_users=1] = call_function[target=torch.ops.aten.mul.Tensor](args = (%add, %x), kwargs = {})
    return (mul_1,)`);
    expect(allclose(call(unflatten(ep), ...inps), call(new M2(), ...inps))).toBe(true);
  });

  port("test_module_dict_key", () => {
    class Module extends nn.Module {
      mod = new nn.Linear(10, 10);
      override forward(x: Tensor, d: Record<string, Tensor>) {
        const m = new Map<any, Tensor>([...this.named_children()].map(([name, mod]: any) => [mod, d[name]]));
        return x.add(m.get(this.mod));
      }
    }
    const m = new Module();
    const sample_inputs = [torch.randn(10), { mod: torch.randn(10) }];
    const ep = exportFn(m, sample_inputs);
    assertEqual(call(ep.module(), ...sample_inputs), call(m, ...sample_inputs));
  });

  port("test_retrace_pre_autograd", () => {
    class Foo extends nn.Module {
      constructor() {
        super();
        this.register_buffer("buffer", torch.ones(4, 4));
      }
      override forward(x: Tensor) {
        (this as any).buffer.add_(4);
        return x.sum().add((this as any).buffer.sum());
      }
    }
    const gm = exportFn(new Foo(), [torch.randn(4, 4)], { dynamic_shapes: [{ 0: Dim("dim", { min: 3 }) }] }).module();
    assertRaisesRegex(Error, escape("Guard failed: x.size()[0] >= 3"), () => call(gm, torch.randn(2, 2)));
    assertRaisesRegex(Error, escape("Guard failed: x.size()[0] >= 3"), () => exportFn(gm, [torch.randn(2, 2)]));
    const ep = exportFn(gm, [torch.randn(5, 4)], { dynamic_shapes: [{ 0: Dim("dim", { min: 3 }) }] });
    const test_inp = torch.ones(8, 4);
    expect(allclose(call(ep.module(), test_inp), new Foo().forward(test_inp))).toBe(true);
  });

  port("test_runtime_assert_with_size", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const a = x.item();
        torch._check_is_size(a);
        torch._check(py.le(a, y.size(0)));
        return y.slice(0, null, a);
      }
    }
    const ep = exportFn(new M(), [torch.tensor(5), torch.ones(10)], { dynamic_shapes: { x: null, y: { 0: Dim("t") } } });
    const inp = [torch.tensor(6), torch.randn(13)];
    expect(allclose(call(ep.module(), ...inp), call(new M(), ...inp))).toBe(true);
  });

  port("test_run_decomposition_supports_user_input_mutation", () => {
    class SingleOp extends nn.Module {
      op = torch.ops.aten.native_batch_norm;
      override forward(input: Tensor, weight: Tensor, bias: Tensor, running_mean: Tensor, running_var: Tensor, training: boolean, momentum: number, eps: number) {
        return this.op(input, weight, bias, running_mean, running_var, training, momentum, eps);
      }
    }
    const args = [torch.randn(5, 5, 5), torch.randn(5), torch.randn(5), torch.randn(5), torch.randn(5), true, 0.5, 0.6];
    const model = new SingleOp();
    const output = call(model, ...args);
    const ep = torch.export.export(model, args);
    ep.run_decompositions();
    assertEqual(call(ep.module(), ...args), output);
  });

  port("test_export_graph_with_no_inputs", () => {
    class Module extends nn.Module {
      override forward() {
        return [torch.randn(3, 4), torch.randn(3, 4)];
      }
    }
    let ep = torch.export.export(new Module(), []);
    const [a, b] = call(ep.module());
    expect(a.size()).toEqual([3, 4]);
    expect(b.size()).toEqual([3, 4]);
    class M extends nn.Module {
      override forward() {
        const full = torch.full([], 11);
        const i0 = full.item();
        return tuple(torch.full([i0], 0.0));
      }
    }
    ep = exportFn(new M(), []);
    const out = call(ep.module())[0];
    expect(out.size()).toEqual([11]);
    assertEqual(out, torch.zeros(11));
  });

  port("test_operator_aten_tensor_mode_variant", () => {
    class Module extends nn.Module {
      override forward(x: Tensor) {
        return torch.ops.aten.div.Tensor_mode(x, 2, { rounding_mode: "floor" });
      }
    }
    const m = new Module();
    const args = [torch.randn(4, 3)];
    assertEqual(call(exportFn(m, args).module(), ...args), call(m, ...args));
  });

  port("test_export_input_mutation_static_shape", () => {
    class MutationModel extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        x.view(3, 2, -1).add_(y);
        return x;
      }
    }
    const inputs = [torch.randn(12), torch.tensor(2)];
    const model = new MutationModel();
    const ep = exportFn(model, inputs);
    const inputs_export = inputs.map((t) => t.clone());
    const inputs_model = inputs.map((t) => t.clone());
    assertEqual(call(ep.module(), ...inputs_export), call(model, ...inputs_model));
    assertEqual(inputs[0].add(torch.tensor(2)), inputs_model[0]);
    assertEqual(inputs[0].add(torch.tensor(2)), inputs_export[0]);
  });

  port("test_export_input_mutation_dynamic_shape", () => {
    class MutationModel extends nn.Module {
      override forward(x: Tensor[], y: number) {
        x[0].mul_(y);
        return x;
      }
    }
    const model = new MutationModel();
    const inputs = [tuple(torch.randn(12), torch.randn(3, 2)), 2.0];
    const ep = torch.export.export(model, inputs, { dynamic_shapes: { x: tuple({ 0: Dim("dim") }, null), y: null } });
    const nodes = ep.graph.nodes;
    expect(nodes[0].op).toBe("placeholder");
    expect(typeof nodes[0].meta.val.shape[0]).toBe("object");
    const copy = () => [tuple(...(inputs[0] as any).map((t: Tensor) => t.clone())), 2.0];
    const inputs_export = copy();
    const inputs_model = copy();
    assertEqual(call(ep.module(), ...inputs_export), call(model, ...inputs_model));
    assertEqual((inputs[0] as any)[0].mul(2.0), (inputs_model[0] as any)[0]);
    assertEqual((inputs[0] as any)[0].mul(2.0), (inputs_export[0] as any)[0]);
  });

  port("test_export_input_mutation_bug", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        x.slice(1, null, 2).copy_(x.slice(1, null, 2).add(1));
        return x;
      }
    }
    const inputs = [torch.ones(4, 4, 4)];
    let ep = torch.export.export(new M(), inputs);
    const m = ep.module();
    m.graph.nodes.forEach((node: any, i: number) => {
      if (node.op === "placeholder") node.name = `arg0_${i + 1}`;
    });
    m.recompile();
    ep = torch.export.export(m, inputs);
    const test = torch.randn(4, 4, 4);
    assertEqual(call(ep.module(), test.clone()), call(new M(), test.clone()));
  });

  port("test__scaled_dot_product_flash_attention", () => {
    class Module extends nn.Module {
      override forward(q: Tensor, k: Tensor, v: Tensor) {
        return F.scaled_dot_product_attention(q, k, v).select(0, 0);
      }
    }
    const m = new Module();
    const inputs = [torch.randn(5, 4, 3, 2), torch.randn(5, 4, 3, 2), torch.randn(5, 4, 3, 2)];
    assertEqual(call(exportFn(m, inputs).module(), ...inputs), call(m, ...inputs));
  });

  port("test_check_specialized_int", () => {
    class SingleOp extends nn.Module {
      op = torch.ops.aten.scatter_add;
      override forward(t: Tensor, dim: number, index: Tensor, src: Tensor) {
        return this.op(t, dim, index, src);
      }
    }
    const t = torch.randn(10, 5);
    const index = torch.tensor([[2, 4, 3, 1, 0], [0, 2, 1, 4, 3], [3, 1, 4, 2, 0], [4, 0, 3, 1, 2], [3, 0, 4, 1, 2]]);
    const src = torch.randn(5, 5);
    const model = new SingleOp();
    const output = call(model, t, -1, index, src);
    const ep = torch.export.export(model, [t, -1, index, src]).run_decompositions();
    assertEqual(call(ep.module(), t, -1, index, src), output);
  });

  class Leaf extends nn.Module {
    linear = new nn.Linear(4, 4);
    override forward(x: Tensor) {
      return call(this.linear, x);
    }
  }
  class Bar extends nn.Module {
    leaf = new Leaf();
    constructor() {
      super();
      this.register_buffer("buffer", torch.randn(4, 4));
    }
    override forward(x: Tensor) {
      return (this as any).buffer.sum().add(call(this.leaf, x).sum());
    }
  }

  port("test_nn_module_stack", () => {
    class Foo extends nn.Module {
      bar = new Bar();
      override forward(x: Tensor) {
        const y = (this.bar as any).buffer.add(x);
        return tuple(call(this.bar, x).add(y.sum()));
      }
    }
    const inp = [torch.randn(4, 4)];
    const mod = new Foo();
    const ep_strict = torch.export.export(mod, inp).run_decompositions();
    const ep_non_strict = torch.export.export(mod, inp, { strict: false }).run_decompositions();
    const gm_unflat_non_strict = unflatten(ep_non_strict);
    expect(gm_unflat_non_strict.bar).toBeDefined();
    expect(gm_unflat_non_strict.bar.buffer).toBeDefined();
    expect(gm_unflat_non_strict.bar.leaf).toBeDefined();
    const gm_unflat_strict = unflatten(ep_strict);
    assertEqual(call(gm_unflat_non_strict, ...inp), call(gm_unflat_strict, ...inp));
    expect(String(gm_unflat_non_strict.bar.leaf.linear.graph).trim()).toBe(`graph():
    %x : [num_users=1] = placeholder[target=x]
    %weight : [num_users=1] = get_attr[target=weight]
    %bias : [num_users=1] = get_attr[target=bias]
    %permute : [num_users=1] = call_function[target=torch.ops.aten.permute.default](args = (%weight, [1, 0]), kwargs = {})
    %addmm : [num_users=1] = call_function[target=torch.ops.aten.addmm.default](args = (%bias, %x, %permute), kwargs = {})
    return addmm`);
    assertEqual(call(ep_non_strict.module(), ...inp), call(ep_strict.module(), ...inp));
  });

  port("test_nn_module_stack_shared_submodule", () => {
    class BarDifferent extends nn.Module {
      leaf = new Leaf();
      override forward(x: Tensor) {
        const a = call(this.leaf, x).sum();
        const b = call(this.leaf, x).sum();
        return a.add(b);
      }
    }
    class Foo extends nn.Module {
      bar = new Bar();
      bar_different = new BarDifferent();
      override forward(x: Tensor) {
        const y = (this.bar as any).buffer.add(x);
        return [call(this.bar, x).add(call(this.bar_different, x.add(2))), y.sum()];
      }
    }
    const inp = [torch.randn(4, 4)];
    const mod = new Foo();
    const ep_strict = exportFn(mod, inp);
    const ep_non_strict = exportFn(mod, inp, { strict: false });
    const u = unflatten(ep_non_strict);
    expect(u.bar).toBeDefined();
    expect(u.bar.buffer).toBeDefined();
    expect(u.bar.leaf).toBeDefined();
    expect(u.bar_different.leaf).toBeDefined();
    assertEqual(call(u, ...inp), call(unflatten(ep_strict), ...inp));
    expect(String(u.bar.leaf.linear.graph).trim()).toBe(`graph():
    %x : [num_users=1] = placeholder[target=x]
    %weight : [num_users=1] = get_attr[target=weight]
    %bias : [num_users=1] = get_attr[target=bias]
    %linear : [num_users=1] = call_function[target=torch.ops.aten.linear.default](args = (%x, %weight, %bias), kwargs = {})
    return linear`);
    expect(String(u.bar_different.leaf.linear.graph).trim()).toBe(`graph():
    %add_2 : [num_users=1] = placeholder[target=add_2]
    %weight : [num_users=1] = get_attr[target=weight]
    %bias : [num_users=1] = get_attr[target=bias]
    %linear_1 : [num_users=1] = call_function[target=torch.ops.aten.linear.default](args = (%add_2, %weight, %bias), kwargs = {})
    return linear_1`);
    assertEqual(call(ep_non_strict.module(), ...inp), call(ep_strict.module(), ...inp));
  });

  port("test_none_buffers", () => {
    const mod = new nn.InstanceNorm1d(1);
    const args = [torch.randn(1, 2)];
    const ep = torch.export.export(mod, args, { strict: false });
    expect(allclose(call(ep.module(), ...args), call(mod, ...args))).toBe(true);
  });
});

// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 4:
// static / derived dims, unbacked values, dynamic_shapes builders and errors, kwargs.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, F as FTyped, Dim as DimTyped } from "../../src/index.js";
import { tuple } from "../../src/index.js";
import { UserError, ValueError, GuardOnDataDependentSymNode } from "../../src/export/errors.js";
import { port, fails, assertEqual, allclose, assertRaisesRegex, checkCount, escape, py } from "./harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do, including what pt2js lacks.
const torch: any = torchTyped;
const F: any = FTyped;
const Dim: any = DimTyped;
type Tensor = any;

const exportFn = torch.export.export;
const call = (m: unknown, ...a: unknown[]): any => (m as (...x: unknown[]) => unknown)(...a);
const rangeValues = (ep: any): Array<{ lower: number; upper: number }> =>
  ep.range_constraints.map((r: any) => ({ lower: Number(r.lower), upper: Number(r.upper) }));
const shapeStr = (n: any): string => {
  const s = n.meta.val.shape as unknown[];
  return s.length === 1 ? `(${String(s[0])},)` : `(${s.map(String).join(", ")})`;
};
function sameAsEager(f: any, args: unknown[], kwargs?: Record<string, unknown>): void {
  const ep = exportFn(f, args, kwargs === undefined ? {} : { kwargs });
  const extra = kwargs === undefined ? [] : [kwargs];
  assertEqual(call(ep.module(), ...args, ...extra), call(f, ...args, ...extra));
}

describe("test_export.py TestExport (4)", () => {
  port("test_export_for_training_run_decomp", () => {
    class Foo extends nn.Module {
      linear = new nn.Linear(2, 2);
      constructor() {
        super();
        this.register_buffer("buffer", torch.ones(2, 2));
      }
      override forward(x: Tensor) {
        const self = this as any;
        self.buffer.add_(5);
        return call(this.linear, x).add(self.buffer.sum());
      }
    }
    const ep_for_training = torch.export.export(new Foo(), [torch.ones(2, 2)]);
    const ep_for_inference = ep_for_training.run_decompositions();
    expect(String(ep_for_inference.graph_module.code).trim()).toBe(`def forward(self, p_linear_weight, p_linear_bias, b_buffer, x):
    add = torch.ops.aten.add.Tensor(b_buffer, 5);  b_buffer = None
    permute = torch.ops.aten.permute.default(p_linear_weight, [1, 0]);  p_linear_weight = None
    addmm = torch.ops.aten.addmm.default(p_linear_bias, x, permute);  p_linear_bias = x = permute = None
    sum_1 = torch.ops.aten.sum.dim_IntList(add, [])
    add_1 = torch.ops.aten.add.Tensor(addmm, sum_1);  addmm = sum_1 = None
    return (add, add_1)`);
  });

  port("test_derived_dim_out_of_order_simplified_repeat_non_derived", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor, y1: Tensor, z: Tensor) {
        return x.add(y.slice(0, 1)).add(y1.slice(0, 1)).add(z.slice(0, 2));
      }
    }
    const _dimz = Dim("_dimz", { min: 6, max: 8 });
    const dimy = _dimz.sub(1);
    const dimx = dimy.sub(1);
    const dimz = dimx.add(2);
    const ep = exportFn(new Foo(), [torch.randn(5), torch.randn(6), torch.randn(6), torch.randn(7)], {
      dynamic_shapes: [{ 0: dimx }, { 0: dimy }, { 0: dimy }, { 0: dimz }],
    });
    assertRaisesRegex(Error, escape("Guard failed: y1.size()[0] == y.size()[0]"), () =>
      call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(5), torch.randn(8)),
    );
    expect(call(ep.module(), torch.randn(6), torch.randn(7), torch.randn(7), torch.randn(8)).size()[0]).toBe(6);
  });

  port("test_static_dim_constraints", () => {
    class Foo extends nn.Module {
      l = new nn.Linear(6, 4);
      override forward(x: Tensor, y: Tensor, z: Tensor) {
        const x0 = call(this.l, x).add(y.slice(0, 1));
        return [x0, z.mul(2.0)];
      }
    }
    const foo = new Foo();
    const inputs = [torch.randn(4, 6), torch.randn(5, 4), torch.randn(3, 3)];
    const dx = Dim("dx", { min: 3, max: 6 });
    const dy = dx.add(1);
    const dz = Dim("dz", { min: 3, max: 6 });
    const wrong_shape_inputs = [
      [torch.randn(4, 7), torch.randn(5, 4), torch.randn(3, 3)],
      [torch.randn(4, 6), torch.randn(5, 5), torch.randn(3, 3)],
      [torch.randn(4, 6), torch.randn(5, 4), torch.randn(3, 4)],
    ];
    for (const dynamic_shapes of [
      [{ 0: dx, 1: 6 }, { 0: dy, 1: 4 }, { 0: dz, 1: 3 }],
      [[dx, null], [dy, 4], [dz, 3]],
      [[null, 6], [5, null], [null, null]],
      [[4, 6], { 0: null, 1: 4 }, { 0: null, 1: 3 }],
      [null, null, [Dim.STATIC, Dim.STATIC]],
    ]) {
      const ep = exportFn(foo, inputs, { dynamic_shapes });
      assertEqual(call(foo, ...inputs), call(ep.module(), ...inputs));
      for (const wrong of wrong_shape_inputs) assertRaisesRegex(Error, "Guard failed", () => call(ep.module(), ...wrong));
    }
    const ep = exportFn(foo, inputs, { dynamic_shapes: [[dx, null], [dy, 4], [dz, 3]] });
    expect(ep.range_constraints.length).toBe(3);
    for (const vr of rangeValues(ep)) expect(vr.lower < vr.upper).toBe(true);
    assertRaisesRegex(Error, /Static shape constraint of 5 does not match input size of 4, for .*/, () =>
      exportFn(foo, inputs, { dynamic_shapes: [[5, null], null, null] }),
    );
    assertRaisesRegex(Error, /Static shape constraint of 9 does not match input size of 6, for .*/, () =>
      exportFn(foo, inputs, { dynamic_shapes: [[dx, 9], [dy, 4], [3, 3]] }),
    );
  });

  port("test_dim_1_2", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        return x.mul(2);
      }
    }
    const dx = Dim("dx", { min: 1, max: 2 });
    const ep = exportFn(new Foo(), [torch.randn(2, 2)], { dynamic_shapes: [{ 0: dx, 1: null }] });
    call(ep.module(), torch.randn(1, 2));
    call(ep.module(), torch.randn(2, 2));
    assertRaisesRegex(Error, escape("Guard failed: x.size()[0] <= 2"), () => call(ep.module(), torch.randn(3, 2)));
    const vr = rangeValues(ep)[0]!;
    expect(vr.lower).toBe(1);
    expect(vr.upper).toBe(2);
  });

  port("test_derived_dim_1_2", () => {
    class Bar extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.add(y.slice(0, 1));
      }
    }
    const dx = Dim("dx", { min: 1, max: 2 });
    const ep = exportFn(new Bar(), [torch.randn(2, 2), torch.randn(3, 2)], { dynamic_shapes: [{ 0: dx, 1: null }, { 0: dx.add(1), 1: null }] });
    assertRaisesRegex(Error, escape("Guard failed: -1 + y.size()[0] != 1"), () => call(ep.module(), torch.randn(1, 2), torch.randn(2, 2)));
    expect(rangeValues(ep).map((v) => v.lower).sort()).toEqual([1, 2]);
    expect(rangeValues(ep).map((v) => v.upper).sort()).toEqual([2, 3]);
  });

  port("test_issue_161902", () => {
    class Add extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.add(y);
      }
    }
    const dx = Dim("dx", { min: 1, max: 2 });
    assertRaisesRegex(
      UserError,
      /Constraints violated.*\n.*You marked 2\*dx as dynamic but your code specialized it to be a constant \(2\).*\n.*You marked dx \+ 1 as dynamic but your code specialized it to be a constant \(2\).*/,
      () => exportFn(new Add(), [torch.randn(2, 3), torch.randn(2, 3)], { dynamic_shapes: { x: [dx.mul(2), Dim.STATIC], y: [dx.add(1), Dim.STATIC] } }),
    );
  });

  port("test_range_constraints_with_replacement", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.add(y).slice(0, null, 3);
      }
    }
    const ep = exportFn(new M(), [torch.randn(4), torch.randn(4)], { dynamic_shapes: [[Dim.DYNAMIC], [Dim.DYNAMIC]] });
    expect(ep.range_constraints.length).toBe(1);
    expect(rangeValues(ep)[0]!.lower).toBe(3);
  });

  port("test_unbacked_linear_layer_norm_input", () => {
    class MyModel extends nn.Module {
      linear = new nn.Linear(387, 128, { bias: true });
      layer_norm = new nn.LayerNorm(387);
      override forward(x: Tensor, mask: Tensor) {
        const view = x.masked_select(mask).view(-1, 387);
        return [call(this.linear, view), call(this.layer_norm, view)];
      }
    }
    const inputs = [torch.randn([256, 387], { dtype: torch.float }), torch.randint(0, 1, [256, 1], { dtype: torch.bool })];
    const model = new MyModel();
    const ep = exportFn(model, inputs);
    const ref = call(model, ...inputs);
    const actual = call(ep.module(), ...inputs);
    expect(allclose(ref[0], actual[0])).toBe(true);
    expect(allclose(ref[1], actual[1])).toBe(true);
  });

  port("test_layer_norm_unbacked_normalized_shape", () => {
    class MyModel extends nn.Module {
      override forward(scalar: Tensor, weight: Tensor, bias: Tensor) {
        const u1 = scalar.item();
        const y = torch.ones(2, u1);
        return F.layer_norm(y, [u1], { weight, bias });
      }
    }
    const model = new MyModel();
    const inputs = [torch.scalar_tensor(16, { dtype: torch.int32 }), torch.randn(16), torch.randn(16)];
    const ep = exportFn(model, inputs);
    const actual = call(ep.module(), ...inputs);
    const ref = call(model, ...inputs);
    expect(allclose(ref.select(0, 0), actual.select(0, 0))).toBe(true);
  });

  port("test_unbacked_3d_matmul", () => {
    class Model extends nn.Module {
      override forward(x: Tensor, repeat: Tensor) {
        const u0 = repeat.item();
        const t1 = x.unsqueeze(1).expand(x.size(0), py.floordiv(u0, 2), x.size(-1));
        return torch.matmul(t1, torch.ones(3));
      }
    }
    const model = new Model();
    const inputs = [torch.randn(4, 3), torch.scalar_tensor(2, { dtype: torch.int })];
    const exported = exportFn(model, inputs).module();
    assertEqual(call(model, ...inputs), call(exported, ...inputs));
  });

  port("test_dynamic_shapes_wrapped_with_shape_guards", () => {
    class Neuron extends nn.Module {
      linear: any;
      constructor(n_dims = 5, n_targets = 3) {
        super();
        this.linear = new nn.Linear(n_dims, n_targets);
      }
      override forward(x: Tensor, y: Tensor) {
        return torch.sigmoid(call(this.linear, x.add(y)));
      }
    }
    const args = [torch.randn(2, 5), torch.randn(2, 5)];
    const batch = Dim.DYNAMIC;
    const n = new Neuron();
    let compiled = exportFn(n, args, { dynamic_shapes: [{ 0: batch }, { 0: batch }] });
    expect(allclose(call(n, ...args), call(compiled.module(), ...args))).toBe(true);
    class Wrapped extends Neuron {
      override forward(...args: any[]) {
        return super.forward(args[0], args[1]);
      }
    }
    const w = new Wrapped();
    compiled = exportFn(w, args, { dynamic_shapes: { args: [{ 0: batch }, { 0: batch }] } });
    expect(allclose(call(w, ...args), call(compiled.module(), ...args))).toBe(true);
  });

  class XYZSum extends nn.Module {
    override forward(x: Tensor, y: Tensor[], z: Record<string, Tensor>) {
      return x.add(y[0]).add(z.k);
    }
  }

  port("test_dynamic_shapes_builder_basic", () => {
    const [x, y, z] = [torch.randn(4), [torch.randn(4)], { k: torch.randn(4) }];
    const sc = new torch.export.ShapesCollection();
    const dim = Dim("dim", { max: 10 });
    sc.set(x, [dim]);
    sc.set(y[0], [dim]);
    sc.set(z.k, { 0: dim });
    const ep = exportFn(new XYZSum(), [x, y, z], { dynamic_shapes: sc });
    const sym = ep.range_constraints[0].key;
    for (const node of ep.graph.nodes) if (node.op === "placeholder") expect(shapeStr(node)).toBe(`(${sym},)`);
  });

  port("test_dynamic_shapes_builder_kwargs", () => {
    const [x, y, z] = [torch.randn(4), [torch.randn(4)], { k: torch.randn(4) }];
    const sc = new torch.export.ShapesCollection();
    const dim = Dim("dim", { max: 10 });
    sc.set(x, [dim]);
    sc.set(y[0], [dim]);
    sc.set(z.k, [dim]);
    const ep = exportFn(new XYZSum(), [x], { kwargs: { z, y }, dynamic_shapes: sc });
    const sym = ep.range_constraints[0].key;
    for (const node of ep.graph.nodes) if (node.op === "placeholder") expect(shapeStr(node)).toBe(`(${sym},)`);
  });

  port("test_dynamic_shapes_inferred_basic", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor[], z: Record<string, Tensor>) {
        const tmp = x.add(y[0]).slice(0, null, 3);
        return tmp.mul(z.k);
      }
    }
    const m = new M();
    const args = [torch.randn(4), [torch.randn(4)], { k: torch.randn(3) }];
    let ai = new torch.export.AdditionalInputs();
    ai.add([torch.randn(5), [torch.randn(5)], { k: torch.randn(3) }]);
    const ep = exportFn(m, args, { dynamic_shapes: ai });
    const got = ep.graph.find_nodes("placeholder").map(shapeStr);
    const dim = ep.range_constraints[0].key;
    expect(got).toEqual([`(${dim},)`, `(${dim},)`, "(3,)"]);
    const expect_error = (bad: unknown[], run: string | RegExp, compile: string | RegExp) => {
      assertRaisesRegex(Error, run, () => call(ep.module(), ...bad));
      ai = new torch.export.AdditionalInputs();
      ai.add(bad);
      assertRaisesRegex(Error, compile, () => exportFn(m, args, { dynamic_shapes: ai }));
    };
    expect_error([torch.randn(2), [torch.randn(2)], { k: torch.randn(3) }], escape("Guard failed: x.size()[0] >= 3"), "Expected input.*to be >= 3, but got 2");
    expect_error([torch.randn(6), [torch.randn(7)], { k: torch.randn(3) }], escape("Guard failed: y[0].size()[0] == x.size()[0]"), "Expected input.*to be equal to 6, but got 7");
    expect_error(
      [torch.randn(5), [torch.randn(5)], { k: torch.randn(4) }],
      escape("Guard failed: z['k'].size()[0] == 3"),
      /You marked.*but your code specialized it to be a constant.*If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO/,
    );
  });

  port("test_mismatched_dynamic_shapes", () => {
    class M extends nn.Module {
      override forward(x: any) {
        return x.k.k[0].add(x.k.k[1]);
      }
    }
    const inputs = [{ k: { k: [torch.rand(4), torch.rand(4)] } }];
    const dim = Dim("dim");
    const bad = (dynamic_shapes: unknown, msg: string | RegExp) =>
      assertRaisesRegex(UserError, typeof msg === "string" ? escape(msg) : msg, () => exportFn(new M(), inputs, { dynamic_shapes }));
    bad(
      { k: { k: [dim, dim] } },
      "When `dynamic_shapes` is specified as a dict, its top-level keys must be the arg names ['x'] of `inputs`, but here they are ['k']. Since here `inputs` is a list/tuple enclosing a single dict, maybe you just forgot to enclose `dynamic_shapes` in a list/tuple?",
    );
    bad(
      [{ k: { k: [dim, dim] } }],
      new RegExp(
        "Unexpected input tensor shape .*dim.* " +
          escape(
            "specified at `dynamic_shapes[0]['k']['k'][0]` (expected either a list/tuple of dimensions, or a dict mapping indices to dimensions, where each dimension is an int, a Dim, Dim.AUTO, Dim.STATIC, or Dim.DYNAMIC)",
          ),
      ),
    );
    bad(
      [{ k: { k: tuple(dim, dim) } }],
      "Detected mismatch between the structure of `inputs` and `dynamic_shapes`: `inputs[0]['k']['k']` is a <class 'list'>, but `dynamic_shapes[0]['k']['k']` is a <class 'tuple'>",
    );
    exportFn(new M(), inputs, { dynamic_shapes: [{ k: { k: [[dim], [dim]] } }] });
    bad(
      [{ k: { k: dim } }],
      "Detected mismatch between the structure of `inputs` and `dynamic_shapes`: `inputs[0]['k']['k']` is a <class 'list'>, but `dynamic_shapes[0]['k']['k']` is not",
    );
    bad(
      { x: { k: [[dim], [dim]] }, k: { k: [[dim], [dim]] } },
      "When `dynamic_shapes` is specified as a dict, its top-level keys must be the arg names ['x'] of `inputs`, but here they are ['x', 'k']. Alternatively, you could also ignore arg names entirely and specify `dynamic_shapes` as a list/tuple matching `inputs`.",
    );
    bad(
      [{ k: { k: [[dim], [dim], [dim]] } }],
      "Detected mismatch between the structure of `inputs` and `dynamic_shapes`: `inputs[0]['k']['k']` has 2 elements, but `dynamic_shapes[0]['k']['k']` has 3 elements",
    );
    bad(
      [{ k: { K: [[dim], [dim], [dim]] } }],
      "Detected mismatch between the structure of `inputs` and `dynamic_shapes`: `inputs[0]['k']` has keys ['k'], but `dynamic_shapes[0]['k']` has keys ['K']",
    );
    class N extends nn.Module {
      override forward(x: any) {
        return x.k.k1[0].add(x.k.k2[0]);
      }
    }
    exportFn(new N(), [{ k: { k1: [torch.rand(4)], k2: [torch.rand(4)] } }], { dynamic_shapes: [{ k: { k2: [[dim]], k1: [[dim]] } }] });
    class O extends nn.Module {
      override forward(x: Tensor) {
        return x.add(2);
      }
    }
    assertRaisesRegex(
      UserError,
      /Expected dynamic shape spec .* at `dynamic_shapes\['x'\]` to have the same length as the actual tensor shape torch\.Size\(\[4, 8, 6\]\) \(expected 3, but got 2 instead\)/,
      () => exportFn(new O(), [torch.randn(4, 8, 6)], { dynamic_shapes: { x: [dim, null] } }),
    );
  });

  port("test_torch_check_eq_commutativity", () => {
    class M1 extends nn.Module {
      override forward(x1: Tensor, x2: Tensor, x3: Tensor, y: Tensor) {
        const [z1, z2, z3] = [x1.item(), x2.item(), x3.item()];
        torch._check(py.eq(z1, py.add(z2, z3)));
        if (py.bool(py.eq(py.add(z2, z3), z1))) return y.mul(2);
        return y.add(3);
      }
    }
    exportFn(new M1(), [torch.tensor(6), torch.tensor(3), torch.tensor(3), torch.randn(1)]);
    class M2 extends nn.Module {
      override forward(x1: Tensor, x2: Tensor, x3: Tensor, y: Tensor) {
        const [z1, z2, z3] = [x1.item(), x2.item(), x3.item()];
        torch._check(py.ne(z1, py.add(z2, z3)));
        if (py.bool(py.eq(py.add(z2, z3), z1))) return y.mul(2);
        return y.add(3);
      }
    }
    exportFn(new M2(), [torch.tensor(6), torch.tensor(6), torch.tensor(6), torch.randn(1)]);
  });

  port("test_replaced_unbacked_bindings", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor, z: Tensor) {
        const [m, n] = [x.item(), y.item()];
        torch._check(py.eq(m, 4));
        torch._check(py.eq(n, z.shape[0]));
        return z.add(py.add(m, n));
      }
    }
    const ep = exportFn(new Foo(), [torch.tensor(4), torch.tensor(5), torch.randn(5)], { dynamic_shapes: { x: null, y: null, z: [Dim("dx", { max: 16 })] } });
    for (const node of ep.graph.nodes) {
      const val = node.meta.val;
      expect(val !== undefined && val !== null && /^u\d+$/.test(String(val)) && typeof val !== "object").toBe(false);
      expect(node.meta.unbacked_bindings ?? null).toBe(null);
    }
  });

  port("test_raise_user_error_when_guard_on_data_dependent_operation", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        const z = x.nonzero().shape[0];
        if (py.bool(py.gt(z, 2))) return x.cos();
        return x.sin();
      }
    }
    assertRaisesRegex(Error, "Could not guard on data-dependent expression", () => exportFn(new M(), [torch.tensor([2, 3, 5])]));
  });

  port("test_unbacked_infer_size", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        const u0 = x.item();
        torch._check_is_size(u0);
        const t = torch.empty(py.sub(u0, 1));
        return t.add(t);
      }
    }
    const ep = torch.export.export(new Foo(), [torch.tensor([5])]);
    call(ep.module(), torch.tensor([5]));
    call(ep.module(), torch.tensor([1]));
  });

  port("test_unbacked_pad", () => {
    class Foo extends nn.Module {
      override forward(xs: Tensor, pad: Tensor) {
        const [u0, u1, u2] = xs.tolist();
        const x = torch.ones(u0, u1, u2);
        const [pl0, pr0, pl1, pr1] = pad.tolist();
        return F.pad(x, [pl0, pr0, pl1, pr1]);
      }
    }
    const x = torch.tensor([64, 64, 64]);
    const pad = torch.tensor([8, -8, 4, 0]);
    const m = new Foo();
    const ep = exportFn(m, [x, pad]);
    expect(call(ep.module(), x, pad).shape).toEqual(call(m, x, pad).shape);
    const pad2 = torch.tensor([-5, 9, 0, 8]);
    expect(call(ep.module(), x, pad2).shape).toEqual(call(m, x, pad2).shape);
  });

  port("test_suggested_fixes_for_data_dependent_errors_basic", () => {
    class M_v0 extends nn.Module {
      override forward(t: Tensor) {
        const items = Array.from({ length: t.numel() }, (_, i) => t.select(0, i).item());
        const r = torch.randn([items[0], items[1]]);
        return r.view(items[0], items[2]);
      }
    }
    class N extends nn.Module {
      m = new M_v0();
      override forward(t: Tensor) {
        return call(this.m, t).add(1);
      }
    }
    exportFn(new N(), [torch.tensor([1, 4, 4], { dtype: torch.int32 })], { strict: false });
  });

  port("test_simple_unbacked_view", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        const u0 = x.item();
        return torch.empty(5, u0).view(u0, 5);
      }
    }
    let ep = exportFn(new Foo(), [torch.tensor([9])]);
    expect(call(ep.module(), torch.tensor([8])).size(0)).toBe(8);
    expect(call(ep.module(), torch.tensor([5])).size(0)).toBe(5);
    class Foov2 extends nn.Module {
      override forward(xs: Tensor) {
        const [a, b] = xs.tolist();
        return torch.zeros(a).reshape(b);
      }
    }
    const xs = torch.tensor([4, 4]);
    ep = exportFn(new Foov2(), [xs]);
    expect(call(ep.module(), xs).size(0)).toBe(4);
    expect(call(ep.module(), torch.tensor([5, 5])).size(0)).toBe(5);
  });

  port("test_no_suggested_fixes_for_data_dependent_errors", () => {
    class cf_stacklist extends nn.Module {
      override forward(xs: Tensor[], y: Tensor) {
        return torch.stack(xs, 0).narrow(0, y.item(), 1).squeeze();
      }
    }
    const xs = Array.from({ length: 10 }, (_, i) => torch.ones(5).mul(i));
    assertRaisesRegex(GuardOnDataDependentSymNode, "Could not guard on data-dependent expression u0 < 0", () =>
      exportFn(new cf_stacklist(), [xs, torch.tensor(2)], { strict: false }),
    );
    class Box {
      constructor(readonly content: unknown) {}
    }
    class cf_stacklist_udd extends nn.Module {
      override forward(xs: Tensor[], y: Tensor) {
        const box = new Box(y.item());
        return torch.stack(xs, 0).narrow(0, box.content, 1).squeeze();
      }
    }
    assertRaisesRegex(GuardOnDataDependentSymNode, "Could not guard on data-dependent expression u0 < 0", () =>
      exportFn(new cf_stacklist_udd(), [xs, torch.tensor(2)], { strict: false }),
    );
  });

  port("test_tolist", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return x.tolist();
      }
    }
    const ep = exportFn(new M(), [torch.ones([3], { dtype: torch.int })]);
    assertEqual(call(ep.module(), torch.tensor([1, 2, 3])), [1, 2, 3]);
  });

  port("test_if_functional", () => {
    class Module extends nn.Module {
      override forward(x: Tensor) {
        const z = x.add(4);
        z.add_(4);
        const y = z.view(x.shape);
        return x.cos().add(y.cos());
      }
    }
    const gm = exportFn(new Module(), [torch.tensor([2, 3, 5])]).run_decompositions({});
    let view_count = 0;
    for (const node of gm.graph.nodes) {
      if (node.op === "call_function") expect(node.target).not.toBe(torch.ops.aten.add_.Tensor);
      if (node.op === "call_function" && node.target === torch.ops.aten.view.default) view_count++;
    }
    expect(view_count > 0).toBe(true);
  });

  port("test_solver_unsupported_sympy_function", () => {
    class MyModule extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        x = F.interpolate(x, { scale_factor: 0.5, mode: "bilinear" });
        x = F.interpolate(x, { scale_factor: 2.0, mode: "bilinear" });
        return x.add(y);
      }
    }
    const model = new MyModule().eval();
    const inputs = [torch.rand([1, 1, 32, 32]), torch.rand([1, 1, 32, 32])];
    const dim = Dim.AUTO;
    const ep = exportFn(model, inputs, { dynamic_shapes: { x: { 2: dim, 3: dim }, y: { 2: dim, 3: dim } } });
    assertEqual(call(ep.module(), ...inputs), call(model, ...inputs));
  });

  port("test_export_mod_constraints", () => {
    class BasicDynamiShapeModel extends nn.Module {
      override forward(x: Tensor) {
        return x.view(py.sub(x.shape[0], 1), -1);
      }
    }
    const m = new BasicDynamiShapeModel();
    const a = torch.randn(3, 4);
    let em = torch.export.export(m, [a], {
      dynamic_shapes: { x: [Dim("dim0_x", { min: 3 }), Dim("dim1_x", { max: 8000 })] },
      prefer_deferred_runtime_asserts_over_guards: true,
    });
    call(em.module(), torch.randn(4, 3));
    assertRaisesRegex(Error, /Runtime assertion failed for expression Eq\(Mod\(s27\*s77, s77 \- 1\), 0\)/, () => call(em.module(), torch.randn(4, 5)));
    em = torch.export.export(m, [a], { dynamic_shapes: { x: [null, Dim("_dim1_x", { max: 4000 }).mul(2)] } });
    assertRaisesRegex(Error, escape("Guard failed: 3 * x.size()[1] % 2 == 0"), () => call(em.module(), torch.randn(3, 5)));
  });

  port("test_dont_duck_size_for_auto_dynamic", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        if (!py.bool(py.eq(y.shape[1], 4))) throw new Error("AssertionError");
        if (!py.bool(py.eq(x.shape[0], py.sub(y.shape[0], 1)))) throw new Error("AssertionError");
        return [x.mul(2), y.mul(2)];
      }
    }
    const ep = exportFn(new Foo(), [torch.randn(4, 4), torch.randn(5, 4)], { dynamic_shapes: { x: [Dim.AUTO, Dim.AUTO], y: [Dim.AUTO, Dim.AUTO] } });
    call(ep.module(), torch.randn(6, 3), torch.randn(7, 4));
  });

  port("test_map", () => {
    class Module extends nn.Module {
      override forward(xs: Tensor, y: Tensor, z: Tensor) {
        return torch.map((x: Tensor, y: Tensor, z: Tensor) => x.add(y).add(z), xs, y, z);
      }
    }
    sameAsEager(new Module(), [torch.ones(6, 4), torch.tensor(5), torch.tensor(4)]);
  });

  port("test_dim_dynamic_divisibility", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        if (py.bool(py.eq(py.mod(x.size(0), 2), 0))) return x.clone().mul(2);
        return x.clone().mul(0);
      }
    }
    exportFn(new M(), [torch.randn(4)], { dynamic_shapes: { x: { 0: Dim.DYNAMIC } } });
  });

  port("test_export_func_with_kwargs", () => {
    class Module extends nn.Module {
      override forward(arg1: Tensor, arg2: Tensor, kw1: Tensor, kw2: Tensor) {
        return [arg1.add(arg2), kw1.add(kw2)];
      }
    }
    sameAsEager(new Module(), [torch.ones(6, 4), torch.ones(1, 1)], { kw1: torch.ones(1, 1), kw2: torch.ones(6, 4) });
  });

  port("test_export_func_with_pytree_kwargs", () => {
    class Module extends nn.Module {
      override forward(arg1: Tensor, arg2: Tensor, a: any, b: Tensor[]) {
        return [arg1.add(a.kw1).add(b[0]), arg2.add(a.kw2).add(b[1])];
      }
    }
    sameAsEager(new Module(), [torch.ones(2, 3), torch.ones(3, 4)], {
      a: { kw1: torch.ones(2, 3), kw2: torch.ones(3, 4) },
      b: [torch.ones(2, 3), torch.ones(3, 4)],
    });
  });

  port("test_export_func_with_default_kwargs", () => {
    class Module extends nn.Module {
      override forward(arg1: Tensor, arg2: Tensor, a: any, b = 1) {
        return [arg1.add(arg2), a.kw1.add(a.kw2).add(b)];
      }
    }
    class Module2 extends nn.Module {
      override forward(arg1: Tensor, arg2: Tensor, a = 1, b = 2) {
        return [arg1.add(a), arg2.add(b)];
      }
    }
    const args = [torch.ones(6, 4), torch.ones(1, 1)];
    sameAsEager(new Module(), args, { a: { kw1: torch.ones(1, 1), kw2: torch.ones(6, 4) } });
    sameAsEager(new Module(), args, { a: { kw1: torch.ones(1, 1), kw2: torch.ones(6, 4) }, b: 2 });
    sameAsEager(new Module2(), args, { b: 1 });
  });

  port("test_kwargs_reorder", () => {
    class M extends nn.Module {
      override forward({ x, y, z }: { x: Tensor; y: Tensor; z: Tensor }) {
        return x.add(y).add(z);
      }
    }
    const ep = exportFn(new M(), [], { kwargs: { z: torch.ones(3), y: torch.ones(3), x: torch.ones(3) } });
    call(ep.module(), { z: torch.ones(3), y: torch.ones(3), x: torch.ones(3) });
    call(ep.module(), { x: torch.ones(3), z: torch.ones(3), y: torch.ones(3) });
  });

  port("test_export_func_with_var_postional_args", () => {
    class Module extends nn.Module {
      override forward(arg1: Tensor, arg2: Tensor, ...args: Tensor[]) {
        return [arg1.add(args[0]), arg2.add(args[1])];
      }
    }
    sameAsEager(new Module(), [torch.ones(2, 3), torch.ones(3, 4), torch.ones(2, 3), torch.ones(3, 4)]);
  });

  port("test_export_func_with_keyword_only_args", () => {
    class Module extends nn.Module {
      override forward(arg1: Tensor, arg2: Tensor, ...rest: any[]) {
        const { kw1, kw2 } = rest[rest.length - 1];
        const args = rest.slice(0, -1);
        return [arg1.add(args[0]).add(kw1), arg2.add(args[1]).add(kw2)];
      }
    }
    sameAsEager(new Module(), [torch.ones(2, 3), torch.ones(3, 4), torch.ones(2, 3), torch.ones(3, 4)], { kw1: torch.ones(2, 3), kw2: torch.ones(3, 4) });
  });

  port("test_export_func_with_var_keyword_args", () => {
    class Module extends nn.Module {
      override forward(arg1: Tensor, arg2: Tensor, ...rest: any[]) {
        const { kw1, kw2, ...kwargs } = rest[rest.length - 1];
        const args = rest.slice(0, -1);
        return [arg1.add(args[0]).add(kw1).add(kwargs.kw3), arg2.add(args[1]).add(kw2).add(kwargs.kw4)];
      }
    }
    sameAsEager(new Module(), [torch.ones(2, 3), torch.ones(3, 4), torch.ones(2, 3), torch.ones(3, 4)], {
      kw1: torch.ones(2, 3),
      kw2: torch.ones(3, 4),
      kw3: torch.ones(2, 3),
      kw4: torch.ones(3, 4),
    });
  });

  port("test_unbacked_slice", () => {
    class M extends nn.Module {
      override forward(scores: Tensor, score_thr: number, topk: Tensor, results: unknown = null) {
        const valid_mask = scores.gt(score_thr);
        scores = scores.index([valid_mask]);
        const valid_idxs = torch.nonzero(valid_mask).to(scores.device);
        const num_topk = torch.minimum(topk, torch.tensor(valid_idxs.shape[0])).item();
        torch._check_is_size(num_topk);
        torch._check(py.ge(scores.shape[0], num_topk));
        let idxs;
        [scores, idxs] = scores.sort({ descending: true });
        scores = scores.slice(0, null, num_topk);
        const topk_idxs = valid_idxs.index([idxs.slice(0, null, num_topk)]);
        const [keep_idxs, labels] = topk_idxs.unbind({ dim: 1 });
        return [scores, labels, keep_idxs];
      }
    }
    const score = torch.tensor([[0.1, 0.3, 0.2], [0.12, 0.7, 0.9], [0.02, 0.8, 0.08], [0.4, 0.1, 0.08]]);
    const bbox_pred = torch.tensor([[0.2, 0.3], [0.4, 0.7], [0.1, 0.1], [0.5, 0.1]]);
    const inputs = [score, 0.15, torch.tensor(4), { bbox_pred }];
    const ep = exportFn(new M(), inputs);
    const orig = call(new M(), ...inputs);
    const res = call(ep.module(), ...inputs);
    for (let i = 0; i < 3; i++) expect(allclose(orig[i], res[i])).toBe(true);
  });

  port("test_multidimensional_slicing", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const b = x.item();
        torch._check(py.ge(b, 0));
        torch._check(py.lt(b, y.shape[0]));
        return y.select(0, 0).select(0, b);
      }
    }
    const m = new M();
    const inp = [torch.tensor(4), torch.ones(10, 10)];
    const r = call(m, ...inp);
    const er = call(exportFn(m, inp).module(), ...inp);
    expect(allclose(er, r)).toBe(true);
  });
});

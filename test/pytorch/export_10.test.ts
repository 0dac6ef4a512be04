// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 10.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, F as FTyped, Dim as DimTyped, SymFloat } from "../../src/index.js";
import { UserError } from "../../src/export/errors.js";
import { port, fails, assertEqual, allclose, assertRaisesRegex, escape, py } from "./harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do, including what pt2js lacks.
const torch: any = torchTyped;
const F: any = FTyped;
const Dim: any = DimTyped;
type Tensor = any;

const exportFn = torch.export.export;
const call = (m: unknown, ...a: unknown[]): any => (m as (...x: unknown[]) => unknown)(...a);
const AUTO = Dim.AUTO;

/** TestExport._check_dynamic_shapes_specs_and_shapes (without its serdes half). */
function checkSpecsAndShapes(model: any, inputs: unknown[], specs: unknown[], passing: number[][][], failing: number[][][]): void {
  for (const spec of specs) {
    const ep = exportFn(model, inputs, { dynamic_shapes: spec });
    for (const shapes of passing) call(ep.module(), ...shapes.map((s) => torch.randn(...s)));
    for (const shapes of failing) assertRaisesRegex(Error, "Guard failed", () => call(ep.module(), ...shapes.map((s) => torch.randn(...s))));
  }
}

describe("test_export.py TestExport (10)", () => {
  port("test_shared_submodule_nn_module_stack", () => {
    class Shared extends nn.Module {
      sub_net: any;
      constructor() {
        super();
        const layernorm = new nn.LayerNorm(10);
        this.sub_net = new nn.Sequential(layernorm, new nn.ReLU(), layernorm, new nn.ReLU());
      }
      override forward(x: Tensor) {
        return call(this.sub_net, x);
      }
    }
    const ep = exportFn(new Shared(), [torch.rand(10)], { kwargs: {} });
    const stacks = ep.graph.nodes.filter((n: any) => n.op === "call_function" && String(n.target).includes("norm")).map((n: any) => n.meta.nn_module_stack);
    expect(stacks.length).toBe(2);
    const last = (s: any) => {
      const v = s instanceof Map ? [...s.values()] : Object.values(s);
      return (v[v.length - 1] as any)[0];
    };
    expect(last(stacks[0])).toBe("sub_net.0");
    expect(last(stacks[1])).toBe("sub_net.2");
  });

  port("test_run_decompositions_keep_tensor_constant_metadata", () => {
    class M extends nn.Module {
      b = torch.ones(3, 3);
      linear = new nn.Linear(3, 3);
      override forward(x: Tensor) {
        return this.b.add(call(this.linear, x));
      }
    }
    const ep = exportFn(new M(), [torch.ones(3, 3)]);
    for (const node of ep.graph.nodes) node.meta.custom = { my_field: "dummy" };
    for (const node of ep.graph.nodes) expect(node.meta.custom.my_field).toBe("dummy");
    const decomp_ep = ep.run_decompositions();
    for (const node of decomp_ep.graph.nodes) expect(node.meta.custom?.my_field).toBe("dummy");
  });

  port("test_export_linear_preserve_dynamic_shape", () => {
    class M extends nn.Module {
      lin = new nn.Linear(4, 4);
      override forward(x: Tensor) {
        return call(this.lin, x);
      }
    }
    const mod = new M();
    let ep = exportFn(mod, [torch.randn(8, 4)], { dynamic_shapes: { x: { 0: Dim("x") } } });
    const table = torch.export.default_decompositions();
    table.delete(torch.ops.aten.linear.default);
    ep = ep.run_decompositions(table);
    const comp_mod = ep.module();
    for (const inp of [torch.randn(3, 4), torch.randn(7, 4)]) expect(allclose(call(comp_mod, inp), call(mod, inp))).toBe(true);
  });

  port("test_automatic_dynamic_shapes_simple_equality", () => {
    class SimpleEquality extends nn.Module {
      override forward(x: Tensor, y: Tensor, z: Tensor) {
        return x.add(y).add(z);
      }
    }
    const inputs = [torch.randn(6, 3), torch.randn(6, 3), torch.randn(6, 3)];
    checkSpecsAndShapes(
      new SimpleEquality(),
      inputs,
      [
        [[AUTO, AUTO], [AUTO, AUTO], [AUTO, AUTO]],
        { x: [AUTO, AUTO], y: [AUTO, AUTO], z: [AUTO, AUTO] },
      ],
      [[[4, 4], [4, 4], [4, 4]], [[1, 1], [1, 1], [1, 1]], [[0, 9], [0, 9], [0, 9]]],
      [[[4, 4], [4, 4], [4, 3]], [[4, 4], [5, 4], [4, 5]]],
    );
    checkSpecsAndShapes(
      new SimpleEquality(),
      inputs,
      [
        [{ 0: AUTO, 1: AUTO }, { 0: AUTO, 1: AUTO }, [AUTO, null]],
        { x: [AUTO, AUTO], y: [AUTO, AUTO], z: [AUTO, null] },
      ],
      [[[4, 3], [4, 3], [4, 3]], [[1, 3], [1, 3], [1, 3]], [[0, 3], [0, 3], [0, 3]]],
      [[[4, 4], [4, 4], [4, 4]], [[1, 1], [1, 1], [1, 1]], [[0, 9], [0, 9], [0, 9]]],
    );
    checkSpecsAndShapes(
      new SimpleEquality(),
      inputs,
      [{ x: [null, AUTO], y: [AUTO, AUTO], z: [AUTO, null] }],
      [[[6, 3], [6, 3], [6, 3]]],
      [[[6, 4], [6, 4], [6, 4]], [[1, 3], [1, 3], [1, 3]], [[0, 9], [0, 9], [0, 9]]],
    );
  });

  port("test_automatic_dynamic_shapes_constant_relation", () => {
    class OffBy4 extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.add(y.slice(0, 4));
      }
    }
    const inputs = [torch.randn(6), torch.randn(10)];
    checkSpecsAndShapes(new OffBy4(), inputs, [[[AUTO], [AUTO]], { x: [AUTO], y: [AUTO] }], [[[10], [14]], [[3], [7]], [[2], [6]]], [[[10], [13]]]);
    checkSpecsAndShapes(new OffBy4(), inputs, [{ x: [AUTO], y: [null] }], [[[6], [10]]], [[[10], [14]], [[3], [7]], [[2], [6]]]);
  });

  port("test_automatic_dynamic_shapes_linear_relation", () => {
    class LinearRel extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.slice(0, 1, null, 4).add(y);
      }
    }
    const inputs = [torch.randn(21), torch.randn(5)];
    checkSpecsAndShapes(new LinearRel(), inputs, [[[AUTO], [AUTO]], { x: [AUTO], y: [AUTO] }], [[[33], [8]], [[32], [8]], [[31], [8]], [[30], [8]]], [[[34], [8]], [[22], [5]]]);
    checkSpecsAndShapes(new LinearRel(), inputs, [[[AUTO], null], { x: [AUTO], y: null }], [[[21], [5]], [[20], [5]], [[19], [5]], [[18], [5]]], [[[33], [8]]]);
    checkSpecsAndShapes(new LinearRel(), inputs, [[null, [AUTO]]], [[[21], [5]]], [[[22], [5]]]);
  });

  port("test_dim_dynamic", () => {
    const dynamic = Dim.DYNAMIC;
    class Relations extends nn.Module {
      override forward(u: Tensor, w: Tensor, x: Tensor, y: Tensor, z: Tensor) {
        return [u.slice(0, 1).add(w).add(x), y.flatten().add(z)];
      }
    }
    let ep = exportFn(new Relations(), [torch.randn(5), torch.randn(4), torch.randn(4), torch.randn(4, 4), torch.randn(16)], {
      dynamic_shapes: { u: [dynamic], w: [dynamic], x: [dynamic], y: [dynamic, dynamic], z: [dynamic] },
    });
    call(ep.module(), torch.randn(6), torch.randn(5), torch.randn(5), torch.randn(7, 8), torch.randn(56));
    class Specialize extends nn.Module {
      override forward(x: Tensor) {
        torch._check(py.eq(x.shape[0], 4));
        return x.add(2);
      }
    }
    assertRaisesRegex(
      UserError,
      /You marked.*but your code specialized it to be a constant.*If you're using Dim.DYNAMIC, replace it with either Dim.STATIC or Dim.AUTO/,
      () => exportFn(new Specialize(), [torch.randn(4, 8)], { dynamic_shapes: { x: [dynamic, dynamic] } }),
    );
    class ModConstraint extends nn.Module {
      override forward(x: Tensor) {
        return x.view(py.sub(x.shape[0], 1), -1);
      }
    }
    for (const private_api of [true, false]) {
      ep = torch.export.export(new ModConstraint(), [torch.randn(3, 4)], {
        dynamic_shapes: { x: [dynamic, dynamic] },
        ...(private_api ? { prefer_deferred_runtime_asserts_over_guards: true } : {}),
      });
      call(ep.module(), torch.randn(5, 8));
      const num_asserts = ep.graph.nodes.filter((n: any) => n.target === torch.ops.aten._assert_scalar.default).length;
      if (private_api) {
        expect(num_asserts).toBe(6);
        assertRaisesRegex(Error, /Runtime assertion failed for expression Eq\(Mod\(s27\*s77, s77 - 1\), 0\)/, () => call(ep.module(), torch.randn(4, 2)));
      } else {
        expect(num_asserts).toBe(0);
        assertRaisesRegex(Error, escape("Guard failed: x.size()[1] * x.size()[0] % (-1 + x.size()[0]) == 0"), () => call(ep.module(), torch.randn(4, 2)));
      }
    }
  });

  port("test_dynamic_sym_round", () => {
    class ModuleWithSymRound extends nn.Module {
      override forward(x: Tensor) {
        const out_size = torch.sym_round(SymFloat.trueDiv(x.shape[0], 2.0));
        return x.slice(0, null, out_size);
      }
    }
    const module = new ModuleWithSymRound();
    const ep = exportFn(module, [torch.randn(8)], { dynamic_shapes: { x: { 0: Dim("n", { min: 5, max: 10 }) } } });
    const round_nodes = ep.graph.nodes.filter((n: any) => n.op === "call_function" && n.target.qualifiedName === "builtins.round");
    expect(round_nodes.length).toBe(1);
    for (let i = 5; i <= 10; i++) {
      const dyn_inp = [torch.randn(i)];
      assertEqual(call(ep.module(), ...dyn_inp), call(module, ...dyn_inp));
    }
  });

  port("test_dynamic_lr_shift", () => {
    class Module extends nn.Module {
      override forward(x: Tensor) {
        const n = x.shape[0];
        const rshift = torch.sym_rshift ? torch.sym_rshift(n, 1) : n.rshift(1);
        const lshift = torch.sym_lshift ? torch.sym_lshift(n, 1) : n.lshift(1);
        return [x.slice(0, null, rshift), x.slice(0, null, lshift)];
      }
    }
    const ep = exportFn(new Module(), [torch.randn(8)], { dynamic_shapes: { x: { 0: Dim("N", { min: 5, max: 10 }) } } });
    for (const op of ["_operator.lshift", "_operator.rshift"]) {
      expect(ep.graph.nodes.filter((n: any) => n.op === "call_function" && n.target.qualifiedName === op).length).toBe(1);
    }
  });
});

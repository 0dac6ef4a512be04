// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 12:
// the tests of TestExport that needed the loop higher-order ops (while_loop, scan) and other
// small APIs pt2js lacked (listed `todo` before).
import { describe } from "vitest";
import { torch as torchTyped, nn, operator, fx } from "../../src/index.js";
import { port, fails, assertEqual, allclose, assertRaisesRegex, checkCount } from "./harness.js";
import { TorchRuntimeError } from "../../src/ops/errors.js";
// torch's ValueError from the input-spec checks (pytorchType builtins.ValueError)
import { InputTreeSpecError as ValueError } from "../../src/program/guards_errors.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do.
const torch: any = torchTyped;
type Tensor = any;

const exportFn = torch.export.export;
const { while_loop, scan } = torch._higher_order_ops;
const call = (m: unknown, ...a: unknown[]): any => (m as (...x: unknown[]) => unknown)(...a);

describe("test_export.py TestExport (12)", () => {
  port("test_while_loop_tensor_constant_idx", () => {
    const while_loop_decomp = (x: Tensor, y0: Tensor) => {
      const out0 = torch.zeros_like(x);
      const cond_fn = (idx: Tensor, out: Tensor, _y0: Tensor) => idx.lt(out.size(0));
      const body_fn = (idx: Tensor, out: Tensor, y0: Tensor) => {
        const i = idx.item();
        torch._check_is_size(i, { max: x.size(0) - 1 });
        y0 = x.at(i).add(y0);
        out = out.clone();
        out.set(i, y0);
        return [idx.add(1), out, y0];
      };
      const cnt = torch.tensor(0);
      const [, out] = while_loop(cond_fn, body_fn, [cnt, out0, y0]);
      return out;
    };
    class TestModel extends nn.Module {
      override forward(x: Tensor, y0: Tensor) {
        return while_loop_decomp(x, y0);
      }
    }
    const [x, y0] = [torch.randn(16, 8), torch.randn(8)];
    const exp_out = call(new TestModel(), x, y0);
    const ep = exportFn(new TestModel(), [x, y0]);
    const out = ep.module()(x, y0);
    assertEqual(exp_out, out);
  });

  port("test_while_loop_simple", () => {
    class Simple extends nn.Module {
      override forward(ci: Tensor, a: Tensor, b: Tensor) {
        const cond_fn = (i: Tensor, _x: Tensor, _y: Tensor) => i.gt(0);
        const body_fn = (i: Tensor, x: Tensor, y: Tensor) => [i.sub(1), x.add(y), y.sub(x)];
        return torch._higher_order_ops.while_loop(cond_fn, body_fn, [ci, a, b]);
      }
    }
    const example_inputs = [torch.tensor(1), torch.randn(10, 20), torch.randn(10, 20)];
    const ep = exportFn(new Simple(), example_inputs);
    assertEqual(ep.module()(...example_inputs), call(new Simple(), ...example_inputs));
  });

  port("test_while_loop_index_assertions", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        const cond_fn = (idx: Tensor, _acc: Tensor) => {
          const i = idx.item();
          return operator.lt(i, x.size(0));
        };
        const body_fn = (idx: Tensor, acc: Tensor) => {
          // this check_is_size call needs to be traced by this subgraph for the select call,
          // it can't be in the cond graph, as that fires & fails right before loop termination.
          const i = idx.item();
          torch._check_is_size(i, { max: x.size(0) - 1 });
          return [idx.add(1), acc.add(x.at(i))];
        };
        const acc = torch.zeros(x.size(1));
        const n = torch.full([], 0, { dtype: torch.int64 });
        const [, out] = while_loop(cond_fn, body_fn, [n, acc]);
        return out;
      }
    }
    const x = torch.randn(8, 4);
    const ep = exportFn(new Foo(), [x], { strict: false });
    if (!allclose(x.sum({ dim: 0 }), ep.module()(x))) throw new Error("assertTrue failed");
  });

  port("test_while_loop_assert_separation", () => {
    class Bar extends nn.Module {
      override forward(idx: Tensor, x: Tensor) {
        const i = idx.item();
        const cond_fn = (idx: Tensor, _x: Tensor) => {
          const i = idx.item();
          torch._check(operator.ne(i, 5));
          return operator.le(i, 9);
        };
        const body_fn = (idx: Tensor, x: Tensor) => {
          const i = idx.item();
          torch._check(operator.eq(operator.mod(i, 2), 0));
          return [idx.add(2), x.add(i)];
        };
        return while_loop(cond_fn, body_fn, [idx, x.add(i)]);
      }
    }
    const inps = [torch.tensor([0]), torch.zeros(1)];
    const ep = exportFn(new Bar(), inps, { strict: false });
    const [i, out] = ep.module()(...inps);
    assertEqual(i, torch.tensor([10]));
    assertEqual(out.item(), 20);

    // check assertions are separate for each subgraph
    assertRaisesRegex(TorchRuntimeError, /Runtime assertion failed for expression Ne\(u[\d]+, 5\).*/, () =>
      ep.graph_module.get_submodule("while_loop_cond_graph_0").forward(torch.tensor([5]), torch.zeros(1)),
    );
    assertRaisesRegex(TorchRuntimeError, /Runtime assertion failed for expression Eq\(PythonMod\(u[\d]+, 2\), 0\).*/, () =>
      ep.graph_module.get_submodule("while_loop_body_graph_0").forward(torch.tensor([5]), torch.zeros(1)),
    );
  });

  port("test_export_scan_pytree_output", () => {
    const add = (carry: Tensor, accum: Tensor) => [carry.add(carry), [accum[0].moo.add(1), accum[0].moo2.add(1)]];
    class M extends nn.Module {
      override forward(init: Tensor, accum: Tensor) {
        return scan(add, init, accum);
      }
    }
    const [init, xs] = [torch.ones(3), [{ moo: torch.ones(3), moo2: torch.ones(3) }]];
    const ep = exportFn(new M(), [init, xs]);
    assertEqual(ep.module()(init, xs), call(new M(), init, xs));
  });

  port("test_is_exporting", () => {
    class Mod extends nn.Module {
      override forward(pred: Tensor, x: Tensor) {
        const f = (x: Tensor) => (torch.compiler.is_exporting() ? x.sin() : x.cos());
        const y = f(x);
        const true_fn = (x: Tensor) => (torch.compiler.is_exporting() ? f(x).sub(1) : f(x).add(1));
        const false_fn = (x: Tensor) => (torch.compiler.is_exporting() ? f(x).add(1) : f(x).sub(1));
        return torch.cond(pred, true_fn, false_fn, [x]).mul(y);
      }
    }
    const ep = exportFn(new Mod(), [torch.tensor(false), torch.randn(3, 4)]);
    checkCount(ep.graph_module.code, "torch.ops.aten.sin", 1);
    checkCount(ep.graph_module.code, "torch.ops.higher_order.cond", 1);
    // True graph should contain sin and sub
    checkCount(ep.graph_module.get_submodule("true_graph_0").code, "torch.ops.aten.sub", 1);
    checkCount(ep.graph_module.get_submodule("true_graph_0").code, "torch.ops.aten.sin", 1);
    // False graph should contain sin and add
    checkCount(ep.graph_module.get_submodule("false_graph_0").code, "torch.ops.aten.add", 1);
    checkCount(ep.graph_module.get_submodule("false_graph_0").code, "torch.ops.aten.sin", 1);
  });

  port("test_sym_or_sym_and", () => {
    const { sym_and, sym_or } = fx.experimental.symbolic_shapes;
    class Foo extends nn.Module {
      override forward(xs: Tensor) {
        const [u0, u1, u2] = xs.tolist();
        torch._check(sym_or(operator.eq(u0, 2), operator.eq(u0, 4), operator.eq(u0, 6)));
        torch._check(sym_and(operator.ge(u1, 4), operator.le(u1, 8), operator.eq(u2, 5)));
        return operator.add(operator.add(u0, u1), u2);
      }
    }
    const ep = exportFn(new Foo(), [torch.tensor([2, 6, 5])], { strict: false });
    ep.module()(torch.tensor([2, 6, 5]));
    ep.module()(torch.tensor([4, 7, 5]));
    ep.module()(torch.tensor([6, 5, 5]));
    assertRaisesRegex(TorchRuntimeError, /.* expression Eq\(u0, 2\) \| Eq\(u0, 4\) \| Eq\(u0, 6\) .*/, () => ep.module()(torch.tensor([3, 6, 5])));
    assertRaisesRegex(TorchRuntimeError, /.* expression u[\d]+ <= 5 .*/, () => ep.module()(torch.tensor([6, 6, 6])));
  });

  port("test_param_util", () => {
    const { is_param, get_param } = torch._export.utils;
    class Basic extends nn.Module {
      lin = new nn.Linear(10, 1);
      override forward(x: Tensor) {
        return this.lin(x);
      }
    }
    const ep = exportFn(new Basic(), [torch.randn(5, 10)]);
    let num_params = 0;
    const params: Tensor[] = [];
    for (const node of ep.graph.nodes) {
      if (is_param(ep, node)) {
        num_params += 1;
        params.push(get_param(ep, node));
      }
    }
    assertEqual(num_params, 2);
    assertEqual(params[0].shape, [1, 10]); // weight
    assertEqual(params[1].shape, [1]); // bias
  });

  port("test_buffer_util", () => {
    const { is_buffer, get_buffer } = torch._export.utils;
    const ep = exportFn(new nn.BatchNorm2d(100, { affine: false }), [torch.ones(20, 100, 35, 45)]);
    let num_buffer = 0;
    const buffer: Tensor[] = [];
    for (const node of ep.graph.nodes) {
      if (is_buffer(ep, node)) {
        num_buffer += 1;
        buffer.push(get_buffer(ep, node));
      }
    }
    assertEqual(num_buffer, 3);
    assertEqual(buffer[0].shape, [100]); // running_mean
    assertEqual(buffer[1].shape, [100]); // running_var
    assertEqual(buffer[2].shape, []); // num_batches_tracked
  });

  port("test_sequential_slicing", () => {
    // See https://github.com/pytorch/pytorch/issues/137455
    class TestModule1 extends nn.Module {
      seq = new nn.Sequential(new nn.Linear(4, 4), new nn.Linear(4, 4), new nn.Linear(4, 4));
      override forward(x: Tensor) {
        // seq_last as local variable works
        const seq_last = this.seq.slice(1);
        return seq_last(x);
      }
    }
    class TestModule2 extends nn.Module {
      seq = new nn.Sequential(new nn.Linear(4, 4), new nn.Linear(4, 4), new nn.Linear(4, 4));
      // seq_last as initialized submodule works
      seq_last = this.seq.slice(1);
      override forward(x: Tensor) {
        return this.seq_last(x);
      }
    }
    const inp = [torch.randn(4, 4)];
    for (const mod of [new TestModule1(), new TestModule2()]) {
      const epm = exportFn(mod, inp).module();
      if (!allclose(epm(...inp), call(mod, ...inp))) throw new Error("assertTrue failed");
    }
  });

  port("test_module_list_slice", () => {
    class ModuleListTruncated extends nn.Module {
      fcs = new nn.ModuleList(Array.from({ length: 2 }, () => new nn.Linear(1, 1)));
      override forward(x: Tensor) {
        for (const fc of this.fcs.slice(null, 1)) x = fc(x);
        return x;
      }
    }
    const x = torch.rand(2, 1);
    const mod = new ModuleListTruncated();
    const epm = exportFn(mod, [x]).module();
    if (!allclose(call(mod, x), epm(x))) throw new Error("assertTrue failed");
  });

  port("test_slice_nn_module_stack", () => {
    class N extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.add(y);
      }
    }
    class M extends nn.Module {
      n = new N();
      mod_list_1 = new nn.Sequential(...Array.from({ length: 5 }, () => this.n));
      mod_list_2 = new nn.ModuleList(Array.from({ length: 5 }, () => this.n));
      override forward(x: Tensor, y: Tensor) {
        for (const m of this.mod_list_1.slice(2, 3)) x = m(x, y);
        for (const m of this.mod_list_2.slice(4, 5)) x = m(x, y);
        return x;
      }
    }
    const export_module = exportFn(new M(), [torch.randn(8), torch.randn(8)]);
    const nn_module_stacks = export_module.graph.nodes
      .filter((node: any) => node.op === "call_function" && String(node.target).includes("add"))
      .map((node: any) => node.meta.nn_module_stack);
    assertEqual(nn_module_stacks.length, 2);
    const filtered_nn_module_stack = nn_module_stacks.map((s: any) => (Object.values(s).at(-1) as [string, string])[0]);
    if (filtered_nn_module_stack[0] !== "mod_list_1.slice(2, 3, None).2") throw new Error(`got ${filtered_nn_module_stack[0]}`);
    if (filtered_nn_module_stack[1] !== "mod_list_2.slice(4, 5, None).0") throw new Error(`got ${filtered_nn_module_stack[1]}`);
  });

  port("test_set_example_inputs", () => {
    class M extends nn.Module {
      override forward(a: Tensor, { x, y, z }: { x: Tensor; y: Tensor; z: Tensor }) {
        return [a, x.add(y).add(z)];
      }
    }
    const inp = [[torch.ones(3)], { z: torch.ones(3), y: torch.ones(3), x: torch.ones(3) }] as const;
    const ep = exportFn(new M(), inp[0], { kwargs: inp[1] });
    ep.module()(...ep.example_inputs[0], ep.example_inputs[1]);

    ep.example_inputs = [[torch.ones(3)], { x: torch.ones(3), z: torch.ones(3), y: torch.ones(3) }];
    ep.module()(...ep.example_inputs[0], ep.example_inputs[1]);

    assertRaisesRegex(ValueError, "Example inputs should be a tuple", () => {
      ep.example_inputs = [torch.ones(3)];
    });
    assertRaisesRegex(ValueError, "Ran into a kwarg keyword mismatch", () => {
      ep.example_inputs = [[torch.ones(3)], {}];
    });
    assertRaisesRegex(ValueError, "Trying to flatten user inputs", () => {
      ep.example_inputs = [[], { x: torch.ones(3), z: torch.ones(3), y: torch.ones(3) }];
    });
  });

  port("test_math_pow", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        const b = x.item();
        // Non-strict export runs forward with builtins.min -> torch.sym_min and math.pow(x, y) -> x ** y
        // (torch._export.non_strict_utils._override_builtin_ops): JavaScript calls those directly.
        let p = torch.sym_min(b, 10);
        p = operator.pow(p, 10);
        return y.mul(p);
      }
    }
    const ep = exportFn(new M(), [torch.tensor(5), torch.randn(5)], { strict: false });
    checkCount(String(ep.graph), "torch.sym_min", 1);
    checkCount(String(ep.graph), "operator.pow", 1);
  });
});


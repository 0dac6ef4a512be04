// Ports of pytorch/pytorch test/export/test_passes.py (the source version is named in
// test/pytorch/test_passes.manifest.tsv): the TestPasses tests a JavaScript port can express.
import { describe } from "vitest";
import { torch as torchTyped, nn, operator } from "../../src/index.js";
import { port, assertEqual, assertRaisesRegex, escape } from "./harness.js";
import { GuardFailedError } from "../../src/program/guards_errors.js";
import { TorchRuntimeError } from "../../src/ops/errors.js";

// PyTorch's AssertionError("Guard failed: ...") from ep.module()'s _guards_fn.
const AssertionError = GuardFailedError;
const RuntimeError = TorchRuntimeError;
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do.
const torch: any = torchTyped;
type Tensor = any;

const exportFn = torch.export.export;
const call = (m: unknown, ...a: unknown[]): any => (m as (...x: unknown[]) => unknown)(...a);

function count_call_function(graph: any, target: any): number {
  let count = 0;
  for (const node of graph.nodes) if (node.op === "call_function" && node.target === target) count += 1;
  return count;
}

describe("test_passes.py TestPasses", () => {
  port("test_runtime_assert_one_dim", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return x.cos();
      }
    }
    const x = torch.zeros(2, 2, 3);
    const dim1_x = torch.export.Dim("dim1_x", { min: 2, max: 6 });
    const ep = exportFn(new M(), [x], { dynamic_shapes: { x: { 1: dim1_x } } });
    // expected <= 6, but got 7
    assertRaisesRegex(AssertionError, escape("Guard failed: x.size()[1] <= 6"), () => ep.module()(torch.zeros(2, 7, 3)));
    assertEqual(ep.module()(torch.ones(2, 4, 3)), new M().forward(torch.ones(2, 4, 3)));
  });

  port("test_runtime_assert_multiple_dims", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.cos().sum().add(y.sin().sum());
      }
    }
    const x = torch.zeros(4, 2, 3);
    const y = torch.zeros(5, 5, 5);
    const dim1_x = torch.export.Dim("dim1_x", { min: 2, max: 6 });
    const [dim0_x, dim0_y] = torch.export.dims("dim0_x", "dim0_y", { min: 3 });
    const ep = exportFn(new M(), [x, y], { dynamic_shapes: { x: { 0: dim0_x, 1: dim1_x }, y: { 0: dim0_y } } });
    // expected <= 6, but got 7
    assertRaisesRegex(AssertionError, escape("Guard failed: x.size()[1] <= 6"), () => ep.module()(torch.zeros(4, 7, 3), torch.ones(5, 5, 5)));
    // expected >= 3, but got 2
    assertRaisesRegex(AssertionError, escape("Guard failed: y.size()[0] >= 3"), () => ep.module()(torch.zeros(4, 2, 3), torch.ones(2, 5, 5)));
  });

  port("test_runtime_assert_some_dims_not_specified", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.cos().sum().add(y.sin().sum());
      }
    }
    const x = torch.zeros(4, 2, 3);
    const y = torch.zeros(5, 5, 5);
    const dim1_x = torch.export.Dim("dim1_x", { min: 2, max: 6 });
    const dim0_x = torch.export.Dim("dim0_x", { min: 3 });
    const ep = exportFn(new M(), [x, y], { dynamic_shapes: { x: { 0: dim0_x, 1: dim1_x }, y: null } });
    // expected <= 6, but got 7
    assertRaisesRegex(AssertionError, escape("Guard failed: x.size()[1] <= 6"), () => ep.module()(torch.zeros(4, 7, 3), torch.ones(5, 5, 5)));
    // y is specialized to 5
    // expected 5, but got 2
    assertRaisesRegex(AssertionError, escape("Guard failed: y.size()[0] == 5"), () => ep.module()(torch.zeros(4, 2, 3), torch.ones(2, 5, 5)));
    // Since we didn't insert the constraint for x[1] >= 2, it should work for case where x[1] == 1
    const gm_result_for_1_size = ep.module()(torch.ones(3, 1, 3), torch.ones(5, 5, 5));
    const eager_result_for_1_size = new M().forward(torch.ones(3, 1, 3), torch.ones(5, 5, 5));
    assertEqual(gm_result_for_1_size, eager_result_for_1_size);
  });

  port("test_runtime_assert_some_inps_not_used", () => {
    class M extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        void x;
        return y.cos().sum();
      }
    }
    const x = torch.zeros(4, 2, 3);
    const y = torch.zeros(5, 5, 5);
    const dim1_y = torch.export.Dim("dim1_y", { min: 3, max: 6 });
    const ep = exportFn(new M(), [x, y], { dynamic_shapes: { x: null, y: { 1: dim1_y } } });
    // expected 2, but got 7
    assertRaisesRegex(AssertionError, escape("Guard failed: x.size()[1] == 2"), () => ep.module()(torch.zeros(4, 7, 3), torch.ones(5, 5, 5)));
    // y is specialized to 5
    // expected 5, but got 2
    assertRaisesRegex(AssertionError, escape("Guard failed: y.size()[0] == 5"), () => ep.module()(torch.zeros(4, 2, 3), torch.ones(2, 5, 5)));
    // Since we didn't insert the constraint for x[1] >= 2, it should work for case where x[1] == 1
    const gm_result_for_1_size = ep.module()(torch.zeros(4, 2, 3), torch.ones(5, 5, 5));
    const eager_result_for_1_size = new M().forward(torch.zeros(4, 2, 3), torch.ones(5, 5, 5));
    assertEqual(gm_result_for_1_size, eager_result_for_1_size);
  });

  port("test_runtime_assert_inline_constraints_for_item", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        const b = x.item();
        torch._check(operator.ge(b, 2));
        torch._check(operator.le(b, 5));
        return b;
      }
    }
    const x = torch.tensor([2]);
    const mod = new M();
    const ep = exportFn(mod, [x]);
    assertRaisesRegex(RuntimeError, /Runtime assertion failed for expression u[\d+] \<\= 5/, () => ep.module()(torch.tensor([6])));
    const new_inp = torch.tensor([5]);
    assertEqual(call(mod, new_inp), ep.module()(new_inp));
  });

  port("test_runtime_assert_inline_constraints_for_nonzero", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        const b = x.nonzero();
        torch._check(operator.ge(b.shape[0], 3));
        torch._check(operator.le(b.shape[0], 5));
        return b;
      }
    }
    const x = torch.tensor([2, 1, 2, 3, 5, 0]);
    const mod = new M();
    const dim0_x = torch.export.Dim("dim0_x");
    const ep = exportFn(mod, [x], { dynamic_shapes: { x: { 0: dim0_x } } });
    const num_assert = count_call_function(ep.graph, torch.ops.aten._assert_scalar.default);
    assertEqual(num_assert, 2);
    const num_constrain_range = count_call_function(ep.graph, torch.ops.aten.sym_constrain_range?.default); // pt2js has no such op: it never emits one
    assertEqual(num_constrain_range, 0);
    assertRaisesRegex(RuntimeError, /Runtime assertion failed for expression u[\d+] \>\= 3/, () => ep.module()(torch.tensor([1, 1, 0, 0, 0])));
    assertRaisesRegex(RuntimeError, /Runtime assertion failed for expression u[\d+] \<\= 5/, () => ep.module()(torch.ones(6)));
    const new_inp = torch.tensor([1, 1, 1, 1]);
    assertEqual(call(mod, new_inp), ep.module()(new_inp));
  });
});

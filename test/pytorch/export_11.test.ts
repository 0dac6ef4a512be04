// Ports of pytorch/pytorch test/export/test_export.py (commit in docs/pytorch-tests.md), part 11:
// the end of TestExport, TestOneOffModelExportResult and TestExportCustomClass.
import { describe, expect } from "vitest";
import { torch as torchTyped, nn, F as FTyped, Dim as DimTyped, tuple } from "../../src/index.js";
import { ExportGraphSignature } from "../../src/program/signature.js";
import { operator } from "../../src/fx/index.js";
import { port, fails, assertEqual, allclose, assertRaisesRegex, checkCount, escape } from "./harness.js";
import * as warnings from "../../src/warnings.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
// Untyped on purpose: the ports call the PyTorch API as the Python tests do, including what pt2js lacks.
const torch: any = torchTyped;
const F: any = FTyped;
const Dim: any = DimTyped;
type Tensor = any;

const exportFn = torch.export.export;
const call = (m: unknown, ...a: unknown[]): any => (m as (...x: unknown[]) => unknown)(...a);
const items = (v: any) => (Array.isArray(v) ? v : v.items);

describe("test_export.py TestExport (11)", () => {
  port("test_default_decomposition_core_cia_ops", () => {
    const core_cia_ops: Array<[string, any, Record<string, unknown>]> = [
      ["torch.ops.aten.upsample_bilinear2d.vec", torch.ops.aten.upsample_bilinear2d.vec, { align_corners: false, scale_factors: [2, 2], output_size: null }],
      ["torch.ops.aten.upsample_nearest2d.vec", torch.ops.aten.upsample_nearest2d.vec, { scale_factors: [2, 2], output_size: null }],
    ];
    for (const [op_name, op, kwargs] of core_cia_ops) {
      class M extends nn.Module {
        override forward(x: Tensor) {
          return op(x, kwargs);
        }
      }
      let ep = exportFn(new M(), [torch.randn(2, 3, 4, 5)]);
      checkCount(ep.graph_module.code, op_name, 1);
      ep = ep.run_decompositions(torch.export.default_decompositions());
      checkCount(ep.graph_module.code, op_name, 1);
    }
  });
});

describe("test_export.py TestOneOffModelExportResult", () => {
  port("test_int_list_output", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return [tuple(tuple(1, 3), [x.add(x), x.mul(x)])];
      }
    }
    const ep = torch.export.export(new M(), [torch.ones(2, 3)]);
    const res = call(ep.module(), torch.ones(2, 3));
    assertEqual(items(items(res[0])[0]), [1, 3]);
  });

  port("test_primitive_constant_output", () => {
    class B extends nn.Module {
      override forward(x: Tensor, y: number) {
        return [x.mul(y), y];
      }
    }
    let ep = torch.export.export(new B(), [torch.tensor(3), 5]);
    let res = call(ep.module(), torch.tensor(4), 5);
    assertEqual(res[0], torch.tensor(20));
    assertEqual(res[1], 5);
    assertRaisesRegex(Error, escape("Guard failed: y == 5"), () => call(ep.module(), torch.tensor(4), 20));
    class Fm extends nn.Module {
      override forward(x: Tensor) {
        const y = 5;
        return [x.mul(y), y];
      }
    }
    ep = torch.export.export(new Fm(), [torch.tensor(3)]);
    res = call(ep.module(), torch.tensor(4));
    assertEqual(res[0], torch.tensor(20));
    assertEqual(res[1], 5);
    class Q extends nn.Module {
      override forward(x: Tensor, y: number) {
        return [x.mul(y), y - 1];
      }
    }
    ep = torch.export.export(new Q(), [torch.tensor(3), 5]);
    res = call(ep.module(), torch.tensor(4), 5);
    assertEqual(res[0], torch.tensor(20));
    assertEqual(res[1], 4);
  });

  port("test_none_input_output", () => {
    class Z extends nn.Module {
      override forward(x: Tensor, y: null) {
        return x.mul(x);
      }
    }
    let ep = torch.export.export(new Z(), [torch.tensor(3), null]);
    assertEqual(call(ep.module(), torch.tensor(4), null), torch.tensor(16));
    class B extends nn.Module {
      override forward(x: Tensor, y: null) {
        return [x.mul(x), y];
      }
    }
    ep = torch.export.export(new B(), [torch.tensor(3), null]);
    let res = call(ep.module(), torch.tensor(4), null);
    assertEqual(res[0], torch.tensor(16));
    expect(res[1]).toBe(null);
    const gm = ep.run_decompositions().module();
    res = call(gm, torch.tensor(4), null);
    assertEqual(res[0], torch.tensor(16));
    expect(res[1]).toBe(null);
  });

  port("test_print", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        console.log("start");
        const x1 = x.add(x);
        console.log(String(x1));
        const x2 = x1.mul(x1);
        console.log(1, 2, 3);
        const x3 = x2.add(x2);
        return tuple(x1, x3);
      }
    }
    const gm = exportFn(new M(), [torch.randn(3, 3)]).graph_module;
    expect(gm.code.trim()).toBe(`def forward(self, x):
    add = torch.ops.aten.add.Tensor(x, x);  x = None
    mul = torch.ops.aten.mul.Tensor(add, add)
    add_1 = torch.ops.aten.add.Tensor(mul, mul);  mul = None
    return (add, add_1)`);
  });

  port("test_print_graph_signature", () => {
    class M extends nn.Module {
      constructor() {
        super();
        this.register_buffer("buf", torch.ones(3));
      }
      override forward(x: Tensor) {
        x.add_(1);
        (this as any).buf.add_(2);
        return (this as any).buf.add(x);
      }
    }
    let ep = exportFn(new M(), [torch.ones(3)]);
    expect(String(ep.graph_signature).trim()).toBe(`# inputs
b_buf: BUFFER target='buf' persistent=True
x: USER_INPUT

# outputs
add: USER_OUTPUT`);
    ep = ep.run_decompositions({});
    expect(String(ep.graph_signature).trim()).toBe(`# inputs
b_buf: BUFFER target='buf' persistent=True
x: USER_INPUT

# outputs
add_1: BUFFER_MUTATION target='buf'
add: USER_INPUT_MUTATION target='x'
add_2: USER_OUTPUT`);
  });

  port("test_warning", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        warnings.warn("moo");
        const res = x.add(x);
        warnings.warn(`${String(res)}`);
        return res;
      }
    }
    const prev = warnings.setHandler(() => undefined);
    try {
      const gm = exportFn(new M(), [torch.randn(3, 3)]).graph_module;
      expect(gm.code.trim()).toBe(`def forward(self, x):
    add = torch.ops.aten.add.Tensor(x, x);  x = None
    return (add,)`);
    } finally {
      warnings.setHandler(prev);
    }
  });

  port("test_constant_name", () => {
    class Nested extends nn.Module {
      constant = torch.rand(2, 3);
      parameter = new nn.Parameter(torch.rand(2, 3));
      override forward(x: Tensor) {
        return x.add(this.constant);
      }
    }
    class Mod extends nn.Module {
      nested_1 = new Nested();
      nested_2 = new Nested();
      override forward(x: Tensor) {
        return call(this.nested_1, x)
          .add(call(this.nested_2, x))
          .add(this.nested_1.constant)
          .add(this.nested_2.constant)
          .add(this.nested_1.parameter)
          .add(this.nested_2.parameter);
      }
    }
    const m = new Mod();
    const ep = exportFn(m, [torch.rand(2, 3)], { strict: false });
    assertEqual(call(ep.module(), torch.ones(2, 3)), call(m, torch.ones(2, 3)));
    assertEqual(ep.constants.get("nested_1.constant"), m.nested_1.constant);
    assertEqual(ep.constants.get("nested_2.constant"), m.nested_2.constant);
    const placeholders = ep.graph_module.graph.nodes.filter((n: any) => n.op === "placeholder");
    expect(placeholders.length).toBe(5);
    expect(placeholders.every((ph: any) => ph.name === ph.target)).toBe(true);
    expect(placeholders[2].name).toBe("c_nested_1_constant");
    expect(placeholders[3].name).toBe("c_nested_2_constant");
  });

  port("test_duplicated_getitem", () => {
    class Foo extends nn.Module {
      override forward(x: Tensor) {
        return torch.topk(x, 2);
      }
    }
    const ep = torch.export.export(new Foo(), [torch.randn(3)], { strict: false });
    const graph_module = ep.graph_module;
    let call_function_node: any = null;
    let num_getitems = 0;
    for (const node of graph_module.graph.nodes) {
      if (node.op === "call_function" && node.target === torch.ops.aten.topk.default) call_function_node = node;
      else if (node.op === "call_function" && node.target.qualifiedName === operator.getitem.qualifiedName) {
        expect(node.args[0]).toBe(call_function_node);
        num_getitems++;
      }
    }
    expect(call_function_node).not.toBe(null);
    expect(num_getitems).toBe(2);
    const output_node = graph_module.graph.nodes[graph_module.graph.nodes.length - 1];
    const nodes: any[] = [];
    graph_module.graph.with_inserting_before(output_node, () => {
      for (const i of [1, 0, 0, 1]) nodes.push(graph_module.graph.call_function(operator.getitem, [call_function_node, i]));
    });
    const signature = new ExportGraphSignature(ep.graph_signature.input_specs, [
      ...ep.graph_signature.output_specs,
      ...nodes.map((node) => ({ kind: "USER_OUTPUT", arg: { name: node.name }, target: null })),
    ] as any);
    output_node.args = [tuple(...items(output_node.args[0]), ...nodes)];
    graph_module.recompile();
    const new_ep = ep._update(graph_module, signature);
    let new_num_getitems = 0;
    for (const node of new_ep.graph.nodes) {
      if (node.op === "call_function" && node.target === torch.ops.aten.topk.default) call_function_node = node;
      else if (node.op === "call_function" && node.target.qualifiedName === operator.getitem.qualifiedName) {
        expect(node.args[0]).toBe(call_function_node);
        new_num_getitems++;
      }
    }
    expect(new_num_getitems).toBe(num_getitems);
    const last = new_ep.graph.nodes[new_ep.graph.nodes.length - 1];
    expect(items(last.args[0]).length).toBe(signature.output_specs.length);
  });

  port("test_input_output_no_stacktrace", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return x.add(x);
      }
    }
    const ep = torch.export.export(new M(), [torch.ones(3, 3)]);
    ep.run_decompositions(new Map([[torch.ops.aten.new_full.default, torch.export.default_decompositions().get(torch.ops.aten.new_full.default)]].filter(([, v]) => v !== undefined) as [unknown, unknown][]));
  });

  port("test_export_with_dict_input_nested_in_args", () => {
    class MyModel extends nn.Module {
      linear = new nn.Linear(10, 1);
      override forward(data_batch: Record<string, Tensor>) {
        return call(this.linear, data_batch.a1).add(call(this.linear, data_batch.a2));
      }
    }
    const model = new MyModel();
    const [a1, a2] = [torch.randn(10), torch.randn(10)];
    const exported = exportFn(model, [{ a1, a2 }]);
    assertEqual(call(exported.module(), { a2, a1 }), call(model, { a1, a2 }));
  });
});

describe("test_export.py TestExportCustomClass", () => {
  port("test_int_lift_constant", () => {
    class M extends nn.Module {
      override forward(a: number, x: Tensor) {
        return torch.tensor(1).add(a).add(x);
      }
    }
    const ep = exportFn(new M(), [1, torch.ones(3)], { dynamic_shapes: [Dim.DYNAMIC, { 0: Dim.DYNAMIC }] });
    const inp = [3, torch.randn(4)];
    expect(allclose(call(new M(), ...inp), call(ep.module(), ...inp))).toBe(true);
  });

  port("test_preserve_non_cia_op", () => {
    class M extends nn.Module {
      override forward(x: Tensor) {
        return F.elu(x);
      }
    }
    let ep = exportFn(new M(), [torch.randn(2, 3, 4, 5)]);
    checkCount(ep.graph_module.code, "torch.ops.aten.elu.default", 1);
    ep = ep.run_decompositions(torch.export.default_decompositions());
    checkCount(ep.graph_module.code, "torch.ops.aten.elu.default", 1);
  });

  port("test_preserve_cia_op", () => {
    class StaticResizeTrilinear2dModule extends nn.Module {
      override forward(x: Tensor) {
        return F.interpolate(x, {
          size: [x.shape[2] * 2, x.shape[3] * 3, x.shape[4] * 4],
          mode: "trilinear",
          align_corners: false,
          antialias: false,
        });
      }
    }
    let ep = exportFn(new StaticResizeTrilinear2dModule(), [torch.randn(2, 3, 4, 5, 6)]);
    checkCount(ep.graph_module.code, "torch.ops.aten.upsample_trilinear3d.vec", 1);
    const table = torch.export.default_decompositions();
    table.delete(torch.ops.aten.upsample_trilinear3d.vec);
    ep = ep.run_decompositions(table);
    checkCount(ep.graph_module.code, "torch.ops.aten.upsample_trilinear3d.vec", 1);
  });

  port("test_unbacked_select_index", () => {
    class MyModel extends nn.Module {
      override forward(x: Tensor, y: Tensor) {
        return x.select(0, y.item());
      }
    }
    const traced = exportFn(new MyModel(), [torch.randn([3, 3], { dtype: torch.bfloat16 }), torch.tensor([0])]).run_decompositions({});
    // assertExpectedInline(..., ignore_empty_lines=True)
    const noEmpty = (s: string) => s.split("\n").filter((l) => l.trim() !== "").join("\n");
    expect(noEmpty(traced.graph_module.code)).toBe(
      noEmpty(`def forward(self, x, y):
    item = torch.ops.aten.item.default(y);  y = None
    select = torch.ops.aten.select.int(x, 0, item);  x = item = None
    return (select,)`),
    );
  });

  port("test_item", () => {
    class M extends nn.Module {
      a = 5;
      b = 5.0;
      override forward(y: Tensor) {
        const a = torch.tensor(this.a).item();
        const b = torch.tensor(this.b).item();
        return y.mul(a * b);
      }
    }
    const ep = exportFn(new M(), [torch.ones(3)]);
    checkCount(String(ep.graph), "torch.ops.aten.mul.Tensor", 1);
  });
});

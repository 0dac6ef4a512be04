// Printing details not covered by the corpus: Python value reprs, annotations, releases,
// stack-trace blocks, call_method/call_module/get_attr lines and the empty graph.
import { describe, expect, it } from "vitest";
import {
  Device,
  DType,
  Graph,
  GraphModule,
  Layout,
  MemoryFormat,
  Slice,
  float,
  makeTarget,
  operator,
  pyFloatRepr,
  pyNumberRepr,
  pyStr,
  pythonCode,
  stackTraceSummary,
  torchValues,
  tuple,
  type Argument,
} from "../../src/fx/index.js";

class Sym {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}

describe("Python reprs", () => {
  it("floats print like Python's repr", () => {
    const cases: Array<[number, string]> = [
      [1e-5, "1e-05"],
      [0.1, "0.1"],
      [1, "1.0"],
      [0, "0.0"],
      [-0, "-0.0"],
      [1.5, "1.5"],
      [0.0001, "0.0001"],
      [123456.789, "123456.789"],
      [1e16, "1e+16"],
      [1234567890123456.0, "1234567890123456.0"],
      [2.5e-7, "2.5e-07"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [Infinity, "inf"],
      [-Infinity, "-inf"],
      [NaN, "nan"],
      [-3.25, "-3.25"],
      [1 / 3, "0.3333333333333333"],
    ];
    for (const [x, s] of cases) expect(pyFloatRepr(x)).toBe(s);
  });

  it("JS numbers print as Python ints when integral", () => {
    expect(pyNumberRepr(3)).toBe("3");
    expect(pyNumberRepr(-0)).toBe("0");
    expect(pyNumberRepr(1e21)).toBe("1000000000000000000000");
    expect(pyNumberRepr(0.5)).toBe("0.5");
    expect(pyNumberRepr(-1e-7)).toBe("-1e-07");
  });

  it("strings pick quotes like Python", () => {
    expect(pyStr("abc")).toBe("'abc'");
    expect(pyStr("it's")).toBe('"it\'s"');
    expect(pyStr(`a'b"c`)).toBe(`'a\\'b"c'`);
    expect(pyStr("x\ny\\")).toBe("'x\\ny\\\\'");
  });

  it("torch values", () => {
    expect(String(DType.of("float32"))).toBe("torch.float32");
    expect(String(DType.of("long"))).toBe("torch.int64");
    expect(DType.of("bfloat16").abbr).toBe("bf16");
    expect(String(new Device("cpu"))).toBe("device(type='cpu')");
    expect(String(Device.parse("cuda:1"))).toBe("device(type='cuda', index=1)");
    expect(String(torchValues.strided)).toBe("torch.strided");
    expect(String(new MemoryFormat("channels_last"))).toBe("torch.channels_last");
    expect(() => DType.of("float33")).toThrow(/unknown dtype/);
    expect(() => Device.parse("cpu:x")).toThrow(/invalid device/);
  });
});

describe("stack trace summary", () => {
  it("takes the innermost frame", () => {
    const trace = 'File "a.ts", line 3, in outer\n    outer()\n  File "b.ts", line 7, in forward\n    return x + 1';
    expect(stackTraceSummary(trace)).toBe("File: b.ts:7 in forward, code: return x + 1");
    expect(stackTraceSummary("garbage")).toBeNull();
    expect(stackTraceSummary(null)).toBeNull();
  });
});

describe("generated code", () => {
  it("formats every argument kind, annotations and releases", () => {
    const g = new Graph();
    const x = g.placeholder("x");
    x.meta.val = { dtype: "float32", shape: [new Sym("s77"), 4] };
    const n = g.placeholder("n");
    n.meta.val = new Sym("s0");
    const f = makeTarget("torch.ops.aten.foo.default", "foo");
    const y = g.call_function(
      f,
      [x, 1, float(2), 1e-5, true, null, "s", [1, 2], tuple(3), tuple(4, 5), new Slice(null, 3), 2n ** 63n - 1n, n],
      { dtype: torchValues.int64, device: new Device("cpu"), layout: new Layout("strided"), mf: torchValues.contiguous_format },
    );
    y.meta.val = { dtype: "bool", shape: [] };
    const s = g.call_function(operator.mul, [n, 2]);
    s.meta.val = new Sym("2*s0");
    const neg = g.call_function(operator.neg, [s]);
    g.output(tuple(y, neg));
    // gm.code is plain (no annotations, no comments); the verbose form is what print_readable shows.
    expect(new GraphModule(g).code).toContain("    mul = n * 2;  n = None\n");
    const code = pythonCode(g).src;
    expect(code).toBe(
      "\n\n\n" +
        'def forward(self, x: "f32[s77, 4]", n: "Sym(s0)"):\n' +
        "    # No stacktrace found for following nodes\n" +
        '    foo: "b8[]" = torch.ops.aten.foo.default(x, 1, 2.0, 1e-05, True, None, \'s\', [1, 2], (3,), (4, 5), slice(None, 3, None), 9223372036854775807, n, ' +
        "dtype = torch.int64, device = device(type='cpu'), layout = torch.strided, mf = torch.contiguous_format);  x = None\n" +
        '    mul: "Sym(2*s0)" = n * 2;  n = None\n' +
        "    neg = -mul;  mul = None\n" +
        "    return (foo, neg)\n" +
        "    ",
    );
  });

  it("releases unused impure results right away and groups lines by source", () => {
    const g = new Graph();
    const x = g.placeholder("x");
    const assertT = makeTarget("torch.ops.aten._assert_scalar.default", "_assert_scalar.default", true);
    const a = g.call_function(assertT, [x, "fail"]);
    a.meta.stack_trace = 'File "m.ts", line 1, in forward\n    check(x)';
    const r = g.call_function(makeTarget("torch.ops.aten.relu.default", "relu"), [x]);
    r.meta.stack_trace = 'File "m.ts", line 2, in forward\n    relu(x)';
    const r2 = g.call_function(makeTarget("torch.ops.aten.relu.default", "relu"), [r]);
    r2.meta.stack_trace = r.meta.stack_trace;
    g.output(tuple(r2));
    const gm = new GraphModule(g);
    expect(gm.print_readable()).toBe(
      [
        "class GraphModule(torch.nn.Module):",
        "    def forward(self, x):",
        "        # File: m.ts:1 in forward, code: check(x)",
        "        _assert_scalar_default = torch.ops.aten._assert_scalar.default(x, 'fail');  _assert_scalar_default = None",
        "",
        "        # File: m.ts:2 in forward, code: relu(x)",
        "        relu = torch.ops.aten.relu.default(x);  x = None",
        "        relu_1 = torch.ops.aten.relu.default(relu);  relu = None",
        "        return (relu_1,)",
        "",
      ].join("\n"),
    );
  });

  it("prints get_attr, call_module, call_method, getattr and nested subgraph classes", () => {
    const sub = new Graph();
    const sx = sub.placeholder("x");
    sub.output(tuple(sx));
    const g = new Graph();
    const x = g.placeholder("x");
    const w = g.get_attr("layer.weight");
    const odd = g.get_attr("layers.0");
    const m = g.call_module("layer", [x], { scale: float(0.5) });
    const v = g.call_method("view", [m, -1]);
    const shape = g.call_function(makeTarget("getattr", "getattr"), [v, "shape"]);
    const mx = g.call_function(makeTarget("max", "max"), [shape, 1]);
    const body = g.get_attr("body_graph_0");
    g.output(tuple(w, odd, mx, body));
    const gm = new GraphModule(g);
    gm.add_submodule("body_graph_0", new GraphModule(sub, "body_graph_0"));
    expect(gm.exported_program_block()).toBe(
      [
        "    class GraphModule(torch.nn.Module):",
        "        def forward(self, x):",
        "            # No stacktrace found for following nodes",
        "            layer_weight = self.layer.weight",
        '            layers_0 = getattr(self.layers, "0")',
        "            layer = self.layer(x, scale = 0.5);  x = None",
        "            view = layer.view(-1);  layer = None",
        "            getattr_1 = view.shape;  view = None",
        "            max_1 = max(getattr_1, 1);  getattr_1 = None",
        "            body_graph_0 = self.body_graph_0",
        "            return (layer_weight, layers_0, max_1, body_graph_0)",
        "    ",
        "        class body_graph_0(torch.nn.Module):",
        "            def forward(self, x):",
        "                return (x,)",
        "    ",
      ].join("\n"),
    );
  });

  it("print(graph) uses FX's format_node", () => {
    const g = new Graph();
    const x = g.placeholder("x");
    const a = g.call_function(makeTarget("torch.ops.aten.add.Tensor", "add"), [x, float(1)], { alpha: 2 });
    const z = g.call_function(makeTarget("torch.ops.aten.zeros.default", "zeros"), [[a, 5]], {
      device: new Device("cpu"),
      dtype: torchValues.float32,
    });
    const gi = g.call_function(operator.getitem, [z, 0]);
    g.output(tuple<Argument>(gi, "s"));
    expect(String(g)).toBe(
      [
        "graph():",
        "    %x : [num_users=1] = placeholder[target=x]",
        "    %add : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%x, 1.0), kwargs = {alpha: 2})",
        "    %zeros : [num_users=1] = call_function[target=torch.ops.aten.zeros.default](args = ([%add, 5],), kwargs = {device: cpu, dtype: torch.float32})",
        "    %getitem : [num_users=1] = call_function[target=operator.getitem](args = (%zeros, 0), kwargs = {})",
        "    return (getitem, 's')",
      ].join("\n"),
    );
  });

  it("a global that collides with a node name gets a suffix, as in FX", () => {
    const g = new Graph();
    const x = g.placeholder("x");
    const a = g.call_function(makeTarget("torch.ops.aten.relu.default", "relu"), [x], {}, "my_fn");
    const b = g.call_function(makeTarget("my.fn", "fn"), [a]);
    g.output(b);
    expect(new GraphModule(g).code).toContain("    my_fn = torch.ops.aten.relu.default(x);  x = None\n    fn = my_fn_1(my_fn);  my_fn = None\n");
  });

  it("an empty graph prints pass", () => {
    expect(new GraphModule(new Graph()).code).toBe("\n\n\ndef forward(self):\n    pass\n    ");
  });

  it("refuses an argument value FX cannot hold", () => {
    const g = new Graph();
    const x = g.placeholder("x");
    expect(() => g.output({ some: "object" } as never)).toThrow("Node 'output': args[0] is object (Object), which is not a valid FX argument");
    expect(() => g.call_function(makeTarget("f", "f"), [[x, undefined as never]])).toThrow("args[0][1] is undefined");
    expect(() => g.call_function(makeTarget("f", "f"), [], { k: (() => 1) as never })).toThrow("kwargs['k'] is function");
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => g.call_function(makeTarget("f", "f"), [cyclic as never])).toThrow(/nested more than 256 deep/);
    expect(g.length).toBe(1);
  });
});

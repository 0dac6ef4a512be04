// A small PT2 archive built from typed values (Linear(4, 3) → relu, dynamic batch), as in
// pt2-format.md §7, for the writer, security and fuzz tests.
import type { Pt2WriteInput, TensorMeta, ExportedProgram, Argument } from "../../src/serde/index.js";
import { treespec_dumps, tree_structure, tuple } from "../../src/pytree/index.js";

const cpu = { type: "cpu", index: null };
const i = (n: number) => ({ as_int: n });
const s0 = { as_expr: { expr_str: "Symbol('s77', positive=True, integer=True)", hint: { as_int: 5 } } };
const meta = (sizes: TensorMeta["sizes"], strides: number[], requires_grad: boolean): TensorMeta => ({
  dtype: 7, sizes, requires_grad, device: cpu, strides: strides.map(i), storage_offset: i(0), layout: 7,
});
const t = (name: string): Argument => ({ as_tensor: { name } });
class Leaf {}

export function linearReluInput(): Pt2WriteInput {
  const program: ExportedProgram = {
    graph_module: {
      graph: {
        inputs: [t("p_lin_weight"), t("p_lin_bias"), t("x")],
        outputs: [t("relu")],
        nodes: [
          {
            target: "torch.ops.aten.linear.default",
            inputs: [
              { name: "input", arg: t("x"), kind: 1 },
              { name: "weight", arg: t("p_lin_weight"), kind: 1 },
              { name: "bias", arg: t("p_lin_bias"), kind: 1 },
            ],
            outputs: [t("linear")],
            metadata: new Map([["nn_module_stack", "L__self__,,__main__.M1"]]),
            is_hop_single_tensor_return: null,
            name: "linear",
          },
          {
            target: "torch.ops.aten.relu.default",
            inputs: [{ name: "self", arg: t("linear"), kind: 1 }],
            outputs: [t("relu")],
            metadata: new Map(),
            is_hop_single_tensor_return: null,
            name: "relu",
          },
        ],
        tensor_values: new Map([
          ["p_lin_weight", meta([i(3), i(4)], [4, 1], true)],
          ["p_lin_bias", meta([i(3)], [1], true)],
          ["x", meta([s0, i(4)], [4, 1], false)],
          ["linear", meta([s0, i(3)], [3, 1], false)],
          ["relu", meta([s0, i(3)], [3, 1], false)],
        ]),
        sym_int_values: new Map(),
        sym_bool_values: new Map(),
        is_single_tensor_return: false,
        custom_obj_values: new Map(),
        sym_float_values: new Map(),
      },
      signature: {
        input_specs: [
          { parameter: { arg: { name: "p_lin_weight" }, parameter_name: "lin.weight" } },
          { parameter: { arg: { name: "p_lin_bias" }, parameter_name: "lin.bias" } },
          { user_input: { arg: t("x") } },
        ],
        output_specs: [{ user_output: { arg: t("relu") } }],
      },
      module_call_graph: [
        {
          fqn: "",
          signature: {
            inputs: [],
            outputs: [],
            in_spec: treespec_dumps(tree_structure(tuple(tuple(new Leaf()), {}))),
            out_spec: treespec_dumps(tree_structure(new Leaf())),
            forward_arg_names: ["x"],
          },
        },
        { fqn: "lin", signature: null },
      ],
      metadata: new Map(),
      treespec_namedtuple_fields: new Map(),
    },
    opset_version: new Map([["aten", 10]]),
    range_constraints: new Map([["s77", { min_val: 2, max_val: null }]]),
    schema_version: { major: 8, minor: 17 },
    verifiers: ["ATEN"],
    torch_version: "2.11.0",
    guards_code: [],
  };
  const weight = new Float32Array(12).map((_, k) => k / 10);
  const bias = new Float32Array([0.5, -0.5, 0.25]);
  return {
    models: new Map([
      [
        "model",
        {
          program,
          weightsConfig: {
            config: new Map([
              ["lin.weight", { path_name: "weight_0", is_param: true, use_pickle: false, tensor_meta: meta([i(3), i(4)], [4, 1], true) }],
              ["lin.bias", { path_name: "weight_1", is_param: true, use_pickle: false, tensor_meta: meta([i(3)], [1], true) }],
            ]),
          },
          weightFiles: new Map([
            ["weight_0", new Uint8Array(weight.buffer)],
            ["weight_1", new Uint8Array(bias.buffer)],
          ]),
          constantsConfig: { config: new Map() },
          constantFiles: new Map(),
        },
      ],
    ]),
  };
}

// Archives whose model.json is well-formed JSON of the schema but not a program pt2js can build:
// each fails with a typed error naming the problem, never a crash deep in the graph code.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { SchemaVersionError, UnknownEnumValueError, writePt2, type Pt2WriteInput } from "../../src/serde/index.js";
import { load, save } from "../../src/program/save_load.js";
import { makeTarget } from "../../src/fx/index.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { exportCase } from "./exports.js";
import { SerializeError } from "../../src/program/serialize_errors.js";
import { ExprParseError } from "../../src/core/errors.js";
import { linearReluInput } from "../serde/helpers.js";

function withProgram(edit: (input: Pt2WriteInput) => void): Uint8Array {
  const input = linearReluInput();
  edit(input);
  return writePt2(input);
}
const program = (input: Pt2WriteInput) => input.models.get("model")!.program;
const node = (input: Pt2WriteInput, i: number) => program(input).graph_module.graph.nodes[i]!;

describe("load refuses programs it cannot build", () => {
  it("loads the unedited archive", () => {
    const ep = load(withProgram(() => {}));
    expect(ep.graph.nodes.map((n) => n.name)).toEqual(["p_lin_weight", "p_lin_bias", "x", "linear", "relu", "output"]);
    expect(ep.range_constraints).toEqual([{ key: "s77", lower: 2, upper: Infinity }]);
  });

  it("an argument naming no earlier node", () => {
    const bytes = withProgram((inp) => {
      node(inp, 1).inputs[0]!.arg = { as_tensor: { name: "nope" } };
    });
    expect(() => load(bytes)).toThrow(SerializeError);
    expect(() => load(bytes)).toThrow(/Failed deserializing node relu: argument "nope" names no earlier node/);
  });

  it("an output with no recorded value", () => {
    const bytes = withProgram((inp) => {
      program(inp).graph_module.graph.tensor_values.delete("linear");
    });
    expect(() => load(bytes)).toThrow(/no value \(tensor_values \/ sym_\*_values\) recorded for linear/);
  });

  it("a node name used twice", () => {
    const bytes = withProgram((inp) => {
      node(inp, 1).outputs = [{ as_tensor: { name: "linear" } }];
    });
    expect(() => load(bytes)).toThrow(SerializeError);
  });

  it("a target that is no operator", () => {
    const bytes = withProgram((inp) => {
      node(inp, 1).target = "os.system";
    });
    expect(() => load(bytes)).toThrow(/failed to resolve os\.system to an operator/);
  });

  it("a malformed nn_module_stack", () => {
    const bytes = withProgram((inp) => {
      node(inp, 0).metadata.set("nn_module_stack", "only,two");
    });
    expect(() => load(bytes)).toThrow(/nn_module_stack entry "only,two" is not "key,path,type"/);
  });

  it("an unknown dtype code", () => {
    const bytes = withProgram((inp) => {
      program(inp).graph_module.graph.tensor_values.get("relu")!.dtype = 0 as never;
    });
    expect(() => load(bytes)).toThrow(UnknownEnumValueError);
  });

  it("a schema major version other than 8", () => {
    const bytes = withProgram((inp) => {
      program(inp).schema_version = { major: 9, minor: 0 };
    });
    expect(() => load(bytes)).toThrow(SchemaVersionError);
  });

  it("an unparsable symbolic size", () => {
    const bytes = withProgram((inp) => {
      program(inp).graph_module.graph.tensor_values.get("x")!.sizes[0] = { as_expr: { expr_str: "Symbol('s77'", hint: null } };
    });
    expect(() => load(bytes)).toThrow(ExprParseError);
  });
});

describe("save refuses programs schema 8.17 cannot hold", () => {
  it("an op pt2js has no schema for (and no names from a loaded archive)", () => {
    const ep = exportCase("zoo/mlp_static");
    const relu = ep.graph.nodes.find((n) => n.name === "relu")!;
    relu.target = makeTarget("torch.ops.mylib.bar.default", "bar");
    expect(() => save(ep)).toThrow(SerializeError);
    expect(() => save(ep)).toThrow(/Failed serializing node relu: Serializing torch\.ops\.mylib\.bar\.default is not supported/);
  });

  it("a state tensor without data", () => {
    const ep = exportCase("zoo/mlp_static");
    ep.state_dict.set("fc1.weight", Tensor.fake([32, 16]));
    expect(() => save(ep)).toThrow(/fc1\.weight is a fake tensor \(no data\) and cannot be saved/);
  });
});

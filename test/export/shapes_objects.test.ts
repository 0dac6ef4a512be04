// An AdditionalInputs or ShapesCollection object passed as `dynamic_shapes` stands for the spec it
// makes (torch/export/_trace.py _process_export_inputs); AdditionalInputs then checks each of its
// examples against the program (verify_additional_inputs: the pre-hook's texts).
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { Dim } from "../../src/export/dim.js";
import { AdditionalInputs, ShapesCollection } from "../../src/export/shapes_collection.js";
import { InputConstraintError } from "../../src/program/guards_errors.js";
import { randn } from "../../src/tensor/factories.js";
import { AddTwo } from "../models/index.js";
import { nn, torch } from "../../src/torch.js";
import type { Tensor } from "../../src/tensor/index.js";
import type { SymInt } from "../../src/symbolic/symint.js";

describe("dynamic_shapes given as an object", () => {
  it("AdditionalInputs: the same program as its dynamic_shapes(...) spec", () => {
    const x = randn(4, 3);
    const y = randn(4, 3);
    const a = new AdditionalInputs().add([randn(7, 3), randn(7, 3)]);
    const direct = exportModule(new AddTwo() as never, [x, y], { dynamic_shapes: a });
    const spelled = exportModule(new AddTwo() as never, [x, y], { dynamic_shapes: a.dynamic_shapes(new AddTwo() as never, [x, y]) });
    expect(direct.toString()).toBe(spelled.toString());
    expect(direct.toString()).toMatch(/x: "f32\[s\d+, 3\]"/);
  });

  it("AdditionalInputs: an example the program cannot take is reported after export", () => {
    class AtMost8 extends nn.Module {
      override forward(x: Tensor): Tensor {
        torch._check((x.shape[0] as SymInt).le(8));
        return x.add(1);
      }
    }
    const a = new AdditionalInputs().add([randn(6, 3)]).add([randn(40, 3)]);
    const run = () => exportModule(new AtMost8() as never, [randn(4, 3)], { dynamic_shapes: a });
    expect(run).toThrow(InputConstraintError);
    expect(run).toThrow("Expected input at *args[0].shape[0] to be <= 8, but got 40");
  });

  it("ShapesCollection: the same program as its dynamic_shapes(...) spec", () => {
    const x = randn(4, 3);
    const y = randn(4, 3);
    const d = Dim("d");
    const col = new ShapesCollection();
    col.set(x, { 0: d });
    col.set(y, { 0: d });
    const direct = exportModule(new AddTwo() as never, [x, y], { dynamic_shapes: col });
    expect(direct.toString()).toBe(exportModule(new AddTwo() as never, [x, y], { dynamic_shapes: col.dynamic_shapes(new AddTwo() as never, [x, y]) }).toString());
    expect(direct.toString()).toMatch(/Range constraints: \{s\d+: VR\[0, int_oo\]\}/);
  });
});

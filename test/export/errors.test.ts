// Bad input to torch.export.export: typed errors that name the problem, and no state left behind.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { UserError } from "../../src/export/errors.js";
import { allOps, dispatch, getDispatchMode, NotImplementedOpError } from "../../src/ops/index.js";
import { getModuleCallHook, Module } from "../../src/nn/index.js";
import { randn } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/tensor.js";
import { MLP } from "../models/index.js";

describe("export errors", () => {
  it("names an unsupported op and the user's line", () => {
    const missing = allOps().find(
      (op) => op.impl === undefined && op.schema.args[0]?.type.base === "Tensor" &&
        op.schema.args.filter((a) => !a.hasDefault && !a.type.optional).length === 1,
    )!;
    class Uses extends Module {
      override forward(x: Tensor) {
        return dispatch(missing, [x]);
      }
    }
    let error: unknown;
    try {
      exportModule(new Uses() as never, [randn(2, 3)]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NotImplementedOpError);
    expect((error as Error).message).toContain(missing.qualifiedName);
    expect((error as Error).message).toMatch(/called at File ".*errors\.test\.ts", line \d+, in forward/);
  });

  it("propagates the user's own exception and leaves the module as it was", () => {
    const boom = new Error("boom");
    class Throws extends MLP {
      override forward(x: Tensor): Tensor {
        this.fc1(x);
        throw boom;
      }
    }
    const m = new Throws();
    const weight = m.fc1.weight;
    expect(() => exportModule(m as never, [randn(8, 16)])).toThrow(boom);
    expect(m.fc1.weight).toBe(weight);
    expect(m.fc1.weight.is_fake).toBe(false);
    expect(getDispatchMode()).toBeNull();
    expect(getModuleCallHook()).toBeNull();
    // and the module still exports afterwards
    expect(exportModule(new MLP() as never, [randn(8, 16)]).graph.nodes.length).toBeGreaterThan(0);
  });

  it("refuses strict mode with a clear error", () => {
    expect(() => exportModule(new MLP() as never, [randn(8, 16)], { strict: true })).toThrow(UserError);
    expect(() => exportModule(new MLP() as never, [randn(8, 16)], { strict: true })).toThrow(/not available in JavaScript/);
  });

  it("refuses a non-module", () => {
    expect(() => exportModule({} as never, [randn(2)])).toThrow(/Expected `mod` to be an instance of `torch.nn.Module`/);
  });

  it("refuses too many positional arguments and unknown keyword arguments", () => {
    expect(() => exportModule(new MLP() as never, [randn(8, 16), randn(8, 16)])).toThrow(
      /forward\(\) takes 1 positional arguments but 2 were given/,
    );
    expect(() => exportModule(new MLP() as never, [randn(8, 16)], { kwargs: { y: 1 } })).toThrow(
      /unexpected keyword argument 'y'/,
    );
  });

  it("reports a dynamic_shapes spec that does not fit the inputs", () => {
    expect(() => exportModule(new MLP() as never, [randn(8, 16)], { dynamic_shapes: { x: [null] } })).toThrow(
      /to have the same length as the actual tensor shape torch.Size\(\[8, 16\]\) \(expected 2, but got 1 instead\)/,
    );
  });
});

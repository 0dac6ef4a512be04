// forward assigning module attributes: a tensor in a plain attribute is warned about (PyTorch's
// text) and put back; a new tensor in a buffer becomes an in-place copy_ into the buffer.
import { afterEach, describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { exportModule } from "../../src/export/export.js";
import { UserError } from "../../src/export/errors.js";
import { nn } from "../../src/torch.js";
import { ones, randn, zeros } from "../../src/tensor/factories.js";
import type { Tensor } from "../../src/tensor/index.js";
import { setHandler, type Warning } from "../../src/warnings.js";

let warnings: Warning[] = [];
setHandler((w) => warnings.push(w));
afterEach(() => {
  warnings = [];
});

class TensorAttribute extends nn.Module {
  foo = ones(3);
  bar = ones(3);
  count = 0;
  override forward(x: Tensor): Tensor {
    this.foo = this.foo.add(1);
    this.count = 7;
    return x.mul(2);
  }
}

class BufferAssignment extends nn.Module {
  declare buf: Tensor;
  constructor() {
    super();
    this.register_buffer("buf", zeros(3));
  }
  override forward(x: Tensor): Tensor {
    this.buf = this.buf.add(x);
    return x.mul(2);
  }
}

describe("attribute assignment during export", () => {
  it("warns with PyTorch's text about a tensor attribute and restores every attribute", () => {
    const m = new TensorAttribute();
    const foo = m.foo;
    exportModule(m as never, [randn(3)]);
    expect(warnings).toEqual([
      {
        category: "UserWarning",
        message:
          "The tensor attribute self.foo was assigned during export. Such attributes must be registered as buffers using the `register_buffer` API (https://pytorch.org/docs/stable/generated/torch.nn.Module.html#torch.nn.Module.register_buffer).",
      },
    ]);
    expect(m.foo).toBe(foo);
    expect(m.count).toBe(0);
  });

  it("names every assigned tensor attribute, including a new one in a submodule", () => {
    class Inner extends nn.Module {
      override forward(x: Tensor): Tensor {
        (this as unknown as { cache: Tensor }).cache = x.mul(3);
        return x;
      }
    }
    class Outer extends nn.Module {
      inner = new Inner();
      t = ones(2);
      override forward(x: Tensor): Tensor {
        this.t = x;
        return this.inner(x);
      }
    }
    exportModule(new Outer() as never, [randn(2)]);
    expect(warnings.map((w) => w.message.split(" assigned")[0])).toEqual(["The tensor attributes self.t, self.inner.cache were"]);
  });

  it("records a buffer assignment as copy_ into the buffer, which ep.module() carries out", () => {
    const m = new BufferAssignment();
    const ep = exportModule(m as never, [ones(3)]);
    const text = ep.toString();
    expect(text).toContain("add: \"f32[3]\" = torch.ops.aten.add.Tensor(b_buf, x)");
    expect(text).toContain("torch.ops.aten.copy_.default(b_buf, add)");
    expect(warnings).toEqual([]);
    expect(Array.from(m.buf.tolist() as number[])).toEqual([0, 0, 0]);
    const run = ep.module() as unknown as ((x: Tensor) => Tensor) & { buf: Tensor };
    run(ones(3));
    run(ones(3));
    expect(Array.from(run.buf.tolist() as number[])).toEqual([2, 2, 2]);
  });

  it("refuses a buffer assignment that changes its shape", () => {
    class Grow extends BufferAssignment {
      override forward(x: Tensor): Tensor {
        this.buf = x;
        return x;
      }
    }
    expect(() => exportModule(new Grow() as never, [ones(4)])).toThrow(UserError);
    expect(() => exportModule(new Grow() as never, [ones(4)])).toThrow(/forward assigned buffer 'buf' a tensor of dtype float32 and shape \[4\], but it was float32 \[3\]/);
  });
});

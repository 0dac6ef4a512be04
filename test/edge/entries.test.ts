// What the package entries add (src/entry): PyTorch's repr under util.inspect, class names that
// survive a minifier, init() without a source, and the note for forward parameters a bundler renamed.
import { readFile } from "node:fs/promises";
import { inspect } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { torch, nn, UserError, ExportedProgram, Dim } from "../../src/index.js";
import { restoreClassNames, installInspect } from "../../src/entry/common.js";
import { tensorRepr } from "../../src/entry/tensor_repr.js";
import { GuardFailedError } from "../../src/program/guards_errors.js";
import { TorchRuntimeError } from "../../src/ops/errors.js";
import { renamedParametersNote } from "../../src/export/arg_names.js";

describe("tensor repr (PyTorch 2.11's text, default print options)", () => {
  const cases: [string, () => unknown, string][] = [
    ["integral floats", () => torch.tensor([[1, 2], [3, 4]], { dtype: torch.float32 }), "tensor([[1., 2.],\n        [3., 4.]])"],
    ["fixed point, right-aligned", () => torch.tensor([0.1234567, 10], { dtype: torch.float32 }), "tensor([ 0.1235, 10.0000])"],
    ["scientific", () => torch.tensor([1e-5, 1], { dtype: torch.float32 }), "tensor([1.0000e-05, 1.0000e+00])"],
    ["int64 scalar", () => torch.tensor(3), "tensor(3)"],
    ["int64 vector", () => torch.arange(5), "tensor([0, 1, 2, 3, 4])"],
    ["bool", () => torch.tensor([true, false]), "tensor([ True, False])"],
    ["float64 with dtype", () => torch.zeros(2, 3, { dtype: torch.float64 }), "tensor([[0., 0., 0.],\n        [0., 0., 0.]], dtype=torch.float64)"],
    ["3-d blocks", () => torch.zeros(2, 1, 2), "tensor([[[0., 0.]],\n\n        [[0., 0.]]])"],
    ["empty", () => torch.zeros(0), "tensor([])"],
    ["summarized", () => torch.arange(2000), "tensor([   0,    1,    2,  ..., 1997, 1998, 1999])"],
  ];
  for (const [name, make, text] of cases) {
    it(name, () => expect(tensorRepr(make() as never)).toBe(text));
  }

  it("util.inspect / console.log use it, and modules and programs print their PyTorch text", () => {
    installInspect();
    expect(inspect(torch.tensor(3))).toBe("tensor(3)");
    const m = new nn.Linear(2, 3);
    expect(inspect(m)).toBe("Linear(in_features=2, out_features=3, bias=True)");
    const ep = torch.export.export(m, [torch.randn(4, 2)]);
    expect(ep).toBeInstanceOf(ExportedProgram);
    expect(inspect(ep)).toBe(ep.toString());
    expect(inspect(ep.graph_module)).toMatch(/^class GraphModule\(torch\.nn\.Module\):\n    def forward\(self, p_weight: "f32\[3, 2\]"/);
  });
});

describe("class names a minifier changed", () => {
  const minified = (cls: { name: string }, name: string) => Object.defineProperty(cls, "name", { value: name, configurable: true });
  afterEach(() => restoreClassNames());

  it("come back from their export names and __module_type__", () => {
    minified(nn.Linear, "a");
    minified(UserError, "b");
    minified(GuardFailedError, "c");
    minified(TorchRuntimeError, "d");
    expect(String(new nn.Linear(2, 3))).toBe("a(in_features=2, out_features=3, bias=True)"); // what a minified build printed
    restoreClassNames();
    expect(String(new nn.Linear(2, 3))).toBe("Linear(in_features=2, out_features=3, bias=True)");
    expect(new UserError("m").name).toBe("UserError");
    expect(new GuardFailedError("m").name).toBe("GuardFailedError");
    expect(new TorchRuntimeError("m").name).toBe("TorchRuntimeError");
    expect(String(new UserError("m"))).toBe("UserError: m");
  });
});

describe("init() without a source", () => {
  async function freshLoader() {
    vi.resetModules();
    return import("../../src/core/loader.js");
  }

  it("rejects with a CoreError naming the options when no entry said where core.wasm is", async () => {
    const loader = await freshLoader();
    const error = await loader.init().catch((e: Error) => e);
    expect((error as Error).name).toBe("CoreError");
    expect((error as Error).message).toMatch(/pass a URL, a Response, its bytes or a compiled WebAssembly\.Module.*'pt2js\/inline'/);
  });

  it("adds the entry's advice to a failed load, and a later init() may retry", async () => {
    const loader = await freshLoader();
    loader.setDefaultCoreSource(() => new Response("missing", { status: 404, statusText: "Not Found" }), "Use 'pt2js/inline'");
    const error = await loader.init().catch((e: Error) => e);
    expect((error as Error).message).toBe("pt2js: fetching core.wasm failed: HTTP 404 Not Found. Use 'pt2js/inline'");
    const bytes = await readFile(new URL("../../build/core.wasm", import.meta.url));
    loader.setDefaultCoreSource(() => bytes, "Use 'pt2js/inline'");
    await loader.init();
    expect(loader.isInitialized()).toBe(true);
  });
});

describe("forward parameters a bundler renamed", () => {
  it("PyTorch's text stays exact when the names overlap (a user's typo)", () => {
    expect(renamedParametersNote(["x", "y"], ["a", "y"])).toBe("");
    expect(renamedParametersNote(["x"], ["x", "y"])).toBe("");
  });

  it("says what happened and how to fix it when none match", () => {
    const note = renamedParametersNote(["e"], ["x"]);
    // The names themselves are in PyTorch's part of the message ("arg names ['e'] ... they are ['x']").
    expect(note).toContain("A bundler or minifier renames parameters.");
    expect(note).toContain('forwardArgNames = ["x"]');
    expect(note).toContain("positionally, [<spec of x>]");
  });

  it("forwardArgNames on the module fixes it", () => {
    class Minified extends nn.Module {
      forwardArgNames = ["x"];
      override forward(e: ReturnType<typeof torch.randn>) {
        return e.relu();
      }
    }
    const ep = torch.export.export(new Minified(), [torch.randn(8, 3)], { dynamic_shapes: { x: { 0: Dim("batch") } } });
    expect(ep.toString()).toContain('x: "f32[s77, 3]"');
  });
});

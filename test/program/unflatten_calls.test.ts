// torch.export.unflatten with repeated calls of a preserved module and with intermediate values
// of mutations read across calls (torch/export/unflatten.py's InterpreterModuleDispatcher and
// _IVals), and the module call graph export records for them (one `fqn@n` entry per later call,
// ConstantArgument inputs), which survive a save / load round trip.
import { describe, expect, it } from "vitest";
import { torch, nn } from "../../src/index.js";
import { InterpreterModule, InterpreterModuleDispatcher } from "../../src/program/unflatten.js";
import type { Tensor } from "../../src/tensor/tensor.js";

const call = (m: unknown, ...a: unknown[]): Tensor => (m as (...x: unknown[]) => Tensor)(...a);

class NBool extends nn.Module {
  override forward(x: Tensor, b: boolean) {
    return b ? x.add(1) : x.add(2);
  }
}
class M extends nn.Module {
  n = new NBool();
  override forward(x: Tensor) {
    x = call(this.n, x.add(3), true);
    x = call(this.n, x.add(4), false);
    return call(this.n, x.add(5), true);
  }
}

describe("unflatten: repeated preserved calls", () => {
  const x = torch.ones(2);
  const ep = torch.export.export(new M(), [x], { preserve_module_call_signature: ["n"] });

  it("records one module call graph entry per call, with constant inputs", () => {
    const entries = ep.module_call_graph.map((e) => [e.fqn, e.signature?.inputs ?? null]);
    expect(entries).toEqual([
      ["", []],
      ["n", ["add", { name: "", value: true }]],
      ["n@1", ["add_2", { name: "", value: false }]],
      ["n@2", ["add_4", { name: "", value: true }]],
    ]);
  });

  it("dispatches the calls to one module per traced graph, in turn", () => {
    const u = torch.export.unflatten(ep);
    expect(u.get_submodule("n")).toBeInstanceOf(InterpreterModuleDispatcher);
    const mods = (u.get_submodule("n") as InterpreterModuleDispatcher).call_modules();
    // n and n@2 traced the same graph: deduplicated into one module.
    expect(mods.length).toBe(3);
    expect(mods[0]).toBe(mods[2]);
    expect(mods[0]).toBeInstanceOf(InterpreterModule);
    expect(String(u.graph)).toContain("call_module[target=n]");
    expect(String(u.graph)).not.toContain("n@");
    expect(Array.from(call(u, x)._values() as ArrayLike<number>)).toEqual([17, 17]);
    expect(Array.from(call(u, x)._values() as ArrayLike<number>)).toEqual([17, 17]);
  });

  it("keeps constant inputs through save and load", () => {
    const loaded = torch.export.load(torch.export.save(ep));
    expect(loaded.module_call_graph.map((e) => e.signature?.inputs ?? null)).toEqual(ep.module_call_graph.map((e) => e.signature?.inputs ?? null));
    expect(Array.from(call(torch.export.unflatten(loaded), x)._values() as ArrayLike<number>)).toEqual([17, 17]);
  });
});

describe("unflatten: a preserved call reading a mutation's intermediate value", () => {
  class N extends nn.Module {
    constructor() {
      super();
      this.register_buffer("buf", torch.ones(1));
    }
    override forward(x: Tensor, b: boolean) {
      const buf = (this as unknown as { buf: Tensor }).buf;
      if (b) buf.add_(1);
      else buf.add_(2);
      return x.add(buf);
    }
  }
  class P extends nn.Module {
    n = new N();
    override forward(x: Tensor) {
      x = call(this.n, x, true).add(1);
      return call(this.n, x, false);
    }
  }

  it("mutates the state where the value is made, so every call sees it", () => {
    const x = torch.ones(1);
    const eager = call(new P(), x);
    const ep = torch.export.export(new P(), [x], { preserve_module_call_signature: ["n"] });
    const u = torch.export.unflatten(ep);
    expect(Array.from(call(u, x)._values() as ArrayLike<number>)).toEqual(Array.from(eager._values() as ArrayLike<number>));
    // The buffer advanced by both calls (1 + 1 + 2), as in eager. (The dispatcher carries it as a
    // plain attribute, as PyTorch's setattr does.)
    const buf = (u.get_submodule("n") as unknown as { buf: Tensor }).buf;
    expect(Array.from(buf._values() as ArrayLike<number>)).toEqual([4]);
  });
});

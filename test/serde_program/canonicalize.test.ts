// serde_api.canonicalize (torch/_export/serde/serialize.py canonicalize): programs that differ only
// in the order of independent nodes and in value names serialize to the same canonical JSON, which
// still loads and runs.
import { describe, expect, it } from "vitest";
import { torch as torchTyped, nn } from "../../src/index.js";
import { ExportedProgramSerializer, ExportedProgramDeserializer, canonicalize, _to_json_bytes } from "../../src/program/serde_api.js";
import { allclose } from "../pytorch/harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
const torch: any = torchTyped;

class SinFirst extends nn.Module {
  lin = new nn.Linear(3, 3);
  override forward(x: any, y: any) {
    const a = x.sin();
    const b = y.cos();
    return (this.lin as any)(a.add(b));
  }
}
class CosFirst extends nn.Module {
  lin = new nn.Linear(3, 3);
  override forward(x: any, y: any) {
    const b = y.cos();
    const a = x.sin();
    return (this.lin as any)(a.add(b));
  }
}

const text = (ep: any) => new TextDecoder().decode(_to_json_bytes(canonicalize(new ExportedProgramSerializer().serialize(ep).exported_program)));

describe("canonicalize", () => {
  it("gives one form for programs differing in node order and names", () => {
    const inputs = [torch.randn(2, 3), torch.randn(2, 3)];
    const a = torch.export.export(new SinFirst(), inputs);
    const b = torch.export.export(new CosFirst(), inputs);
    expect(a.graph_module.code).not.toBe(b.graph_module.code);
    const ca = text(a);
    expect(ca).toBe(text(b));
    // inputs first (parameters before user inputs), then definitions in order; no metadata
    expect(ca).toContain('"inputs": [{"as_tensor": {"name": "_0"}}, {"as_tensor": {"name": "_1"}}, {"as_tensor": {"name": "_2"}}, {"as_tensor": {"name": "_3"}}]');
    expect(ca).not.toContain("stack_trace");
  });

  it("the canonical program loads and computes what the original does", () => {
    const m = new SinFirst();
    const inputs = [torch.randn(2, 3), torch.randn(2, 3)];
    const ep = torch.export.export(m, inputs);
    const s = new ExportedProgramSerializer().serialize(ep);
    const loaded = new ExportedProgramDeserializer().deserialize(canonicalize(s.exported_program), s.state_dict, s.constants);
    expect(allclose(loaded.module()(...inputs), ep.module()(...inputs))).toBe(true);
  });
});

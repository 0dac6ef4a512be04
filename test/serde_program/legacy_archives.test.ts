// Archives written by torch.export.save of an older PyTorch (2.6: the pre-PT2 layout with a
// `version` record, serialized_exported_program.json and torch.save pickles of the state dict and
// constants), from test/fixtures/torch-2.6/legacy_archives (made in the PyTorch 2.6 oracle, with
// 2.6's own print of the loaded program and its outputs). They load, have the code 2.6 gives them after
// its own load, and run; an unsupported schema major is a SchemaVersionError that names it.
// PyTorch's test/export/serialized_artifacts/ could not be used: the stored copies are binary and unreadable here.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { torch as torchTyped, SchemaVersionError, UnsupportedArchiveFeatureError } from "../../src/index.js";
import { ZipReader, writeZip } from "../../src/serde/index.js";
import { unpickle } from "../../src/serde/archive/torch_save.js";
import { allclose } from "../pytorch/harness.js";
/* eslint-disable @typescript-eslint/no-explicit-any */
const torch: any = torchTyped;

const dir = new URL("../fixtures/torch-2.6/legacy_archives/", import.meta.url);
const bytesOf = (name: string) => new Uint8Array(readFileSync(new URL(`${name}.pt2`, dir)));
const refOf = (name: string) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), "utf8"));

function withRecord(bytes: Uint8Array, name: string, text: string): Uint8Array {
  const zip = ZipReader.open(bytes);
  return writeZip(zip.entries.map((e) => ({ name: e.name, data: e.name === name ? new TextEncoder().encode(text) : zip.read(e) })));
}

describe("torch.export.save archives of PyTorch 2.6", () => {
  for (const name of ["basic", "linear", "dynamic"]) {
    it(`${name}: loads, has the code 2.6 gives it after its load, and runs`, () => {
      const ref = refOf(name);
      expect(ref.torch_version).toMatch(/^2\.6/);
      const ep = torch.export.load(bytesOf(name));
      expect(ep.graph_module.code).toBe(ref.loaded_code);
      // (2.6's str(ep) has 2.6's layout — a one-space-off "# File" indent and a repr'd signature — where pt2js prints 2.11's)
      expect(String(ep)).toContain("# File: /oracle-work/");
      const args = ref.args.map((a: unknown) => torch.tensor(a));
      const out = ep.module()(...args);
      const outs = Array.isArray(out) ? out : [out];
      expect(outs.length).toBe(ref.outputs.length);
      outs.forEach((t: any, i: number) => expect(allclose(t, torch.tensor(ref.outputs[i]))).toBe(true));
      // serialized_example_inputs.pt: ep.example_inputs is (args, kwargs) as exported
      const [exArgs, exKwargs] = ep.example_inputs;
      expect(exArgs.map((t: any) => t.tolist())).toEqual(ref.args);
      expect(exKwargs).toEqual({});
    });
  }

  it("the state dict's parameters and buffers come back with their values", () => {
    const ep = torch.export.load(bytesOf("linear"));
    expect(ep.state_dict.get("linear.weight").shape).toEqual([2, 3]);
    expect(ep.state_dict.get("b").tolist()).toEqual([1, 1]);
    expect(ep.graph_signature.parameters).toEqual(["linear.weight", "linear.bias"]);
  });

  it("a schema major other than 8 is a SchemaVersionError naming the version", () => {
    const old = withRecord(bytesOf("basic"), "version", "5.1");
    expect(() => torch.export.load(old)).toThrow(SchemaVersionError);
    expect(() => torch.export.load(old)).toThrow(/SchemaVersion\(major=5, minor=1\)/);
  });

  it("a pickle calling anything but the tensor and container rebuilders is refused, not run", () => {
    // cos\nsystem\n(X\x02\x00\x00\x00ls tR.  ==  os.system("ls")
    const evil = new Uint8Array([0x80, 0x02, ...new TextEncoder().encode("cos\nsystem\n"), 0x58, 2, 0, 0, 0, 0x6c, 0x73, 0x85, 0x52, 0x2e]);
    expect(() => unpickle(evil, "evil.pkl")).toThrow(UnsupportedArchiveFeatureError);
    expect(() => unpickle(evil, "evil.pkl")).toThrow(/os\.system/);
  });
});

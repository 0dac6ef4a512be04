// Every .pt2 archive of the PyTorch 2.11 corpus (copied into test/fixtures): reads, re-encodes
// model.json byte for byte, and write(read(x)) reproduces the archive byte for byte.
import { readFileSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  ZipReader,
  encodeSchema,
  parsePyJson,
  pt2InputFromArchive,
  readPt2,
  writePt2,
  writeZip,
  type StoredTensor,
} from "../../src/serde/index.js";
import { treespec_dumps, treespec_loads } from "../../src/pytree/index.js";

const fixtures = new URL("../fixtures/torch-2.11/", import.meta.url);
const files = (readdirSync(fixtures, { recursive: true }) as string[])
  .filter((f) => f.endsWith(".pt2"))
  .sort();
const load = (f: string) => new Uint8Array(readFileSync(new URL(f, fixtures)));
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
// Written by a stdlib-only Python script with compact separators, not by torch.export.save.
const HANDBUILT = "pt2-samples/handbuilt_linear_relu.pt2";

describe("PyTorch 2.11 corpus archives", () => {
  it("are all present (104 archives)", () => expect(files.length).toBe(104));

  for (const f of files) {
    it(f, () => {
      const bytes = load(f);
      const archive = readPt2(bytes, { checkCrc: true });
      const model = archive.models.get("model")!;
      expect(model).toBeDefined();
      const json = new TextDecoder().decode(archive.records.get("models/model.json")!);
      const text = encodeSchema("ExportedProgram", model.program);
      if (f !== HANDBUILT) {
        expect(text).toBe(json);
        expect(encodeSchema("PayloadConfig", model.weightsConfig)).toBe(
          new TextDecoder().decode(archive.records.get("data/weights/model_weights_config.json")!),
        );
        expect(same(writePt2(pt2InputFromArchive(archive)), bytes)).toBe(true);
      } else {
        expect(sortKeys(parsePyJson(text))).toEqual(sortKeys(parsePyJson(json)));
      }
      // The zip container alone round-trips for every archive, the hand-built one included.
      const zip = ZipReader.open(bytes);
      expect(same(writeZip(zip.entries.map((e) => ({ name: e.name, data: zip.read(e) }))), bytes)).toBe(true);
      // Every in_spec/out_spec is a TreeSpec our pytree reproduces.
      for (const e of model.program.graph_module.module_call_graph) {
        if (!e.signature) continue;
        expect(treespec_dumps(treespec_loads(e.signature.in_spec))).toBe(e.signature.in_spec);
        expect(treespec_dumps(treespec_loads(e.signature.out_spec))).toBe(e.signature.out_spec);
      }
      // Every weight resolves to a view inside its storage; aligned archives give zero-copy views.
      for (const w of model.weights.values()) {
        if (w.kind !== "tensor") continue;
        if (f !== HANDBUILT) expect(w.storage.buffer).toBe(bytes.buffer);
        expect(w.storage.byteLength).toBe(w.bytes.byteLength);
      }
    });
  }
});

describe("payload details (pt2-samples/m2.pt2, see pt2-format.md §5.2)", () => {
  const m = readPt2(load("pt2-samples/m2.pt2")).models.get("model")!;
  const t = (fqn: string, from = m.weights) => from.get(fqn) as StoredTensor;
  it("strided buffer view: 12 floats of storage, offset 2", () => {
    const v = t("bufview");
    expect([v.dtypeName, v.sizes, v.strides, v.storageOffset, v.storage.length]).toEqual(["float32", [2, 4], [4, 1], 2, 12]);
    expect(Array.from(v.storage as Float32Array)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(v.isParam).toBe(false);
  });
  it("int64 scalar buffer as BigInt64Array, bf16 param as raw 16-bit words, fp16 constant", () => {
    const n = t("bn.num_batches_tracked");
    expect([n.dtypeName, n.sizes, n.storage]).toEqual(["int64", [], new BigInt64Array([0n])]);
    const bf = [...m.weights.values()].find((w) => w.kind === "tensor" && w.dtypeName === "bfloat16") as StoredTensor;
    expect([bf.sizes, bf.storage.constructor.name, bf.isParam]).toEqual([[2, 2], "Uint16Array", true]);
    const c = [...m.constants.values()].find((w) => w.kind === "tensor" && w.dtypeName === "float16") as StoredTensor;
    expect([c.sizes, c.bytes.length, c.pathName]).toEqual([[4], 8, "tensor_0"]);
  });
});

function sortKeys(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, sortKeys(x)]));
  if (Array.isArray(v)) return v.map(sortKeys);
  return v;
}

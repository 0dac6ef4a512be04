// Writing archives from typed values: PyTorch's record order and layout, read-back equality.
import { describe, expect, it } from "vitest";
import {
  ArchiveFormatError,
  SchemaShapeError,
  ZipReader,
  pt2InputFromArchive,
  readPt2,
  unionEntry,
  unionKey,
  writePt2,
  type StoredTensor,
} from "../../src/serde/index.js";
import { linearReluInput } from "./helpers.js";

describe("writePt2", () => {
  const input = linearReluInput();
  const bytes = writePt2({ ...input, extraFiles: new Map([["notes.txt", "héllo"]]) });

  it("lays records out as torch.export.save does", () => {
    const zip = ZipReader.open(bytes, { checkCrc: true });
    expect(zip.entries.map((e) => e.name)).toEqual([
      "archive/data/weights/weight_0",
      "archive/data/weights/weight_1",
      "archive/data/weights/model_weights_config.json",
      "archive/data/constants/model_constants_config.json",
      "archive/models/model.json",
      "archive/data/sample_inputs/model.pt",
      "archive/extra/notes.txt",
      "archive/archive_format",
      "archive/archive_version",
      "archive/.data/version",
      "archive/byteorder",
      "archive/.data/serialization_id",
    ]);
    for (const e of zip.entries) expect(e.dataOffset % 64).toBe(0);
    expect(new TextDecoder().decode(zip.read("archive/.data/version"))).toBe("6\n");
    expect(new TextDecoder().decode(zip.read("archive/data/constants/model_constants_config.json"))).toBe('{"config": {}}');
    expect(new TextDecoder().decode(zip.read("archive/.data/serialization_id"))).toMatch(/^\d{40}$/);
  });

  it("reads back the same program, weights and extra files", () => {
    const a = readPt2(bytes);
    expect(a.root).toBe("archive");
    expect(a.extraFiles.get("notes.txt")).toBe("héllo");
    const m = a.models.get("model")!;
    expect(m.program).toEqual(input.models.get("model")!.program);
    expect(m.sampleInputs.length).toBe(0);
    const w = m.weights.get("lin.weight") as StoredTensor;
    expect([w.isParam, w.sizes, w.strides]).toEqual([true, [3, 4], [4, 1]]);
    expect(Array.from(w.storage as Float32Array)).toEqual(Array.from(new Float32Array(12).map((_, k) => k / 10)));
    expect(w.storage.buffer).toBe(bytes.buffer); // zero-copy view
  });

  it("is deterministic, and honours root and serializationId options", () => {
    expect(writePt2(input)).toEqual(writePt2(input));
    const a = readPt2(writePt2({ ...input, root: "m1", serializationId: null }));
    expect(a.root).toBe("m1");
    expect(a.serializationId).toBeNull();
  });

  it("rejects configs that name missing files and bad names", () => {
    const m = input.models.get("model")!;
    expect(() => writePt2({ models: new Map([["model", { ...m, weightFiles: new Map() }]]) })).toThrow(ArchiveFormatError);
    expect(() => writePt2({ ...input, root: "a/b" })).toThrow(ArchiveFormatError);
    expect(() => writePt2({ models: new Map([["../x", m]]) })).toThrow(ArchiveFormatError);
  });
});

describe("several models and union helpers", () => {
  it("writes and reads two models, each with its own payload files", () => {
    const one = linearReluInput().models.get("model")!;
    const two = {
      ...one,
      weightsConfig: {
        config: new Map([...one.weightsConfig.config].map(([k, v]) => [k, { ...v, path_name: v.path_name.replace("weight_", "w2_") }])),
      },
      weightFiles: new Map([...one.weightFiles].map(([k, v]) => [k.replace("weight_", "w2_"), v])),
    };
    const bytes = writePt2({ models: new Map([["model", one], ["other", two]]) });
    const a = readPt2(bytes);
    expect([...a.models.keys()]).toEqual(["model", "other"]);
    expect((a.models.get("other")!.weights.get("lin.bias") as StoredTensor).pathName).toBe("w2_1");
    expect(a.records.has("data/weights/other_weights_config.json")).toBe(true);
    expect(writePt2(pt2InputFromArchive(a))).toEqual(bytes);
  });
  it("unionKey / unionEntry name the active field", () => {
    expect(unionKey({ as_tensor: { name: "x" } })).toBe("as_tensor");
    expect(unionEntry({ as_int: 3 })).toEqual(["as_int", 3]);
    expect(() => unionKey({})).toThrow(SchemaShapeError);
  });
});

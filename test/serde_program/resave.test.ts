// save(load(x)) for PyTorch's archives: the model.json and payload configs pt2js writes for a
// loaded program are the texts PyTorch wrote, and the payload files hold the same bytes.
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import { encodeSchema, parsePyJson, readPt2 } from "../../src/serde/index.js";
import { deserializeProgram } from "../../src/program/deserialize.js";
import { serializeModel } from "../../src/program/serialize.js";
import { archiveBytes, corpusCases, sampleNames } from "./corpus.js";

/** Written by hand with compact separators (not by PyTorch): compared as parsed JSON. */
const HANDBUILT = "pt2-samples/handbuilt_linear_relu";

const decoder = new TextDecoder();

/** "" or where two texts first differ, with context. */
function textDiff(a: string, b: string): string {
  if (a === b) return "";
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  const around = (s: string) => JSON.stringify(s.slice(Math.max(0, i - 80), i + 80));
  return `at ${i}: ours ${around(a)}\n PyTorch ${around(b)}`;
}

describe("save(load(x)) writes PyTorch's model.json", () => {
  for (const name of [...corpusCases(), ...sampleNames()]) {
    it(name, () => {
      const archive = readPt2(archiveBytes(name));
      const model = archive.models.get("model")!;
      const ep = deserializeProgram(model);
      const out = serializeModel(ep);
      const text = (rel: string) => decoder.decode(archive.records.get(rel)!);
      const ours = encodeSchema("ExportedProgram", out.program);
      if (name === HANDBUILT) {
        expect(parsePyJson(ours)).toEqual(parsePyJson(text("models/model.json")));
      } else {
        expect(textDiff(ours, text("models/model.json"))).toBe("");
        expect(encodeSchema("PayloadConfig", out.weightsConfig)).toBe(text("data/weights/model_weights_config.json"));
        expect(encodeSchema("PayloadConfig", out.constantsConfig)).toBe(text("data/constants/model_constants_config.json"));
      }
      for (const [dir, files] of [["data/weights/", out.weightFiles], ["data/constants/", out.constantFiles]] as const) {
        for (const [path, bytes] of files) expect(bytes, path).toEqual(archive.records.get(dir + path));
      }
    });
  }
});

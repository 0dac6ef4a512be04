// Fuzz: ~500 mutated archives (the bench/ script runs many more) never crash or hang readPt2.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, it } from "vitest";
import { SerdeError, decodeSchema, parsePyJson, readPt2, writePt2, type JsonValue } from "../../src/serde/index.js";
import { linearReluInput } from "./helpers.js";
import { mutatedArchive, readsSafely } from "./fuzz-core.js";

const seeds: Record<string, Uint8Array> = {
  "written by pt2js": writePt2(linearReluInput()),
  "torch m2.pt2": new Uint8Array(readFileSync(new URL("../fixtures/torch-2.11/pt2-samples/m2.pt2", import.meta.url))),
};

describe("fuzzed archives fail with typed errors only", () => {
  for (const [name, seed] of Object.entries(seeds)) {
    it(name, () => {
      fc.assert(fc.property(mutatedArchive(seed), (bytes) => readsSafely(bytes)), { numRuns: 250 });
    });
  }
});

// Structural fuzz of model.json: replace one random subtree of a real program with random JSON;
// decoding must either succeed or fail with a SerdeError (never a TypeError deep inside).

const programJson = parsePyJson(
  new TextDecoder().decode(
    (() => {
      const bytes = readFileSync(new URL("../fixtures/torch-2.11/pt2-samples/m3.pt2", import.meta.url));
      return readPt2(new Uint8Array(bytes)).records.get("models/model.json")!;
    })(),
  ),
);

function slots(v: JsonValue, out: Array<(x: JsonValue) => void>): Array<(x: JsonValue) => void> {
  if (v instanceof Map) for (const k of v.keys()) { out.push((x) => v.set(k, x)); slots(v.get(k)!, out); }
  else if (Array.isArray(v)) v.forEach((item, i) => { out.push((x) => { v[i] = x; }); slots(item, out); });
  return out;
}
const toPy = (v: unknown): JsonValue =>
  Array.isArray(v) ? v.map(toPy) : v && typeof v === "object" ? new Map(Object.entries(v).map(([k, x]) => [k, toPy(x)])) : (v as JsonValue);
const slotCount = slots(programJson, []).length;

describe("model.json with a random subtree replaced", () => {
  it("decodes or raises SerdeError", () => {
    fc.assert(
      fc.property(fc.nat(slotCount - 1), fc.jsonValue({ maxDepth: 3 }), (at, value) => {
        const copy = parsePyJson(JSON.stringify(toPlain(programJson)));
        slots(copy, [])[at](toPy(value));
        try {
          decodeSchema("ExportedProgram", copy);
        } catch (e) {
          if (!(e instanceof SerdeError)) throw e;
        }
      }),
      { numRuns: 200 },
    );
  });
});

function toPlain(v: JsonValue): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)]));
  if (Array.isArray(v)) return v.map(toPlain);
  return typeof v === "bigint" ? Number(v) : v;
}

// Writes test/fixtures/untrusted/zeros_json.pt2, the archive of finding 1 of issue #14: the
// mlp_static corpus archive whose models/model.json is a JSON array of 113,000,000 zeros
// (226 MB of text, ~220 KB deflated). Run: npx tsx test/untrusted/make_fixtures.ts
import { writeFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { crc32 } from "../../src/serde/index.js";
import { corpusRecords, craftZip } from "./craft.js";

const n = 113_000_000;
const json = Buffer.alloc(2 * n + 1); // [0,0,...,0]
json[0] = 0x5b;
json.fill("0,", 1, 2 * n - 1);
json[2 * n - 1] = 0x30;
json[2 * n] = 0x5d;
const { root, records } = corpusRecords("zoo/mlp_static");
const entries = [...records].map(([name, data]) =>
  name === "models/model.json"
    ? { name: `${root}/${name}`, raw: { compressed: new Uint8Array(deflateRawSync(json, { level: 9 })), size: json.length, crc: crc32(json) } }
    : { name: `${root}/${name}`, data },
);
const out = craftZip(entries);
writeFileSync(new URL("../fixtures/untrusted/zeros_json.pt2", import.meta.url), out);
console.log(`zeros_json.pt2: ${out.length} bytes, model.json ${json.length} bytes`);

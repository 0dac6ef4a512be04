// Corrupt, hostile, legacy and unsupported archives fail with typed errors, quickly.
import { zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { Pt2jsError } from "../../src/core/errors.js";
import {
  ArchiveFormatError,
  JsonParseError,
  LegacyArchiveError,
  SchemaShapeError,
  SchemaVersionError,
  UnknownEnumValueError,
  UnsupportedArchiveFeatureError,
  ZipFormatError,
  ZipReader,
  ZipSecurityError,
  readPt2,
  writePt2,
  writeZip,
} from "../../src/serde/index.js";
import { linearReluInput } from "./helpers.js";

const good = writePt2(linearReluInput());
const records = () => new Map(readPt2(good).records);
const enc = (s: string) => new TextEncoder().encode(s);
const zipOf = (recs: Map<string, Uint8Array>, root = "archive") =>
  writeZip([...recs].map(([name, data]) => ({ name: `${root}/${name}`, data })));
const withRecord = (name: string, data: Uint8Array | null) => {
  const r = records();
  if (data === null) r.delete(name);
  else r.set(name, data);
  return zipOf(r);
};
const editJson = (name: string, edit: (s: string) => string) =>
  withRecord(name, enc(edit(new TextDecoder().decode(records().get(name)!))));
/** Replaces every occurrence of `from` by `to` (same length) in the bytes. */
function patch(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const out = bytes.slice();
  const a = enc(from);
  const b = enc(to);
  expect(a.length).toBe(b.length);
  for (let i = 0; i + a.length <= out.length; i++) {
    if (a.every((x, k) => out[i + k] === x)) out.set(b, i);
  }
  return out;
}
const cdOffsetOf = (bytes: Uint8Array, entry: number) => {
  const zip = ZipReader.open(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const cd = view.getUint32(bytes.length - 22 + 16, true);
  let p = cd;
  for (let i = 0; i < entry; i++) p += 46 + view.getUint16(p + 28, true);
  return { zip, view, p };
};

function expectError(bytes: Uint8Array, Err: new (...a: any[]) => Error, msg?: RegExp) {
  const t0 = performance.now();
  let err: unknown;
  try {
    readPt2(bytes);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(Err);
  expect(err).toBeInstanceOf(Pt2jsError);
  if (msg) expect((err as Error).message).toMatch(msg);
  expect(performance.now() - t0).toBeLessThan(1000);
}

describe("zip container", () => {
  it("truncated files", () => {
    for (const n of [0, 10, 21, 100, good.length - 200, good.length - 1]) expectError(good.subarray(0, n), ZipFormatError);
  });
  it("wrong magic and the preview-release format", () => {
    const bad = good.slice();
    bad[0] = 0x51;
    expectError(bad, ZipFormatError, /wrong magic/);
    expectError(new Uint8Array([...enc("PYTORCH1"), ...good]), ArchiveFormatError, /preview release/);
  });
  it("entry names escaping the folder", () => {
    for (const evil of ["archive/../../etc/x", "/archive/abs/path", "archive\\win\\pth", "archive/./dot/x"]) {
      const placeholder = "archive/" + "q".repeat(evil.length - 8);
      const bytes = patch(zipOf(new Map([...records(), [placeholder.slice(8), enc("x")]])), placeholder, evil);
      expectError(bytes, ZipSecurityError, /unsafe zip entry name/);
    }
  });
  it("duplicate entry names", () => {
    const r = records();
    r.set("extra/aaaa", enc("1"));
    r.set("extra/bbbb", enc("2"));
    expectError(patch(zipOf(r), "extra/bbbb", "extra/aaaa"), ZipSecurityError, /duplicate/);
  });
  it("declared sizes beyond the file", () => {
    const { view, p } = cdOffsetOf(good, 0);
    const bytes = good.slice();
    const v2 = new DataView(bytes.buffer);
    v2.setUint32(p + 20, view.getUint32(p + 20, true) + 10_000_000, true);
    v2.setUint32(p + 24, view.getUint32(p + 24, true) + 10_000_000, true);
    expectError(bytes, ZipFormatError, /beyond the file/);
    const big = good.slice();
    new DataView(big.buffer).setUint32(big.length - 22 + 16, 0x7fffffff, true); // central directory offset
    new DataView(big.buffer).setUint32(big.length - 42, 0, true); // drop the zip64 locator
    expectError(big, ZipFormatError);
  });
  it("deflated entries that declare huge sizes or lie about their size", () => {
    const files = Object.fromEntries([...records()].map(([k, v]) => [`archive/${k}`, v]));
    files["archive/extra/zeros"] = new Uint8Array(1 << 20);
    const deflated = zipSync(files, { level: 9 });
    expect(readPt2(deflated).extraFiles.get("zeros")!.length).toBe(1 << 20); // DEFLATED archives read fine
    const reader = ZipReader.open(deflated);
    const idx = reader.entries.findIndex((e) => e.name === "archive/extra/zeros");
    const { p } = cdOffsetOf(deflated, idx);
    const huge = deflated.slice();
    new DataView(huge.buffer).setUint32(p + 24, 0xfffffff0, true);
    expectError(huge, ZipSecurityError);
    const lie = deflated.slice();
    new DataView(lie.buffer).setUint32(p + 24, 1000, true);
    // Inflation is lazy: an entry the program does not need is only inflated (and checked) when read.
    const lazy = readPt2(lie);
    expect(() => lazy.extraFiles.get("zeros")).toThrow(/beyond its declared size/);
    expect(() => ZipReader.open(deflated, { maxEntryBytes: 1000 })).toThrow(ZipSecurityError);
  });
  it("entry count limits", () => {
    expect(() => ZipReader.open(good, { maxEntries: 3 })).toThrow(ZipSecurityError);
  });
});

describe("PT2 layout", () => {
  it("legacy (pre-2.9) archives are read, or name their layout", () => {
    // The pre-PT2 layout of PyTorch <= 2.6 is read (test/serde_program/legacy_archives.test.ts): its
    // program JSON must be a program, and an unversioned folder-less zip is named as legacy.
    const legacy = zipSync({ version: enc("8.17"), "serialized_exported_program.json": enc("{}") });
    expectError(legacy, SchemaShapeError, /ExportedProgram/);
    expectError(zipSync({ version: enc("8.17") }), LegacyArchiveError, /legacy \(pre-2\.9\)/);
    expectError(zipSync({ version: enc("5.1"), "serialized_exported_program.json": enc("{}") }), SchemaVersionError, /major=5, minor=1/);
    const folderless = zipSync({ archive_format: enc("pt2"), "models/model.json": enc("{}") });
    expectError(folderless, LegacyArchiveError, /folder-less PT2 archive/);
  });
  it("entries outside the root folder, or no folder", () => {
    const r = writeZip([
      { name: "archive/archive_format", data: enc("pt2") },
      { name: "other/x", data: enc("x") },
    ]);
    expectError(r, ArchiveFormatError, /not in a subdirectory archive\//);
    expectError(zipSync({ x: enc("1") }), ArchiveFormatError, /not in a subdirectory: x/);
  });
  it("missing or wrong fixed records", () => {
    expectError(withRecord(".data/version", null), ArchiveFormatError, /hasRecord\("version"\)/);
    expectError(withRecord(".data/version", enc("99\n")), ArchiveFormatError, /version 99/);
    expectError(withRecord("archive_format", null), ArchiveFormatError, /archive_format not found/);
    expectError(withRecord("archive_format", enc("zip")), ArchiveFormatError);
    expectError(withRecord("archive_version", enc("1")), ArchiveFormatError, /archive version/);
    expectError(withRecord("data/sample_inputs/model.pt", null), ArchiveFormatError, /sample_inputs/);
    expectError(withRecord("data/constants/model_constants_config.json", null), ArchiveFormatError);
    expectError(withRecord("data/weights/weight_1", null), ArchiveFormatError, /weight_1/);
    expectError(withRecord("data/weights/model.pt", enc("x")), LegacyArchiveError, /pre-2\.9 PT2 layout/);
    expectError(withRecord("data/aotinductor/model/x.so", enc("x")), UnsupportedArchiveFeatureError);
  });
  it("model.json of the wrong shape, bad JSON, unknown versions and dtypes", () => {
    expectError(withRecord("models/model.json", enc('{"graph_module": 3}')), SchemaShapeError, /graph_module/);
    expectError(withRecord("models/model.json", enc('{"graph_module": ')), JsonParseError);
    expectError(withRecord("models/model.json", new Uint8Array([0x22, 0xff, 0x22])), JsonParseError, /UTF-8/);
    expectError(editJson("models/model.json", (s) => s.replace('"major": 8', '"major": 9')), SchemaVersionError);
    expectError(editJson("models/model.json", (s) => s.replace('"dtype": 7', '"dtype": 33')), UnknownEnumValueError);
    expectError(editJson("data/weights/model_weights_config.json", (s) => s.replace('"dtype": 7', '"dtype": 99')), UnknownEnumValueError);
  });
  it("payloads that do not fit their storage", () => {
    expectError(withRecord("data/weights/weight_1", new Uint8Array(7)), ArchiveFormatError, /multiple of the float32 element size/);
    expectError(
      editJson("data/weights/model_weights_config.json", (s) => s.replace('"storage_offset": {"as_int": 0}', '"storage_offset": {"as_int": 5}')),
      ArchiveFormatError,
      /beyond its storage/,
    );
    expectError(
      editJson("data/weights/model_weights_config.json", (s) => s.replace('"strides": [{"as_int": 4}', '"strides": [{"as_expr": {"expr_str": "s0", "hint": null}}')),
      ArchiveFormatError,
      /Only as_int/,
    );
  });
});

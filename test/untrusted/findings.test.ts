// Issue #14's findings as regression tests: hostile archives get typed errors (never a V8 fatal,
// an unbounded inflate or a silent wrong result), load limits are options with safe defaults,
// and a loaded program never writes into the caller's bytes.
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import "../../src/ops/index.js";
import "../../src/tensor/index.js";
import * as pt2js from "../../src/index.js";
import { load } from "../../src/program/save_load.js";
import { Pt2jsError } from "../../src/core/errors.js";
import {
  JsonParseError, LoadLimitError, SerdeError, ZipFormatError, ZipSecurityError, crc32, readPt2,
} from "../../src/serde/index.js";
import { SerializeError } from "../../src/program/serialize_errors.js";
import { GuardSyntaxError } from "../../src/program/guards_errors.js";
import { tensor } from "../../src/tensor/factories.js";
import { Tensor } from "../../src/tensor/tensor.js";
import * as warnings from "../../src/warnings.js";
import { archiveBytes } from "../serde_program/corpus.js";
import { archiveOf, corpusRecords, craftZip, type CraftEntry } from "./craft.js";

const enc = new TextEncoder();
const dec = new TextDecoder();
type Fn = (...a: unknown[]) => unknown;

/** The archive `name` with one record replaced (or removed with null). */
function withRecord(name: string, record: string, data: Uint8Array | null, deflate = new Set<string>()): Uint8Array {
  const { root, records } = corpusRecords(name);
  if (data === null) records.delete(record);
  else records.set(record, data);
  return archiveOf(root, records, deflate);
}
function editModel(name: string, edit: (json: any) => void): Uint8Array {
  const { records } = corpusRecords(name);
  const json = JSON.parse(dec.decode(records.get("models/model.json")!));
  edit(json);
  return withRecord(name, "models/model.json", enc.encode(JSON.stringify(json)));
}
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}
const values = (t: unknown) => Array.from((t as Tensor).contiguous()._values() as Float32Array);
const x816 = () => tensor(Array.from({ length: 128 }, (_, i) => Math.sin(i))).reshape([8, 16]);

describe("1. JSON: size, nesting and element counts are bounded", () => {
  it("the 227 KB archive of 113M zeros fails typed (max_json_bytes), before inflating", () => {
    const bytes = new Uint8Array(readFileSync(new URL("../fixtures/untrusted/zeros_json.pt2", import.meta.url)));
    expect(bytes.length).toBeLessThan(230_000);
    const t0 = performance.now();
    const e = thrown(() => load(bytes));
    expect(e).toBeInstanceOf(LoadLimitError);
    expect((e as LoadLimitError).option).toBe("max_json_bytes");
    expect((e as Error).message).toMatch(/226000001 is more than max_json_bytes=33554432/);
    expect(performance.now() - t0).toBeLessThan(500);
  });
  it("with the JSON limit raised, the parser's own bounds fail typed instead of a V8 fatal", () => {
    // 17M zeros (34 MB): more items in one array than the parser accepts.
    const n = 17_000_000;
    const json = Buffer.alloc(2 * n + 1);
    json[0] = 0x5b;
    json.fill("0,", 1, 2 * n - 1);
    json[2 * n - 1] = 0x30;
    json[2 * n] = 0x5d;
    const bytes = withRecord("zoo/mlp_static", "models/model.json", json, new Set(["models/model.json"]));
    const e = thrown(() => load(bytes, { max_json_bytes: Infinity }));
    expect(e).toBeInstanceOf(JsonParseError);
    expect((e as Error).message).toMatch(/More than 16777215 items/);
    // Many small objects: bounded by the container budget (heap proportional to the text).
    const objs = enc.encode("[" + Array(400_000).fill("{}").join(",") + "]");
    expect(thrown(() => load(withRecord("zoo/mlp_static", "models/model.json", objs)))).toBeInstanceOf(JsonParseError);
    const deep = enc.encode("[".repeat(100_000) + "]".repeat(100_000));
    expect(thrown(() => load(withRecord("zoo/mlp_static", "models/model.json", deep)))).toBeInstanceOf(JsonParseError);
  });
});

describe("2. zip: bounded, lazy decompression; limits as load options", () => {
  it("aliased central-directory records (one stream inflated per record) are refused", () => {
    const { root, records } = corpusRecords("zoo/mlp_static");
    const entries: CraftEntry[] = [...records].map(([n, data]) => ({ name: `${root}/${n}`, data }));
    const zeros = new Uint8Array(1 << 20);
    entries.push({ name: `${root}/extra/bomb_0`, raw: { compressed: new Uint8Array(deflateRawSync(zeros)), size: zeros.length, crc: crc32(zeros) } });
    const first = entries.length - 1;
    for (let i = 1; i < 200; i++) entries.push({ name: `${root}/extra/bomb_${i}`, aliasOf: first });
    const t0 = performance.now();
    const e = thrown(() => load(craftZip(entries)));
    expect(e).toBeInstanceOf(ZipSecurityError);
    expect((e as Error).message).toMatch(/overlap/);
    expect(performance.now() - t0).toBeLessThan(500);
  });
  it("entries the program does not need are not inflated at load; max_bytes bounds what is", () => {
    const big = new Uint8Array(64 << 20);
    const bytes = withRecord("zoo/mlp_static", "extra/big", big, new Set(["extra/big"]));
    expect(bytes.length).toBeLessThan(200_000);
    const t0 = performance.now();
    const ep = load(bytes);
    expect(performance.now() - t0).toBeLessThan(300); // inflating 64 MB would take longer
    expect(values(ep.module()(x816()) as unknown).length).toBe(32);
    const archive = readPt2(bytes, { maxBytes: 32 << 20 });
    const e = thrown(() => archive.extraFiles.get("big"));
    expect(e).toBeInstanceOf(LoadLimitError);
    expect((e as LoadLimitError).option).toBe("max_bytes");
    // Asked for through load's extra_files, it is read (and bounded) like any record.
    const extra = new Map([["big", ""]]);
    load(bytes, { extra_files: extra });
    expect(extra.get("big")!.length).toBe(64 << 20);
    expect(thrown(() => load(bytes, { extra_files: { big: "" }, max_bytes: 32 << 20 }))).toBeInstanceOf(LoadLimitError);
  });
  it("max_bytes, max_entries, max_json_bytes, max_tensor_bytes name the limit; bad values are TypeErrors", () => {
    const bytes = archiveBytes("zoo/mlp_static");
    const cases: Array<[object, string]> = [
      [{ max_bytes: 1000 }, "max_bytes"],
      [{ max_entries: 5 }, "max_entries"],
      [{ max_json_bytes: 2000 }, "max_json_bytes"],
      [{ max_tensor_bytes: 1000 }, "max_tensor_bytes"],
    ];
    for (const [options, option] of cases) {
      const e = thrown(() => load(bytes, options));
      expect(e).toBeInstanceOf(LoadLimitError);
      expect(e).toBeInstanceOf(pt2js.LoadLimitError); // public
      expect((e as LoadLimitError).option).toBe(option);
      expect((e as Error).message).toContain(option);
    }
    expect(load(bytes, { max_bytes: bytes.length, max_entries: 13, max_json_bytes: 8000, max_tensor_bytes: 2048 })).toBeDefined();
    expect(thrown(() => load(bytes, { max_bytes: -1 }))).toBeInstanceOf(Pt2jsError);
    expect(thrown(() => load(bytes, { verify_crc: "yes" as never }))).toBeInstanceOf(Pt2jsError);
  });
  it("a Blob over max_bytes is refused before its bytes are read", async () => {
    const blob = new Blob([archiveBytes("zoo/mlp_static") as Uint8Array<ArrayBuffer>]);
    let read = false;
    const spy = Object.assign(blob, { arrayBuffer: () => ((read = true), Blob.prototype.arrayBuffer.call(blob)) });
    await expect(load(spy, { max_bytes: 100 })).rejects.toBeInstanceOf(LoadLimitError);
    expect(read).toBe(false);
    expect(await load(new Blob([archiveBytes("zoo/mlp_static") as Uint8Array<ArrayBuffer>]))).toBeDefined();
  });
  it("verify_crc catches a 2-byte edit of the weights (off by default, as in PyTorch)", () => {
    const bytes = archiveBytes("zoo/mlp_static");
    const zipped = readPt2(bytes);
    const w = zipped.records.get("data/weights/weight_0")!;
    const at = w.byteOffset + 2;
    const bad = bytes.slice();
    bad[at] ^= 0x7f;
    bad[at + 1] ^= 0x40;
    const e = thrown(() => load(bad, { verify_crc: true }));
    expect(e).toBeInstanceOf(ZipFormatError);
    expect((e as Error).message).toMatch(/CRC-32 mismatch in model\/data\/weights\/weight_0/);
    expect(load(bad)).toBeDefined();
    expect(load(bytes, { verify_crc: true })).toBeDefined();
  });
});

describe("4. loaded weights never alias the caller's bytes", () => {
  it("running a buffer-mutating program leaves the bytes unchanged; a second load starts fresh", () => {
    const bytes = archiveBytes("zoo/counter_buffers_constants");
    const before = bytes.slice();
    const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]);
    const first = values((load(bytes).module() as unknown as Fn)(x));
    const m = load(bytes).module() as unknown as Fn;
    m(x);
    m(x);
    expect(bytes).toEqual(before);
    expect(values((load(bytes).module() as unknown as Fn)(x))).toEqual(first);
    // The mutation is visible in the program's own state, as in PyTorch.
    expect(values(m(x))).not.toEqual(first);
  });
});

describe("5. no silent wrong results", () => {
  it("an empty weight file loads as zeros with PyTorch's warning", () => {
    const got: string[] = [];
    const prev = warnings.setHandler((w) => got.push(w.message));
    try {
      const ep = load(withRecord("zoo/mlp_static", "data/weights/weight_3", new Uint8Array(0)));
      expect(values(ep.state_dict.get("fc2.bias"))).toEqual([0, 0, 0, 0]);
      expect(got).toEqual(["Cannot call torch.frombuffer() on empty bytes. Creating a tensor with zeros as workaround."]);
    } finally {
      warnings.setHandler(prev);
    }
  });
  it("node inputs are bound by the schema's argument names, not by their order in the JSON", () => {
    const want = values((load(archiveBytes("zoo/mlp_static")).module() as unknown as Fn)(x816()));
    const reordered = editModel("zoo/mlp_static", (j) => {
      for (const n of j.graph_module.graph.nodes) n.inputs.reverse();
    });
    expect(values((load(reordered).module() as unknown as Fn)(x816()))).toEqual(want);
    const dropped = editModel("zoo/mlp_static", (j) => {
      j.graph_module.graph.nodes[0].inputs = j.graph_module.graph.nodes[0].inputs.filter((a: { name: string }) => a.name !== "input");
    });
    const e = thrown(() => load(dropped));
    expect(e).toBeInstanceOf(SerializeError);
    expect((e as Error).message).toMatch(/Failed deserializing node linear: KeyError: 'input'/);
  });
  it("unsupported devices raise instead of silently giving a CPU tensor", () => {
    expect(thrown(() => pt2js.torch.ones([2, 3], { device: "cuda" }))).toBeInstanceOf(Pt2jsError);
    expect(thrown(() => pt2js.torch.zeros(2, { device: "cuda:0" }))).toBeInstanceOf(Pt2jsError);
    expect((pt2js.torch.ones([2], { device: "cpu" }) as Tensor).shape).toEqual([2]);
  });
});

describe("6. hostile content gets typed errors", () => {
  it("an _operator.__proto__ target", () => {
    for (const target of ["_operator.__proto__", "_operator.constructor", "_operator.toString"]) {
      const bytes = editModel("zoo/counter_buffers_constants", (j) => {
        j.graph_module.graph.nodes[1].target = target;
      });
      // Refused at load (the fuzz found `String(ep)` reaching a JS member through such a name).
      const e = thrown(() => load(bytes));
      expect(e).toBeInstanceOf(SerializeError);
      expect((e as Error).message).toContain(target);
    }
  });
  it("a guards_code of 100k nested parentheses", () => {
    const bytes = editModel("zoo/mlp_static", (j) => {
      j.guards_code = ["(".repeat(100_000) + "L['x'].size()[0] == 8" + ")".repeat(100_000)];
    });
    const e = thrown(() => (load(bytes).module() as unknown as Fn)(x816()));
    expect(e).toBeInstanceOf(GuardSyntaxError);
    expect((e as Error).message).toMatch(/too many nested parentheses/);
    const long = editModel("zoo/mlp_static", (j) => {
      j.guards_code = ["L['x'].size()[0]" + " + 1".repeat(50_000) + " > 0"];
    });
    expect(thrown(() => (load(long).module() as unknown as Fn)(x816()))).toBeInstanceOf(GuardSyntaxError);
  });
  it("ints above 2^53 in node arguments (the int64 bounds PyTorch writes for open slices stay)", () => {
    const withAlpha = (alpha: string) => {
      const { records } = corpusRecords("zoo/counter_buffers_constants");
      const text = dec.decode(records.get("models/model.json")!);
      const json = JSON.parse(text);
      const add = json.graph_module.graph.nodes.findIndex((n: { target: string }) => n.target === "torch.ops.aten.add.Tensor");
      json.graph_module.graph.nodes[add].inputs.push({ name: "alpha", arg: { as_int: 424242 }, kind: 2 });
      return withRecord("zoo/counter_buffers_constants", "models/model.json", enc.encode(JSON.stringify(json).replace("424242", alpha)));
    };
    const e = thrown(() => load(withAlpha("9007199254740993")));
    expect(e).toBeInstanceOf(SerializeError);
    expect((e as Error).message).toMatch(/9007199254740993 is outside the range/);
    expect(load(withAlpha("2"))).toBeDefined();
  });
  it("every load error class is public, and all are SerdeErrors", () => {
    for (const name of ["SerdeError", "JsonParseError", "SchemaShapeError", "SchemaVersionError", "UnknownEnumValueError",
      "ZipFormatError", "ZipSecurityError", "LoadLimitError", "ArchiveFormatError", "LegacyArchiveError",
      "UnsupportedArchiveFeatureError", "SerializeError"]) {
      const C = (pt2js as Record<string, unknown>)[name] as new (...a: never[]) => Error;
      expect(typeof C, name).toBe("function");
      expect(C.prototype instanceof SerdeError || C === SerdeError, name).toBe(true);
    }
  });
});

describe("bounded core memory per archive", () => {
  it("an archive of many distinct symbolic expressions is refused before it fills the core's expression table", async () => {
    const { MAX_EXPRESSION_CHARS } = await import("../../src/program/deserialize_meta.js");
    const { core } = await import("../../src/core/loader.js");
    const before = core().exprNodeCount();
    const bytes = editModel("zoo/mlp_dynamic_batch", (j) => {
      const values = j.graph_module.graph.sym_int_values ?? {};
      for (let i = 0; i < 20_000; i++) values[`hostile_${i}`] = { as_expr: { expr_str: `Add(Symbol('s77', integer=True, positive=True), Integer(${i + 100}))`, hint: null } };
      j.graph_module.graph.sym_int_values = values;
    });
    const e = thrown(() => load(bytes));
    expect(e).toBeInstanceOf(SerializeError);
    expect((e as Error).message).toMatch(new RegExp(`exceed ${MAX_EXPRESSION_CHARS} characters`));
    // At most the budget's worth of expressions was interned.
    expect(core().exprNodeCount() - before).toBeLessThan(MAX_EXPRESSION_CHARS / 20);
  });
});

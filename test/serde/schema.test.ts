// The codec's schema table against PyTorch 2.11's schema.yaml, and codec behaviour on shapes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  SCHEMA,
  SCHEMA_VERSION,
  SchemaShapeError,
  SchemaVersionError,
  UnknownEnumValueError,
  checkSchemaVersion,
  decodeSchema,
  encodeSchema,
  parsePyJson,
  type Argument,
  type TensorMeta,
} from "../../src/serde/index.js";

/** The subset of YAML schema.yaml uses: 2-space nested maps of scalars, plus one list. */
function parseSchemaYaml(text: string): Record<string, any> {
  const root: Record<string, any> = {};
  const stack: Array<{ indent: number; obj: Record<string, any> }> = [{ indent: -1, obj: root }];
  let lastKey = "";
  for (const raw of text.split("\n")) {
    if (!raw.trim() || raw.startsWith("#")) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    while (stack[stack.length - 1].indent >= indent) stack.pop();
    const parent = stack[stack.length - 1].obj;
    if (line.startsWith("- ")) {
      (parent[lastKey] = Array.isArray(parent[lastKey]) ? parent[lastKey] : []).push(Number(line.slice(2)));
      continue;
    }
    const colon = line.indexOf(":");
    const key = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    if (value === "") {
      parent[key] = {};
      stack.push({ indent, obj: parent[key] });
    } else parent[key] = value;
    lastKey = key;
    if (value === "" && indent === 0 && key === "SCHEMA_VERSION") stack.push({ indent, obj: parent });
  }
  return root;
}

const yaml = parseSchemaYaml(
  readFileSync(new URL("../fixtures/torch-2.11/serde/schema.yaml", import.meta.url), "utf8"),
);

describe("SCHEMA table equals schema.yaml 8.17", () => {
  it("has the same version and definitions", () => {
    expect(yaml.SCHEMA_VERSION).toEqual([SCHEMA_VERSION.major, SCHEMA_VERSION.minor]);
    const names = Object.keys(yaml).filter((k) => k !== "SCHEMA_VERSION" && k !== "TREESPEC_VERSION");
    expect(Object.keys(SCHEMA).sort()).toEqual(names.sort());
  });
  for (const [name, def] of Object.entries(SCHEMA)) {
    it(name, () => {
      const y = yaml[name];
      expect(def.kind).toBe(y.kind);
      expect(Object.keys(def.fields)).toEqual(Object.keys(y.fields)); // order = JSON order
      for (const [field, fd] of Object.entries(def.fields)) {
        if (def.kind === "enum") expect(String(fd)).toBe(y.fields[field]);
        else {
          expect((fd as { type: string }).type).toBe(y.fields[field].type);
          expect((fd as { default?: string }).default).toBe(y.fields[field].default);
        }
      }
    });
  }
});

const meta = '{"dtype": 7, "sizes": [{"as_int": 3}, {"as_expr": {"expr_str": "Symbol(\'s77\', positive=True, integer=True)", "hint": {"as_int": 5}}}], "requires_grad": true, "device": {"type": "cpu", "index": null}, "strides": [{"as_int": 4}, {"as_int": 1}], "storage_offset": {"as_int": 0}, "layout": 7}';

describe("codec", () => {
  it("decodes and re-encodes a TensorMeta exactly", () => {
    const m = decodeSchema("TensorMeta", parsePyJson(meta)) as TensorMeta;
    expect(m.sizes[1]).toEqual({ as_expr: { expr_str: "Symbol('s77', positive=True, integer=True)", hint: { as_int: 5 } } });
    expect(encodeSchema("TensorMeta", m)).toBe(meta);
  });
  it("keeps INT64_MAX exact and writes floats the Python way", () => {
    const text = '{"as_ints": [0, 9223372036854775807, -9223372036854775808]}';
    expect(encodeSchema("Argument", decodeSchema("Argument", parsePyJson(text)) as Argument)).toBe(text);
    const floats = '{"as_floats": [1e-05, 1.0, "Infinity", "-Infinity", "NaN", 0.1]}';
    expect(encodeSchema("Argument", decodeSchema("Argument", parsePyJson(floats)) as Argument)).toBe(floats);
    // An int where a float is declared is read as a float (Python's float(data)).
    expect(decodeSchema("Argument", parsePyJson('{"as_float": 0}'))).toEqual({ as_float: 0 });
  });
  it("fills defaults for missing optional fields and ignores unknown keys", () => {
    const n = decodeSchema("Node", parsePyJson('{"target": "t", "inputs": [], "outputs": [], "metadata": {}, "future": 1}'));
    expect(n).toEqual({ target: "t", inputs: [], outputs: [], metadata: new Map(), is_hop_single_tensor_return: null, name: null });
    expect(encodeSchema("Node", n)).toBe('{"target": "t", "inputs": [], "outputs": [], "metadata": {}, "is_hop_single_tensor_return": null, "name": null}');
  });
  const badShapes: Array<[string, string, RegExp]> = [
    ["Argument", '{"as_int": 1, "as_float": 2.0}', /exactly one key/],
    ["Argument", '{"as_frob": 1}', /has no field "as_frob"/],
    ["Argument", '{"as_int": 1.5}', /expected an int.* at as_int/],
    ["Argument", '{"as_tensors": {"name": "x"}}', /expected a list/],
    ["TensorMeta", '{"dtype": 7}', /missing 1 required positional argument: 'sizes'/],
    ["Node", '{"target": 3, "inputs": [], "outputs": [], "metadata": {}}', /expected a str.* at target/],
    ["Node", '{"target": "t", "inputs": [], "outputs": [], "metadata": {"a": 1}}', /at metadata.a/],
    ["Node", "[]", /expected a Node object/],
  ];
  for (const [type, text, msg] of badShapes) {
    it(`rejects ${type} ${text}`, () => {
      expect(() => decodeSchema(type, parsePyJson(text))).toThrow(SchemaShapeError);
      expect(() => decodeSchema(type, parsePyJson(text))).toThrow(msg);
    });
  }
  it("rejects dtype codes schema 8.17 lacks", () => {
    expect(() => decodeSchema("TensorMeta", parsePyJson(meta.replace('"dtype": 7', '"dtype": 33')))).toThrow(UnknownEnumValueError);
  });
  it("refuses to encode malformed values", () => {
    expect(() => encodeSchema("Argument", { as_int: 1, as_float: 2 } as unknown as Argument)).toThrow(SchemaShapeError);
    expect(() => encodeSchema("Argument", { as_int: 1.5 })).toThrow(/expected an int/);
  });
  it("checks the schema major version like torch 2.11", () => {
    expect(() => checkSchemaVersion({ major: 8, minor: 99 })).not.toThrow();
    expect(() => checkSchemaVersion({ major: 0, minor: 0 })).not.toThrow();
    expect(() => checkSchemaVersion({ major: 9, minor: 0 })).toThrow(SchemaVersionError);
    expect(() => checkSchemaVersion({ major: 9, minor: 0 })).toThrow(
      "Serialized schema version SchemaVersion(major=9, minor=0) does not match our current schema version (8, 17).",
    );
  });
});

// Schema-driven JSON codec: parsed JSON ⇄ typed values (types.ts), and typed values → the exact
// text Python's `json.dumps(_dataclass_to_dict(obj))` writes (schema field order, ", " and ": "
// separators, ensure_ascii, float repr, "Infinity"/"NaN" strings).
//
// Reading follows `_dict_to_dataclass`: unknown keys are ignored, missing fields take their
// default or fail, unions have exactly one key. Unlike Python it also checks scalar types, so a
// hostile file fails here with a typed error instead of deep inside a consumer.
import { SchemaShapeError, UnknownEnumValueError } from "../errors.js";
import { parsePyJsonBytes, pyJsonFloat, pyJsonInt, pyJsonString, type JsonValue } from "../pyjson.js";
import { SCHEMA, type Definition } from "./definitions.js";
import type { SchemaTypes } from "./types.js";

type TypeNode =
  | { k: "int" | "float" | "bool" | "str" }
  | { k: "list" | "dict" | "optional"; of: TypeNode }
  | { k: "def"; name: string; def: Definition };

const typeCache = new Map<string, TypeNode>();

/** Parses a schema.yaml type expression (`Optional[List[SymInt]]`). */
function typeOf(expr: string): TypeNode {
  let t = typeCache.get(expr);
  if (t) return t;
  const m = /^(List|Optional)\[(.*)\]$/.exec(expr);
  const d = /^Dict\[str, (.*)\]$/.exec(expr);
  if (m) t = { k: m[1] === "List" ? "list" : "optional", of: typeOf(m[2]) };
  else if (d) t = { k: "dict", of: typeOf(d[1]) };
  else if (expr === "int" || expr === "float" || expr === "bool" || expr === "str") t = { k: expr };
  else {
    const def = SCHEMA[expr];
    if (!def) throw new Error(`schema table: unknown type ${expr}`);
    t = { k: "def", name: expr, def };
  }
  typeCache.set(expr, t);
  return t;
}

interface CompiledField {
  readonly name: string;
  readonly type: TypeNode;
  readonly default: string | undefined;
  /** `"name": ` as written in JSON. */
  readonly key: string;
}
const compiledCache = new Map<string, { list: CompiledField[]; byName: Map<string, CompiledField> }>();

/** A struct/union definition's fields in schema order, with parsed types (built once). */
function fieldsOf(name: string, def: Definition): { list: CompiledField[]; byName: Map<string, CompiledField> } {
  let c = compiledCache.get(name);
  if (!c) {
    const list = Object.entries(def.fields as Record<string, { type: string; default?: string }>).map(([n, f]) => ({
      name: n,
      type: typeOf(f.type),
      default: f.default,
      key: `${pyJsonString(n)}: `,
    }));
    c = { list, byName: new Map(list.map((f) => [f.name, f])) };
    compiledCache.set(name, c);
  }
  return c;
}

/** The JS value of a schema.yaml default text. */
function defaultValue(text: string): unknown {
  switch (text) {
    case "None":
      return null;
    case "'[]'":
      return [];
    case "'{}'":
      return new Map();
    case "'False'":
      return false;
    case "'True'":
      return true;
    default:
      return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Decoder {
  private readonly path: Array<string | number> = [];

  fail(msg: string, Err: new (m: string) => Error = SchemaShapeError): never {
    let where = "";
    for (const p of this.path) where += typeof p === "number" ? `[${p}]` : where ? `.${p}` : p;
    throw new Err(`${msg}${where ? ` at ${where}` : ""}`);
  }

  decode(t: TypeNode, v: JsonValue | undefined): unknown {
    switch (t.k) {
      case "int":
        if (typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) return v;
        return this.fail(`expected an int, got ${describe(v)}`);
      case "float":
        if (typeof v === "number") return v;
        if (typeof v === "bigint") return Number(v);
        if (v === "Infinity") return Infinity;
        if (v === "-Infinity") return -Infinity;
        if (v === "NaN") return NaN;
        return this.fail(`expected a float, got ${describe(v)}`);
      case "bool":
        if (typeof v === "boolean") return v;
        return this.fail(`expected a bool, got ${describe(v)}`);
      case "str":
        if (typeof v === "string") return v;
        return this.fail(`expected a str, got ${describe(v)}`);
      case "optional":
        return v === null ? null : this.decode(t.of, v);
      case "list": {
        if (!Array.isArray(v)) return this.fail(`expected a list, got ${describe(v)}`);
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) {
          this.path.push(i);
          out[i] = this.decode(t.of, v[i]);
          this.path.pop();
        }
        return out;
      }
      case "dict": {
        if (!(v instanceof Map)) return this.fail(`expected a dict, got ${describe(v)}`);
        const out = new Map<string, unknown>();
        for (const [key, item] of v) {
          this.path.push(key);
          out.set(key, this.decode(t.of, item));
          this.path.pop();
        }
        return out;
      }
      case "def":
        return this.decodeDef(t.name, t.def, v);
    }
  }

  private decodeDef(name: string, def: Definition, v: JsonValue | undefined): unknown {
    if (def.kind === "enum") {
      if (typeof v !== "number" || !Number.isInteger(v)) return this.fail(`expected a ${name} code, got ${describe(v)}`);
      if (!enumCodes(name, def).has(v)) return this.fail(`Unknown ${name} code ${v}`, UnknownEnumValueError);
      return v;
    }
    if (!(v instanceof Map)) return this.fail(`expected a ${name} object, got ${describe(v)}`);
    if (def.kind === "union") {
      if (v.size !== 1) return this.fail(`${name} union must have exactly one key, got ${v.size}`);
      const [key, item] = v.entries().next().value as [string, JsonValue];
      const field = fieldsOf(name, def).byName.get(key);
      if (!field) return this.fail(`${name} has no field ${JSON.stringify(key)}`);
      this.path.push(key);
      const value = this.decode(field.type, item);
      this.path.pop();
      return { [key]: value };
    }
    const out: Record<string, unknown> = {};
    for (const field of fieldsOf(name, def).list) {
      const item = v.get(field.name);
      if (item === undefined) {
        if (field.default === undefined) {
          return this.fail(`${name}.__init__() missing 1 required positional argument: '${field.name}'`);
        }
        out[field.name] = defaultValue(field.default);
        continue;
      }
      this.path.push(field.name);
      out[field.name] = this.decode(field.type, item);
      this.path.pop();
    }
    return out;
  }
}

const enumCodeCache = new Map<string, Set<number>>();
function enumCodes(name: string, def: Extract<Definition, { kind: "enum" }>): Set<number> {
  let s = enumCodeCache.get(name);
  if (!s) enumCodeCache.set(name, (s = new Set(Object.values(def.fields))));
  return s;
}

function describe(v: JsonValue | undefined): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (v instanceof Map) return "an object";
  if (typeof v === "string") return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v)}`;
  return `${typeof v} ${String(v)}`;
}

/** Decodes parsed JSON as schema type `name` (a definition name or a type expression). */
export function decodeSchema<K extends keyof SchemaTypes>(name: K, json: JsonValue): SchemaTypes[K];
export function decodeSchema(name: string, json: JsonValue): unknown;
export function decodeSchema(name: string, json: JsonValue): unknown {
  return new Decoder().decode(typeOf(name), json);
}

/** Parses UTF-8 JSON bytes and decodes them as schema type `name`. */
export function decodeSchemaBytes<K extends keyof SchemaTypes>(name: K, bytes: Uint8Array): SchemaTypes[K] {
  return decodeSchema(name, parsePyJsonBytes(bytes));
}

// ---------------------------------------------------------------------------------------------
// Encoding

class Encoder {
  /** The text so far (V8 concatenates strings as ropes, cheaper than an array join here). */
  s = "";
  private readonly path: Array<string | number> = [];

  fail(msg: string): never {
    const where = this.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("");
    throw new SchemaShapeError(`cannot serialize: ${msg}${where ? ` at ${where.slice(1)}` : ""}`);
  }

  encode(t: TypeNode, v: unknown): void {
    switch (t.k) {
      case "int":
        if (typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v))) this.s += pyJsonInt(v);
        else this.fail(`expected an int, got ${String(v)}`);
        return;
      case "float":
        if (typeof v === "number") this.s += pyJsonFloat(v);
        else this.fail(`expected a float, got ${String(v)}`);
        return;
      case "bool":
        if (typeof v === "boolean") this.s += v ? "true" : "false";
        else this.fail(`expected a bool, got ${String(v)}`);
        return;
      case "str":
        if (typeof v === "string") this.s += pyJsonString(v);
        else this.fail(`expected a str, got ${String(v)}`);
        return;
      case "optional":
        if (v === null || v === undefined) this.s += "null";
        else this.encode(t.of, v);
        return;
      case "list": {
        if (!Array.isArray(v)) this.fail("expected an array");
        this.s += "[";
        const arr = v as unknown[];
        for (let i = 0; i < arr.length; i++) {
          if (i) this.s += ", ";
          this.path.push(i);
          this.encode(t.of, arr[i]);
          this.path.pop();
        }
        this.s += "]";
        return;
      }
      case "dict": {
        const entries = v instanceof Map ? [...v.entries()] : v && typeof v === "object" ? Object.entries(v) : null;
        if (!entries) return this.fail("expected a Map");
        this.s += "{";
        entries.forEach(([key, item], i) => {
          if (typeof key !== "string") this.fail("dict keys must be strings");
          if (i) this.s += ", ";
          this.s += pyJsonString(key) + ": ";
          this.path.push(key);
          this.encode(t.of, item);
          this.path.pop();
        });
        this.s += "}";
        return;
      }
      case "def":
        this.encodeDef(t.name, t.def, v);
    }
  }

  private encodeDef(name: string, def: Definition, v: unknown): void {
    if (def.kind === "enum") {
      if (typeof v !== "number" || !enumCodes(name, def).has(v)) this.fail(`invalid ${name} code ${String(v)}`);
      this.s += String(v);
      return;
    }
    if (!v || typeof v !== "object") return this.fail(`expected a ${name} object`);
    const obj = v as Record<string, unknown>;
    const fields = fieldsOf(name, def);
    if (def.kind === "union") {
      let field: CompiledField | undefined;
      let count = 0;
      for (const k in obj) {
        if (obj[k] === undefined) continue;
        count++;
        field = fields.byName.get(k);
      }
      if (count !== 1 || !field) this.fail(`${name} needs exactly one of its fields, got [${Object.keys(obj).join(", ")}]`);
      this.s += "{" + field!.key;
      this.path.push(field!.name);
      this.encode(field!.type, obj[field!.name]);
      this.path.pop();
      this.s += "}";
      return;
    }
    this.s += "{";
    let first = true;
    for (const field of fields.list) {
      let value = obj[field.name];
      if (value === undefined) {
        if (field.default === undefined) this.fail(`${name} is missing field '${field.name}'`);
        value = defaultValue(field.default!);
      }
      this.s += first ? field.key : ", " + field.key;
      first = false;
      this.path.push(field.name);
      this.encode(field.type, value);
      this.path.pop();
    }
    this.s += "}";
  }
}

/** JSON text of `value` as schema type `name`, byte-compatible with PyTorch's writer. */
export function encodeSchema<K extends keyof SchemaTypes>(name: K, value: SchemaTypes[K]): string;
export function encodeSchema(name: string, value: unknown): string;
export function encodeSchema(name: string, value: unknown): string {
  const enc = new Encoder();
  enc.encode(typeOf(name), value);
  return enc.s;
}

/** UTF-8 bytes of encodeSchema (pure ASCII, since non-ASCII is escaped). */
export function encodeSchemaBytes<K extends keyof SchemaTypes>(name: K, value: SchemaTypes[K]): Uint8Array {
  return new TextEncoder().encode(encodeSchema(name, value));
}

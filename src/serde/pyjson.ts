// JSON text as Python's `json` module reads and writes it, exact for 64-bit integers.
//
// Why our own: JSON.parse rounds integers above 2^53 (INT64_MAX occurs in model.json as a slice
// end), JS objects reorder integer-like keys, and PyTorch's text uses Python spellings (`1e-05`,
// `1.0`, `", "` separators, `\uXXXX` for non-ASCII). This module is a leaf: it imports only the
// error classes, so the pytree layer can use it too.
//
// Values: integers are `number` when exact (|v| <= 2^53 - 1) and `bigint` otherwise; floats are
// `number`; objects are `Map`s (insertion order, any key, no prototype); arrays are arrays.
import { JsonParseError } from "./errors.js";

export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;
export type JsonObject = Map<string, JsonValue>;

export interface ParseOptions {
  /** Deepest array/object nesting accepted (guards the parser's stack). Default 512. */
  maxDepth?: number;
  /**
   * Most arrays + objects in one document. Default 4096 + text length / 10: PyTorch's JSON has
   * one per ~40 characters, while `{},{},...` would make a Map (~200 bytes of heap) per 3
   * characters; the bound keeps the heap proportional to the text.
   */
  maxContainers?: number;
  /** Most elements in one array or entries in one object (V8 aborts the process on arrays of
   * ~100M elements; this fails first, typed). Default 2^24 - 1. */
  maxItems?: number;
}

const WS = new Uint8Array(128);
// eslint-disable-next-line no-control-regex
const STR_RUN = /[^"\\\x00-\x1f]*/y;
WS[0x20] = WS[0x09] = WS[0x0a] = WS[0x0d] = 1;

/** Parses JSON text the way Python's `json.loads` does (incl. bare NaN/Infinity), keeping big ints exact. */
export function parsePyJson(text: string, options: ParseOptions = {}): JsonValue {
  const maxDepth = options.maxDepth ?? 512;
  const n = text.length;
  let containersLeft = options.maxContainers ?? 4096 + Math.floor(n / 10);
  const maxItems = options.maxItems ?? 2 ** 24 - 1;
  let pos = 0;

  const fail = (what: string): never => {
    throw new JsonParseError(`${what} at char ${pos}`);
  };
  const skipWs = (): void => {
    while (pos < n) {
      const c = text.charCodeAt(pos);
      if (c < 128 && WS[c]) pos++;
      else break;
    }
  };

  const parseString = (): string => {
    // pos is at the opening quote
    pos++;
    let out = "";
    let start = pos;
    for (;;) {
      // Skip a run of ordinary characters in native code.
      STR_RUN.lastIndex = pos;
      STR_RUN.test(text);
      pos = STR_RUN.lastIndex;
      if (pos >= n) fail("Unterminated string");
      const c = text.charCodeAt(pos);
      if (c === 0x22) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c < 0x20) fail("Invalid control character in string");
      if (c !== 0x5c) {
        pos++;
        continue;
      }
      out += text.slice(start, pos);
      const e = text[pos + 1];
      pos += 2;
      switch (e) {
        case '"': out += '"'; break;
        case "\\": out += "\\"; break;
        case "/": out += "/"; break;
        case "b": out += "\b"; break;
        case "f": out += "\f"; break;
        case "n": out += "\n"; break;
        case "r": out += "\r"; break;
        case "t": out += "\t"; break;
        case "u": {
          const hex = text.slice(pos, pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail("Invalid \\uXXXX escape");
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 4;
          break;
        }
        default:
          pos -= 2;
          fail("Invalid \\escape");
      }
      start = pos;
    }
  };

  const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
  const parseNumber = (): number | bigint => {
    // JSON number grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
    const start = pos;
    if (text.charCodeAt(pos) === 0x2d) pos++;
    if (text.charCodeAt(pos) === 0x30) pos++;
    else if (isDigit(text.charCodeAt(pos))) while (isDigit(text.charCodeAt(pos))) pos++;
    else fail("Expecting value");
    let integer = true;
    if (text.charCodeAt(pos) === 0x2e && isDigit(text.charCodeAt(pos + 1))) {
      integer = false;
      pos++;
      while (isDigit(text.charCodeAt(pos))) pos++;
    }
    const e = text.charCodeAt(pos);
    if (e === 0x65 || e === 0x45) {
      let q = pos + 1;
      const sign = text.charCodeAt(q);
      if (sign === 0x2b || sign === 0x2d) q++;
      if (isDigit(text.charCodeAt(q))) {
        integer = false;
        pos = q;
        while (isDigit(text.charCodeAt(pos))) pos++;
      }
    }
    const s = text.slice(start, pos);
    if (!integer) return Number(s);
    // Integer literal: exact as number when safe, else bigint (Python ints are unbounded).
    if (s.length <= 15) return Number(s);
    const b = BigInt(s);
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
  };

  const parseValue = (depth: number): JsonValue => {
    skipWs();
    if (pos >= n) fail("Expecting value");
    const c = text.charCodeAt(pos);
    if (c === 0x22) return parseString();
    if (c === 0x7b) return parseObject(depth + 1);
    if (c === 0x5b) return parseArray(depth + 1);
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (text.startsWith("-Infinity", pos)) {
        pos += 9;
        return -Infinity;
      }
      return parseNumber();
    }
    const literal = LITERALS[text[pos]];
    if (literal && text.startsWith(literal[0], pos)) {
      pos += literal[0].length;
      return literal[1];
    }
    return fail("Expecting value");
  };

  const container = (depth: number): void => {
    if (depth > maxDepth) fail(`Nesting deeper than ${maxDepth}`);
    if (--containersLeft < 0) fail(`More arrays and objects than the limit ${options.maxContainers ?? 4096 + Math.floor(n / 10)} for ${n} characters`);
  };
  const tooMany = (): never => fail(`More than ${maxItems} items in one array or object`);

  const parseArray = (depth: number): JsonValue[] => {
    container(depth);
    pos++;
    const out: JsonValue[] = [];
    skipWs();
    if (text.charCodeAt(pos) === 0x5d) {
      pos++;
      return out;
    }
    for (;;) {
      if (out.length >= maxItems) tooMany();
      out.push(parseValue(depth));
      skipWs();
      const c = text.charCodeAt(pos);
      pos++;
      if (c === 0x5d) return out;
      if (c !== 0x2c) {
        pos--;
        fail("Expecting ',' delimiter");
      }
    }
  };

  const parseObject = (depth: number): JsonObject => {
    container(depth);
    pos++;
    const out: JsonObject = new Map();
    skipWs();
    if (text.charCodeAt(pos) === 0x7d) {
      pos++;
      return out;
    }
    for (;;) {
      skipWs();
      if (text.charCodeAt(pos) !== 0x22) fail("Expecting property name enclosed in double quotes");
      const key = parseString();
      skipWs();
      if (text.charCodeAt(pos) !== 0x3a) fail("Expecting ':' delimiter");
      pos++;
      if (out.size >= maxItems) tooMany();
      out.set(key, parseValue(depth));
      skipWs();
      const c = text.charCodeAt(pos);
      pos++;
      if (c === 0x7d) return out;
      if (c !== 0x2c) {
        pos--;
        fail("Expecting ',' delimiter");
      }
    }
  };

  const value = parseValue(0);
  skipWs();
  if (pos !== n) fail("Extra data");
  return value;
}

const LITERALS: Readonly<Record<string, readonly [string, JsonValue]>> = {
  n: ["null", null],
  t: ["true", true],
  f: ["false", false],
  N: ["NaN", NaN],
  I: ["Infinity", Infinity],
};

/** Decodes UTF-8 bytes (strictly) and parses them. */
export function parsePyJsonBytes(bytes: Uint8Array, options?: ParseOptions): JsonValue {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new JsonParseError("JSON bytes are not valid UTF-8");
  }
  return parsePyJson(text, options);
}

// ---------------------------------------------------------------------------------------------
// Writing

/** Python's `repr(float)`: shortest round-trip digits, exponent outside [1e-4, 1e16). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  // toExponential() without an argument gives the shortest digits that round-trip, like repr.
  const [mant, expText] = x.toExponential().split("e");
  const exp = Number(expText);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const e = Math.abs(exp);
    body = `${m}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
  } else if (exp < 0) {
    body = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else if (digits.length > exp + 1) {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  } else {
    body = `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  }
  return neg ? `-${body}` : body;
}

/** Python's `repr(str)`: single quotes unless the text has ' and no ". The one copy, used by
 * the FX printer (`pyStr`) and the pytree reprs. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === quote || ch === "\\") out += "\\" + ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + c.toString(16).padStart(2, "0");
    else out += ch;
  }
  return out + quote;
}

/** A float as PyTorch's serializer writes it: repr, or the strings "Infinity"/"-Infinity"/"NaN". */
export function pyJsonFloat(x: number): string {
  if (Number.isNaN(x)) return '"NaN"';
  if (x === Infinity) return '"Infinity"';
  if (x === -Infinity) return '"-Infinity"';
  return pyFloatRepr(x);
}

/** A JSON string literal with `ensure_ascii=True` escaping (Python's `json.dumps`). */
export function pyJsonString(s: string): string {
  // Fast path: printable ASCII without quote or backslash.
  if (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(s)) return `"${s}"`;
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += "\\\\";
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c < 0x20 || c > 0x7e) out += "\\u" + c.toString(16).padStart(4, "0");
    else out += s[i];
  }
  return out + '"';
}

/** An integer as JSON text; throws on non-integral numbers. */
export function pyJsonInt(x: number | bigint): string {
  if (typeof x === "bigint") return x.toString();
  if (!Number.isInteger(x)) throw new RangeError(`not an integer: ${x}`);
  return Object.is(x, -0) ? "0" : x.toFixed(0);
}

/**
 * `json.dumps(value)` with default separators for a generic value: integral numbers and bigints
 * are ints, other numbers floats (NaN/Infinity bare, as Python's allow_nan=True), Maps and plain
 * objects are dicts, arrays are lists.
 */
export function dumpsPyJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return value.toString();
    case "number":
      if (Number.isInteger(value)) return pyJsonInt(value);
      if (Number.isNaN(value)) return "NaN";
      if (!Number.isFinite(value)) return value > 0 ? "Infinity" : "-Infinity";
      return pyFloatRepr(value);
    case "string":
      return pyJsonString(value);
  }
  if (Array.isArray(value)) return `[${value.map(dumpsPyJson).join(", ")}]`;
  const entries = value instanceof Map ? [...value.entries()] : Object.entries(value as object);
  return `{${entries.map(([k, v]) => `${pyJsonString(String(k))}: ${dumpsPyJson(v)}`).join(", ")}}`;
}

// Python-compatible JSON: float repr, ensure_ascii strings, exact big ints, parse errors.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { JsonParseError, dumpsPyJson, parsePyJson, pyFloatRepr, pyJsonFloat, pyJsonString } from "../../src/serde/index.js";

describe("pyFloatRepr matches Python's repr(float)", () => {
  // Expected texts printed by CPython 3 `repr`.
  const cases: Array<[number, string]> = [
    [0.1, "0.1"], [1e-5, "1e-05"], [1.5, "1.5"], [1.0, "1.0"], [-0.0, "-0.0"], [0.0, "0.0"], [100.0, "100.0"],
    [1e16, "1e+16"], [1e15, "1000000000000000.0"], [123456789.125, "123456789.125"], [1e-4, "0.0001"],
    [0.00012, "0.00012"], [2.5e-7, "2.5e-07"], [1.7976931348623157e308, "1.7976931348623157e+308"],
    [5e-324, "5e-324"], [-3.14159, "-3.14159"], [1e22, "1e+22"], [9007199254740992.0, "9007199254740992.0"],
    [0.3333333333333333, "0.3333333333333333"], [12345678901234567.0, "1.2345678901234568e+16"],
  ];
  for (const [x, text] of cases) it(text, () => expect(pyFloatRepr(x)).toBe(text));
  it("non-finite floats are written as PyTorch's strings", () => {
    expect([Infinity, -Infinity, NaN].map(pyJsonFloat)).toEqual(['"Infinity"', '"-Infinity"', '"NaN"']);
  });
  it("round-trips every double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Number(pyFloatRepr(x).replace(/\.0$/, "")), x) || (x === 0 && Number(pyFloatRepr(x)) === 0)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("strings and generic dumps", () => {
  it("escapes like json.dumps(ensure_ascii=True)", () => {
    expect(pyJsonString('é\u0001\x7f"\\/ \u{1F600}\n')).toBe('"\\u00e9\\u0001\\u007f\\"\\\\/ \\ud83d\\ude00\\n"');
  });
  it("dumps with Python separators", () => {
    expect(dumpsPyJson(new Map<string, unknown>([["a", [1, 2.5, null]], ["b", true]]))).toBe('{"a": [1, 2.5, null], "b": true}');
  });
});

describe("parsePyJson", () => {
  it("keeps integers beyond 2^53 exact as bigint, smaller ones as number", () => {
    const v = parsePyJson("[9223372036854775807, -9223372036854775808, 9007199254740991, 1.0, 1e-05]") as unknown[];
    expect(v).toEqual([9223372036854775807n, -9223372036854775808n, 9007199254740991, 1, 1e-5]);
  });
  it("keeps object key order, including integer-like keys, and parses escapes", () => {
    const v = parsePyJson('{"b": 1, "10": 2, "a": "\\u00e9\\ud83d\\ude00"}') as Map<string, unknown>;
    expect([...v.keys()]).toEqual(["b", "10", "a"]);
    expect(v.get("a")).toBe("é\u{1F600}");
  });
  it("accepts Python's bare NaN / Infinity tokens", () => {
    const v = parsePyJson("[NaN, Infinity, -Infinity]") as number[];
    expect(Number.isNaN(v[0])).toBe(true);
    expect(v.slice(1)).toEqual([Infinity, -Infinity]);
  });
  const bad = ["", "[1,]", "{\"a\" 1}", "[1 2]", "\"abc", "01", "[1] x", "{'a': 1}", "\"\\x\"", "-", "\"a\u0001\""];
  for (const text of bad) it(`rejects ${JSON.stringify(text)}`, () => expect(() => parsePyJson(text)).toThrow(JsonParseError));
  it("bounds nesting depth", () => {
    expect(() => parsePyJson("[".repeat(100000))).toThrow(/Nesting deeper/);
    expect(parsePyJson("[".repeat(50) + "]".repeat(50))).toBeTruthy();
  });
  it("agrees with JSON.parse on ordinary JSON", () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const ours = parsePyJson(text);
        const plain = JSON.parse(JSON.stringify(toPlain(ours)));
        expect(plain).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });
});

function toPlain(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toPlain(x)]));
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === "bigint") return Number(v);
  return v;
}

import { describe, expect, it } from "vitest";
import { parameterList } from "../../src/export/arg_names.js";
import { UserError } from "../../src/export/errors.js";

const names = (fn: (...args: never[]) => unknown) => parameterList(fn).map((p) => p.name);

describe("forward parameter names", () => {
  it("reads methods, functions and arrows", () => {
    class M {
      forward(x: number, y: number) {
        return x + y;
      }
    }
    expect(names(new M().forward as never)).toEqual(["x", "y"]);
    expect(names(function f(a: number, b: number) { return a + b; } as never)).toEqual(["a", "b"]);
    expect(names(((x: number) => x) as never)).toEqual(["x"]);
    expect(names(((q: unknown) => q) as never)).toEqual(["q"]);
    expect(names((async (x: number) => x) as never)).toEqual(["x"]);
  });

  it("handles defaults with nested brackets and strings, comments and rest parameters", () => {
    const fn = (x: number, /* the mask */ mask = [1, (2)], opts = { a: "),(" }, ...rest: number[]) => [x, mask, opts, rest];
    const params = parameterList(fn as never);
    expect(params.map((p) => p.name)).toEqual(["x", "mask", "opts", "rest"]);
    expect(params.map((p) => p.optional)).toEqual([false, true, true, false]);
    expect(params[3].rest).toBe(true);
  });

  it("prefers a declared override (for minified code)", () => {
    expect(parameterList(((a: number) => a) as never, ["input_ids"]).map((p) => p.name)).toEqual(["input_ids"]);
  });

  it("refuses destructured parameters other than a trailing object pattern with a typed error", () => {
    expect(() => parameterList((([a]: number[]) => a) as never)).toThrow(UserError);
    expect(() => parameterList((({ a }: { a: number }, b: number) => a + b) as never)).toThrow(UserError);
    expect(() => parameterList((({ a, ...others }: { a: number }) => [a, others]) as never)).toThrow(UserError);
  });

  it("reads a trailing object pattern as Python's keyword-only parameters", () => {
    const params = parameterList(((x: number, { start, end: e = 2 }: { start: number; end?: number }) => x + start + e) as never);
    expect(params.map((p) => p.name)).toEqual(["x", ""]);
    expect(params[1]!.keywordOnly).toEqual(["start", "end"]);
    // forwardArgNames naming the pattern's keys after the positional names keeps them keyword-only.
    const declared = parameterList((function (x: number, { start }: { start: number }) { return x + start; }) as never, ["x", "start"]);
    expect(declared.map((p) => [p.name, p.keywordOnly])).toEqual([["x", undefined], ["", ["start"]]]);
  });
});

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

  it("refuses destructured parameters with a typed error", () => {
    expect(() => parameterList((({ a }: { a: number }) => a) as never)).toThrow(UserError);
  });
});

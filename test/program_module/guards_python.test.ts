// The Python subset guard code is written in: printing as Python 3's ast.unparse prints (the
// expected strings below are ast.unparse(ast.parse(s)) from CPython 3), and evaluation with
// Python's integer semantics.
import { describe, expect, it } from "vitest";
import { expectThrow } from "./fixtures.js";
import { evaluatePython, parsePython, unparsePython } from "../../src/program/guards_python.js";
import { GuardAttributeError, GuardIndexError, GuardSyntaxError } from "../../src/program/guards_errors.js";
import { torch } from "../../src/torch.js";

const UNPARSED: Array<[string, string]> = [
  ["((-1) + x.size()[0]) == y.size()[0]", "-1 + x.size()[0] == y.size()[0]"],
  ["(((-2) + x.size()[2]) % 2) == 0", "(-2 + x.size()[2]) % 2 == 0"],
  ["5 + ((-1)*x.size()[0]) >= 0", "5 + -1 * x.size()[0] >= 0"],
  ["((-3)*y.size()[0]) + 2*x.size()[0] > 0", "-3 * y.size()[0] + 2 * x.size()[0] > 0"],
  ["((y.size()[0]*x.size()[0]) % 3) == 0", "y.size()[0] * x.size()[0] % 3 == 0"],
  ["y.size()[0] + (x.size()[0] // 2) > 3", "y.size()[0] + x.size()[0] // 2 > 3"],
  ["max(y.size()[0], x.size()[0]) == x.size()[0]", "max(y.size()[0], x.size()[0]) == x.size()[0]"],
  ["(a - (b - c)) * (d + e)", "(a - (b - c)) * (d + e)"],
  ["2 ** (3 ** 2)", "2 ** 3 ** 2"],
  ["(2 ** 3) ** 2", "(2 ** 3) ** 2"],
  ["-(2 ** 2)", "-2 ** 2"],
  ["(-2) ** 2", "(-2) ** 2"],
  ["not (a and b) or c", "not (a and b) or c"],
  ["(a or b) and c", "(a or b) and c"],
  ["x[0] < 3 < (4)", "x[0] < 3 < 4"],
  ["cfg['alpha'] == 'x'", "cfg['alpha'] == 'x'"],
];


describe("ast.unparse printing", () => {
  for (const [src, want] of UNPARSED) {
    it(src, () => expect(unparsePython(parsePython(src))).toBe(want));
  }
});

describe("evaluation", () => {
  const ev = (src: string, locals: Record<string, unknown> = {}) => evaluatePython(parsePython(src), locals);

  it("uses Python's floor division, modulo and power", () => {
    expect([ev("-7 // 2"), ev("-7 % 2"), ev("7 % -2"), ev("2 ** 3 ** 2")]).toEqual([-4, 1, -1, 512]);
  });

  it("chains comparisons and short-circuits and/or", () => {
    expect(ev("1 < 2 < 3")).toBe(true);
    expect(ev("1 < 3 < 2")).toBe(false);
    expect(ev("0 or 5")).toBe(5);
    expect(ev("0 and missing")).toBe(0);
    expect(ev("not 0")).toBe(true);
  });

  it("reads tensor sizes through args and L", () => {
    const x = torch.zeros(2, 3);
    expect(ev("args[0].size()[1] == 3", { args: [x] })).toBe(true);
    expect(ev("(-2 + args[0].size()[1]) % 2 == 0", { args: [x] })).toBe(false);
    expect(ev("L['x'].size()[0] <= 1024", { L: { x } })).toBe(true);
    expect(ev("L['n'] == math.inf", { L: { n: Infinity } })).toBe(true);
  });

  it("raises Python's errors for bad guard inputs", () => {
    const x = torch.zeros(3);
    expectThrow(() => ev("args[0].size()[1] == 3", { args: [x] }), GuardIndexError, "tuple index out of range");
    expectThrow(() => ev("args[0].size()[0] == 3", { args: [7] }), GuardAttributeError, "'int' object has no attribute 'size'");
    expect(() => parsePython("a +")).toThrow(GuardSyntaxError);
    expect(() => ev("y == 1")).toThrow(GuardSyntaxError);
  });
});

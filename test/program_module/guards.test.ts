// `_get_input_guards_for_graph` and `_convert_guards_code_to_fn` on hand-made placeholder values:
// static sizes, ranges (lower bounds only above 2), shared symbols, sizes derived from a root no
// input has directly, and non-tensor inputs. Expected texts follow PyTorch 2.11's _unlift.py rules
// (the derived-size example is the one its docstring gives: `-1 + 2 * z.size()[0] == y.size()[0]`).
import { describe, expect, it } from "vitest";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { SymInt } from "../../src/symbolic/symint.js";
import { MappingKey, SequenceKey } from "../../src/pytree/index.js";
import { PyFloat } from "../../src/fx/values.js";
import { convertGuardsCodeToFn, inputGuardsForGraph, replaceFlatArgSources } from "../../src/program/guards.js";
import { GuardFailedError } from "../../src/program/guards_errors.js";
import { torch } from "../../src/torch.js";

const path = (name: string, ...idx: number[]) => [MappingKey(name), ...idx.map((i) => SequenceKey(i))];

describe("input guards", () => {
  it("emits static sizes, ranges and equalities in placeholder order", () => {
    const env = new ShapeEnv();
    const s = env.createSymbol("L['x'].size()[0]", 8);
    const t = env.createSymbol("L['y'].size()[1]", 5);
    const x = { dtype: "float32", shape: [SymInt.of(env, s), 16] };
    const y = { dtype: "float32", shape: [SymInt.of(env, s), SymInt.of(env, t)] };
    const ranges = [
      { key: s.toString(), lower: 1, upper: 1024 },
      { key: t.toString(), lower: 3, upper: Infinity },
    ];
    expect(inputGuardsForGraph([x, y], ranges, [path("x"), path("y")])).toEqual([
      "L['x'].size()[0] <= 1024",
      "L['x'].size()[1] == 16",
      "L['y'].size()[0] == L['x'].size()[0]",
      "L['y'].size()[1] >= 3",
    ]);
    env.free();
  });

  it("relates two sizes derived from a root that no input has directly", () => {
    const env = new ShapeEnv();
    const root = env.createSymbol("dim", 3);
    const z = { dtype: "float32", shape: [SymInt.of(env, root.add(1))] };
    const y = { dtype: "float32", shape: [SymInt.of(env, root.mul(2).add(1))] };
    const ranges = [
      { key: root.add(1).toString(), lower: 2, upper: Infinity },
      { key: root.mul(2).add(1).toString(), lower: 3, upper: Infinity },
    ];
    const code = inputGuardsForGraph([z, y], ranges, [path("z"), path("y")]);
    expect(code).toEqual(["L['y'].size()[0] >= 3", "-1 + 2*L['z'].size()[0] == L['y'].size()[0]"]);
    const fn = convertGuardsCodeToFn(code, [path("z"), path("y")]);
    expect(fn.guards[1]!.message).toBe("Guard failed: -1 + 2 * z.size()[0] == y.size()[0]");
    fn.call([torch.zeros(4), torch.zeros(7)]);
    expect(() => fn.call([torch.zeros(4), torch.zeros(8)])).toThrow(GuardFailedError);
    env.free();
  });

  it("pins int, float, bool and str inputs to their exported values", () => {
    const code = inputGuardsForGraph([3, new PyFloat(2), true, "mean"], [], [path("n"), path("f"), path("b"), path("mode")]);
    expect(code).toEqual(["L['n'] == 3", "L['f'] == 2.0", "L['b'] == True", "L['mode'] == 'mean'"]);
    const fn = convertGuardsCodeToFn(code, [path("n"), path("f"), path("b"), path("mode")]);
    fn.call([3, 2, true, "mean"]);
    let error: unknown;
    try {
      fn.call([3, 2, true, "sum"]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GuardFailedError);
    expect((error as Error).message).toBe("Guard failed: mode == 'mean'");
  });
});

describe("guard code to function", () => {
  it("replaces tracer sources by user paths and names nested inputs as the user does", () => {
    const paths = [path("pair", 0), [MappingKey("cfg"), MappingKey("beta")]];
    expect(replaceFlatArgSources("L['flat_args'][1].size()[0] == 3", paths)).toBe("L['cfg']['beta'].size()[0] == 3");
    const fn = convertGuardsCodeToFn(["(L['pair'][0].size()[0] % 2) == 0", "L['cfg']['beta'].size()[0] <= 8"], paths);
    expect(fn.guards.map((g) => g.code)).toEqual(["(args[0].size()[0] % 2) == 0", "args[1].size()[0] <= 8"]);
    expect(fn.guards.map((g) => g.message)).toEqual(["Guard failed: pair[0].size()[0] % 2 == 0", "Guard failed: cfg['beta'].size()[0] <= 8"]);
  });
});

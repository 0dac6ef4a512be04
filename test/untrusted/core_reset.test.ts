// A failure inside the WASM core (an AssemblyScript abort or a trap: here, asking the graph store
// for a 4 GiB scratch buffer) resets it: the failed call gets a typed CoreError, the next export
// works, and objects of the replaced instance refuse to work (typed) instead of aliasing new ones.
import { expect, it } from "vitest";
import "../../src/ops/index.js";
import { core } from "../../src/core/loader.js";
import { CoreError, Pt2jsError } from "../../src/core/errors.js";
import { Expr } from "../../src/core/expr.js";
import { ShapeEnv } from "../../src/core/shape_env.js";
import { coreResetCount, whenCoreRecoverable } from "../../src/core/recover.js";
import { exportModule } from "../../src/export/export.js";
import { Dim } from "../../src/export/dim.js";
import { load, save } from "../../src/program/save_load.js";
import { randn } from "../../src/tensor/factories.js";
import { Tensor } from "../../src/tensor/tensor.js";
import { MLP } from "../models/mlp.js";

const model = new MLP();
const options = { dynamic_shapes: { x: { 0: Dim("batch", { min: 2, max: 1024 }) } } };
const values = (t: unknown) => Array.from((t as Tensor).contiguous()._values() as Float32Array);

it("a trap in the core: typed error for that call, a fresh core for the next", async () => {
  await whenCoreRecoverable();
  const x = randn(8, 16);
  const before = exportModule(model as never, [x], options);
  const want = values((before.module() as unknown as (a: unknown) => unknown)(x));
  const bytes = save(before);
  const text = String(before);
  const env = new ShapeEnv();
  const sym = env.createSymbol("L['y'].size()[0]", 5);
  const resets = coreResetCount();

  let err: unknown;
  try {
    core().graphScratchReserve(2 ** 30);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(CoreError);
  expect((err as Error).message).toMatch(/the WASM core failed \(.*\) and was reset/);
  expect(coreResetCount()).toBe(resets + 1);

  // The next calls run on the fresh core.
  const after = exportModule(model as never, [x], options);
  expect(String(after)).toBe(text);
  expect(values((after.module() as unknown as (a: unknown) => unknown)(x))).toEqual(want);
  expect(values((load(bytes).module() as unknown as (a: unknown) => unknown)(x))).toEqual(want);

  // Objects of the replaced instance fail typed, never alias the new one's.
  expect(() => env.createUnbacked()).toThrow(CoreError);
  expect(() => sym.toString()).toThrow(Pt2jsError);
  expect(() => before.graph.nodes).toThrow(CoreError);
  expect(Expr.int(7).toString()).toBe("7");
  env.dispose(); // harmless
}, 60_000);

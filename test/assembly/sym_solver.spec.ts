import { ShapeEnv, DimDynamic, ConstraintKind } from "../../assembly/sym/shape_env";
import { evaluateBool } from "../../assembly/sym/shape_env_eval";
import { integer, sub } from "../../assembly/sym/expr_arith";
import { mod } from "../../assembly/sym/expr_div";
import { eq, gt } from "../../assembly/sym/expr_rel";
import { SolverInput, TrackedInput, produceGuardsAndSolve } from "../../assembly/sym/solver";
import { solveCongruences } from "../../assembly/sym/solver_linear";

function named(env: ShapeEnv, source: string, hint: i64, name: string, lo: i64, hi: i64, hiInf: bool): u32 {
  env.setDebugName(source, name);
  return env.createSymbol(source, hint, DimDynamic.DYNAMIC, ConstraintKind.StrictMinMax, lo, hi, false, hiInf);
}

describe("solver", () => {
  it("solves congruences like sympy's solve_congruence", () => {
    const r = solveCongruences([2, 0], [3, 2]);
    expect(r[0]).toBe(2);
    expect(r[1]).toBe(6);
    expect(solveCongruences([1, 0], [2, 4]).length).toBe(0);
  });

  it("reports a range violation and the refined range", () => {
    const env = new ShapeEnv(true, false);
    const x = named(env, "L['x'].size()[0]", 6, "dx", 0, 100, false);
    expect(evaluateBool(env, gt(x, integer(4)), "")).toBe(1);
    const input = new SolverInput();
    input.inputs.push(new TrackedInput("L['x'].size()[0]", x, ConstraintKind.StrictMinMax, 0, 100, false, true));
    const r = produceGuardsAndSolve(env, input)!;
    expect(r.errorText).toBe(
      "Constraints violated (dx)! For more information, run with TORCH_LOGS=\"+dynamic\".\n" +
        "  - Not all values of dx = L['x'].size()[0] in the specified range dx <= 100 satisfy the generated guard " +
        "5 <= L['x'].size()[0] and L['x'].size()[0] <= 100",
    );
    expect(r.dynamicResults.includes("5 <= L['x'].size()[0]")).toBe(true);
    expect(r.dynamicResults.includes("L['x'].size()[0] <= 100")).toBe(true);
  });

  it("turns a divisibility guard into a new root", () => {
    const env = new ShapeEnv(true, false);
    const h = named(env, "L['x'].size()[2]", 16, "h", 4, 512, false);
    expect(evaluateBool(env, eq(mod(sub(h, integer(2)), integer(2)), integer(0)), "")).toBe(1);
    const input = new SolverInput();
    input.inputs.push(new TrackedInput("L['x'].size()[2]", h, ConstraintKind.StrictMinMax, 4, 512, false, true));
    const r = produceGuardsAndSolve(env, input)!;
    expect(r.dynamicResults.includes("L['x'].size()[2] == 2*_h")).toBe(true);
    expect(r.violations.length).toBe(1);
  });
});

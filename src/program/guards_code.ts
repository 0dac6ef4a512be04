// ExportedProgram._guards_code (torch/export/exported_program.py `_convert_guards_to_code`): the
// shape environment's guards as Python source over input sources (`L['x'].size()[0] % 2 == 0`),
// which `ep.module()` turns into its guard function. Guards on a symbol without an input source
// (a Dim root no input uses directly, PyTorch's ConstantSource) or on `L['self']` are left out.
import type { ShapeEnv } from "../core/shape_env.js";

export function convertGuardsToCode(env: ShapeEnv): string[] {
  const isInputSymbol = (s: Parameters<ShapeEnv["firstSource"]>[0]) => env.firstSource(s).startsWith("L[");
  return env.guards
    .filter((g) => g.expr.freeSymbols().every(isInputSymbol))
    .map((g) => env.printGuard(g.expr))
    .filter((code) => !code.includes("L['self']"));
}

// ep.example_inputs: the (args, kwargs) an ExportedProgram was exported with. Setting it checks the
// value as PyTorch's setter does: a pair of a tuple (array) and a dict (plain object), whose tree
// structure must be the program's input spec (_check_inputs_match: keyword mismatch first, then
// "Trying to flatten user inputs ...").
import { treespec_loads } from "../pytree/index.js";
import { InputTreeSpecError } from "./guards_errors.js";
import { checkInputsMatch } from "./unlift.js";
import type { ExportedProgram } from "./exported_program.js";

export type ExampleInputs = [unknown[], Record<string, unknown>];

const isDict = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Validates `value` for `ep.example_inputs = value` (null clears it). */
export function checkExampleInputs(ep: ExportedProgram, value: unknown): ExampleInputs | null {
  if (value === null || value === undefined) return null;
  if (!(Array.isArray(value) && value.length === 2 && Array.isArray(value[0]) && isDict(value[1]))) {
    throw new InputTreeSpecError(
      "Example inputs should be a tuple containing example arguments (as a tuple), and example kwargs (as a dictionary).",
    );
  }
  const [args, kwargs] = value as ExampleInputs;
  const sig = ep.module_call_graph[0]?.signature;
  if (sig) checkInputsMatch(args, kwargs, treespec_loads(sig.in_spec));
  return [args, kwargs];
}

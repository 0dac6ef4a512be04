// What an archive says about a program beyond the ExportedProgram object pt2js builds from it
// (torch version, opset, verifiers, symbol hints, ...). Kept per program, so that saving a loaded
// program writes the same model.json; programs exported by pt2js have none.
import type { ExportedProgram } from "./exported_program.js";
import type { Argument, Int, NamedTupleDef } from "../serde/schema/types.js";

export interface ProgramExtras {
  torch_version: string;
  opset_version: Map<string, Int>;
  verifiers: string[];
  guards_code: string[];
  schema_version: { major: Int; minor: Int };
  /** GraphModule.metadata (e.g. "custom") and treespec_namedtuple_fields, as read. */
  graph_module_metadata: Map<string, string>;
  treespec_namedtuple_fields: Map<string, NamedTupleDef>;
  /** Symbol name → example value (the `hint` of SymExprs). */
  hints: Map<string, number>;
  /** The module call graph's signature arguments as read (pt2js keeps only their names). */
  module_call_arguments: Map<string, { inputs: Argument[]; outputs: Argument[] }>;
}

const extras = new WeakMap<ExportedProgram, ProgramExtras>();

export function setProgramExtras(ep: ExportedProgram, e: ProgramExtras): void {
  extras.set(ep, e);
}

export function programExtras(ep: ExportedProgram): ProgramExtras | undefined {
  return extras.get(ep);
}

// torch.export's public functions bind their arguments by PyTorch 2.11's signatures (src/bind):
//   export(mod, args, kwargs=None, *, dynamic_shapes=None, strict=False,
//          preserve_module_call_signature=(), prefer_deferred_runtime_asserts_over_guards=False)
//   draft_export(mod, args, kwargs=None, *, dynamic_shapes=None, preserve_module_call_signature=(),
//                strict=False, pre_dispatch=True, prefer_deferred_runtime_asserts_over_guards=False)
// (torch/export/__init__.py; the 2.6 table in src/bind lacks 2.11's last keyword). `kwargs` may be
// given by position or as a keyword; an unknown keyword is PyTorch's TypeError, never ignored.
import { PySignature, type PyParam } from "../bind/python.js";
import { exportModule, type ExportOptions, type ExportableModule } from "./export.js";
import { draftExport, type DraftExportedProgram } from "./draft_export.js";
import type { ExportedProgram } from "../program/exported_program.js";
import { TorchTypeError } from "../ops/errors.js";

const P = (name: string, d?: unknown): PyParam => (d === undefined ? { name, kind: "POSITIONAL_OR_KEYWORD" } : { name, kind: "POSITIONAL_OR_KEYWORD", default: d });
const KW = (name: string, d: unknown): PyParam => ({ name, kind: "KEYWORD_ONLY", default: d });

const EXPORT = new PySignature("export", [
  P("mod"), P("args"), P("kwargs", null), KW("dynamic_shapes", null), KW("strict", false), KW("preserve_module_call_signature", null),
  KW("prefer_deferred_runtime_asserts_over_guards", false),
]);
const DRAFT_EXPORT = new PySignature("draft_export", [
  P("mod"), P("args"), P("kwargs", null), KW("dynamic_shapes", null), KW("preserve_module_call_signature", null), KW("strict", false),
  KW("pre_dispatch", true), KW("prefer_deferred_runtime_asserts_over_guards", false),
]);

/** Keyword arguments of torch.export.export. */
export type ExportKwargs = ExportOptions;

function options(values: unknown[], names: readonly string[]): ExportOptions {
  const o: Record<string, unknown> = {};
  names.forEach((n, i) => {
    const v = values[i + 2];
    if (n !== "" && v !== null && v !== undefined) o[n] = v;
  });
  return o as ExportOptions;
}

/** torch.export.export(mod, args, kwargs?, { dynamic_shapes, strict, preserve_module_call_signature, prefer_deferred_runtime_asserts_over_guards }) */
export function export_(mod: ExportableModule, args: readonly unknown[], ...rest: (Record<string, unknown> | ExportKwargs | null | undefined)[]): ExportedProgram {
  const v = EXPORT.bindCall([mod, args, ...rest]);
  return exportModule(v[0] as ExportableModule, v[1] as readonly unknown[],
    options(v, ["kwargs", "dynamic_shapes", "strict", "preserve_module_call_signature", "prefer_deferred_runtime_asserts_over_guards"]));
}

/** torch.export.draft_export(mod, args, kwargs?, { dynamic_shapes, ... }) */
export function draft_export(mod: ExportableModule, args: readonly unknown[], ...rest: (Record<string, unknown> | ExportKwargs | null | undefined)[]): DraftExportedProgram {
  const v = DRAFT_EXPORT.bindCall([mod, args, ...rest]);
  if (v[6] === false) throw new TorchTypeError("draft_export(): pt2js traces the pre-dispatch (training) IR only; pre_dispatch=False is not supported");
  return draftExport(v[0] as ExportableModule, v[1] as readonly unknown[],
    options(v, ["kwargs", "dynamic_shapes", "preserve_module_call_signature", "strict", "", "prefer_deferred_runtime_asserts_over_guards"]));
}

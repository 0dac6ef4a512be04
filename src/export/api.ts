// torch.export's public functions bind their arguments by PyTorch 2.11's signatures (src/bind):
//   export(mod, args, kwargs=None, *, dynamic_shapes=None, strict=False,
//          preserve_module_call_signature=(), prefer_deferred_runtime_asserts_over_guards=False)
//   draft_export(mod, args, kwargs=None, *, dynamic_shapes=None, preserve_module_call_signature=(),
//                strict=False, pre_dispatch=True, prefer_deferred_runtime_asserts_over_guards=False)
// (torch/export/__init__.py; the 2.6 table in src/bind lacks 2.11's last keyword). `kwargs` may be
// given by position or as a keyword; an unknown keyword is PyTorch's TypeError, never ignored.
import { PySignature, param, kwOnly } from "../bind/python.js";
import type { DynamicShapes, ForwardArgs, ForwardReturn } from "./dynamic_shapes_types.js";
import { exportModule, type ExportOptions, type ExportableModule } from "./export.js";
import { draftExport, type DraftExportedProgram } from "./draft_export.js";
import type { ExportedProgram } from "../program/exported_program.js";
import { TorchTypeError } from "../ops/errors.js";
import { save as saveArchive, load as loadArchive, type SaveOptions, type LoadOptions } from "../program/save_load.js";
import { unflatten as unflattenProgram, type UnflattenedModule, type FlatArgsAdapter } from "../program/unflatten.js";

const P = param;
const KW = kwOnly;

const EXPORT = new PySignature("export", [
  P("mod"), P("args"), P("kwargs", null), KW("dynamic_shapes", null), KW("strict", false), KW("preserve_module_call_signature", null),
  KW("prefer_deferred_runtime_asserts_over_guards", false),
]);
const DRAFT_EXPORT = new PySignature("draft_export", [
  P("mod"), P("args"), P("kwargs", null), KW("dynamic_shapes", null), KW("preserve_module_call_signature", null), KW("strict", false),
  KW("pre_dispatch", true), KW("prefer_deferred_runtime_asserts_over_guards", false),
]);

/**
 * Keyword arguments of torch.export.export for a forward taking `Args`: `dynamic_shapes` is typed
 * against the inputs (src/export/dynamic_shapes_types.ts).
 */
export type ExportKwargs<Args extends readonly unknown[] = unknown[]> = Omit<ExportOptions, "dynamic_shapes"> & {
  dynamic_shapes?: DynamicShapes<Args>;
};

function options(values: unknown[], names: readonly string[]): ExportOptions {
  const o: Record<string, unknown> = {};
  names.forEach((n, i) => {
    const v = values[i + 2];
    if (n !== "" && v !== null && v !== undefined) o[n] = v;
  });
  return o as ExportOptions;
}

/**
 * torch.export.export(mod, args, kwargs?, { dynamic_shapes, strict, preserve_module_call_signature, prefer_deferred_runtime_asserts_over_guards }).
 * The program is typed with the module's forward: `ep.module()(x)` has forward's parameter and
 * return types. A trailing object is always the keyword arguments; the exported call's own kwargs
 * go in `{ kwargs }` or as the third argument followed by the options.
 */
export function export_<M extends ExportableModule>(mod: M, args: readonly unknown[], options?: ExportKwargs<ForwardArgs<M>>): ExportedProgram<ForwardArgs<M>, ForwardReturn<M>>;
export function export_<M extends ExportableModule>(
  mod: M,
  args: readonly unknown[],
  kwargs: Record<string, unknown> | null | undefined,
  options: ExportKwargs<ForwardArgs<M>>,
): ExportedProgram<ForwardArgs<M>, ForwardReturn<M>>;
export function export_(mod: ExportableModule, args: readonly unknown[], ...rest: unknown[]): ExportedProgram {
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

// save / load / unflatten: PyTorch 2.11's signatures, plus pt2js's load limits (keyword-only, in
// PyTorch's naming style) and an optional `f` for save (no file: the archive's bytes are returned).
//   save(ep, f, *, extra_files=None, opset_version=None, pickle_protocol=2)
//   load(f, *, extra_files=None, expected_opset_version=None)
//   unflatten(module, flat_args_adapter=None)
const SAVE = new PySignature("save", [P("ep"), P("f", null), KW("extra_files", null), KW("opset_version", null), KW("pickle_protocol", 2)]);
const LOAD = new PySignature("load", [
  P("f"), KW("extra_files", null), KW("expected_opset_version", null),
  KW("max_bytes", null), KW("max_entries", null), KW("max_json_bytes", null), KW("max_tensor_bytes", null), KW("verify_crc", null),
]);
const UNFLATTEN = new PySignature("unflatten", [P("module"), P("flat_args_adapter", null)]);

const given = (names: readonly string[], values: readonly unknown[], from: number): Record<string, unknown> => {
  const o: Record<string, unknown> = {};
  names.forEach((n, i) => {
    const v = values[from + i];
    if (v !== null && v !== undefined) o[n] = v;
  });
  return o;
};

/** torch.export.save(ep) → bytes; save(ep, path) → Promise (Node); keyword arguments { extra_files, opset_version }. */
export function save_(ep: ExportedProgram, ...rest: unknown[]): Uint8Array | Promise<void> {
  const v = SAVE.bindCall([ep, ...rest]);
  if (v[4] !== 2) throw new TorchTypeError("save(): pt2js writes no pickles; pickle_protocol cannot be set");
  const options = given(["extra_files", "opset_version"], v, 2) as SaveOptions;
  const f = v[1];
  if (f === null) return saveArchive(ep, options);
  if (typeof f !== "string") throw new TorchTypeError(`save(): argument 'f' must be a file path (str), got ${f instanceof Uint8Array ? "Uint8Array" : typeof f}; call save(ep) for the bytes`);
  return saveArchive(ep, f, options);
}

/** torch.export.load(bytes | ArrayBuffer | Blob | path, { extra_files, expected_opset_version, max_bytes, ... }) */
export function load_(f: Uint8Array | ArrayBuffer | Blob | string, ...rest: unknown[]): ExportedProgram | Promise<ExportedProgram> {
  const v = LOAD.bindCall([f, ...rest]);
  if (v[2] !== null) throw new TorchTypeError("load(): expected_opset_version is not supported by pt2js (archives carry their opset versions)");
  const options = given(["extra_files", "expected_opset_version", "max_bytes", "max_entries", "max_json_bytes", "max_tensor_bytes", "verify_crc"], v, 1) as LoadOptions;
  return loadArchive(v[0] as Uint8Array, options) as ExportedProgram | Promise<ExportedProgram>;
}

/** torch.export.unflatten(module, flat_args_adapter=None) */
export function unflatten_(module: ExportedProgram, ...rest: unknown[]): UnflattenedModule {
  const v = UNFLATTEN.bindCall([module, ...rest]);
  return unflattenProgram(v[0] as ExportedProgram, v[1] as FlatArgsAdapter | null);
}

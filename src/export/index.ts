// torch.export: export, Dim and its helpers. (save / load join from src/serde.)
import { export_, draft_export, save_, load_, unflatten_ } from "./api.js";
import { Dim, dims } from "./dim.js";
import { ShapesCollection, AdditionalInputs } from "./shapes_collection.js";
import { save, load } from "../program/save_load.js";
import { unflatten } from "../program/unflatten.js";
import { defaultDecompositions } from "../program/decompositions/index.js";

export { exportModule, type ExportOptions, type ExportableModule } from "./export.js";
export { Dim, dims, NamedDim, DerivedDim, DimHint, INT_OO } from "./dim.js";
export * from "./errors.js";
export { draftExport, DraftExportReport, type DraftExportFailure, type DraftExportedProgram } from "./draft_export.js";

/** The `torch.export` namespace (`export` is a reserved word as a binding, not as a property). */
export const torchExport = {
  export: export_,
  draft_export,
  Dim,
  dims,
  ShapesCollection,
  AdditionalInputs,
  // Bound by PyTorch's signatures (src/export/api.ts); typed as the overloads of save_load/unflatten.
  save: save_ as typeof save,
  load: load_ as typeof load,
  unflatten: unflatten_ as typeof unflatten,
  default_decompositions: defaultDecompositions,
};
export { ShapesCollection, AdditionalInputs } from "./shapes_collection.js";
export { save, load, setPt2FileSystem, type SaveOptions, type LoadOptions } from "../program/save_load.js";
export { SerializeError } from "../program/serialize_errors.js";
export { DecompositionTable } from "../program/decompositions/index.js";
export { DecompositionVerificationError } from "../program/verifier.js";
export { unflatten, UnflattenedModule, InterpreterModule, InterpreterModuleDispatcher, UnflattenError, type FlatArgsAdapter } from "../program/unflatten.js";

// serde: schema 8.17 JSON (bigint-safe) and the .pt2 archive container of torch.export.save/load.
//
// Reading
//   readPt2(bytes, { maxEntries?, maxEntryBytes?, checkCrc? }) → Pt2Archive
//     .root            top-level folder of the zip ("archive", "model", ...)
//     .records         Map<relative name, bytes> of every record, zip order (zero-copy views)
//     .models          Map<name, Pt2Model>; torch.export.load returns models.get("model")
//       .program       ExportedProgram — models/<name>.json as typed values (schema/types.ts)
//       .weights       Map<FQN, Payload> params + persistent buffers: StoredTensor {dtype, sizes,
//                      strides, storageOffset, storage: typed array over the raw file, isParam}
//       .constants     Map<FQN, Payload> lifted constants, non-persistent buffers, custom objects
//       .weightsConfig / .constantsConfig   the PayloadConfig JSON, typed
//       .sampleInputs  raw torch.save bytes (empty = none)
//     .extraFiles      Map<name, string> of extra/<name>
//   Errors (all extend SerdeError → Pt2jsError): ZipFormatError (truncated, wrong magic, bad
//   records), ZipSecurityError (unsafe names, sizes beyond limits), ArchiveFormatError (missing
//   records, bad versions), LegacyArchiveError (the 2.7/2.8 PT2 layouts), UnsupportedArchiveFeatureError,
//   JsonParseError, SchemaShapeError (JSON of the wrong shape, with its path),
//   UnknownEnumValueError (e.g. dtype 33), SchemaVersionError (major != 8).
//
// Older archives: torch.export.save of PyTorch 2.2 - 2.6 (no top-level folder; `version`,
// serialized_exported_program.json, torch.save pickles of the state dict and constants) is read by
// archive/legacy.ts into the same Pt2Archive (its pickles by archive/torch_save.ts, which interprets
// only tensor and container globals); a schema major other than 8 is a SchemaVersionError.
//
// Writing
//   writePt2({ root?, models: Map<name, Pt2ModelInput>, extraFiles?, serializationId? }) → bytes
//     with torch's record order and zip layout (64-byte aligned STORED data, data descriptors,
//     zip64 end records): write(read(x)) is byte-identical for the PyTorch 2.11 corpus.
//   pt2InputFromArchive(archive) → the write input that reproduces a read archive.
//
// JSON and schema
//   decodeSchema(typeName, json) / encodeSchema(typeName, value) for any schema definition
//   ("ExportedProgram", "PayloadConfig", "Graph", "Argument", ...); encodeSchema's text equals
//   Python's json.dumps(_dataclass_to_dict(obj)). parsePyJson / dumpsPyJson for generic JSON.
//   Value conventions are documented in schema/types.ts (one-key unions, ints as number|bigint,
//   Dict as Map, enums as codes); unionKey / unionEntry read a union's active field. SCHEMA
//   (definitions.ts) is the field table; SCHEMA_VERSION is 8.17.
//
// Node file helpers live in ./node-file.ts (readPt2File / writePt2File), kept out of this index so
// browser bundles never see node:fs.
export * from "./errors.js";
export * from "./schema/types.js";
export { SCHEMA, SCHEMA_VERSION, TREESPEC_VERSION } from "./schema/definitions.js";
export type { Definition, FieldDef } from "./schema/definitions.js";
export { decodeSchema, decodeSchemaBytes, encodeSchema, encodeSchemaBytes } from "./schema/codec.js";
export { checkSchemaVersion } from "./schema/version.js";
export { unionKey, unionEntry } from "./schema/union.js";
export { parsePyJson, parsePyJsonBytes, dumpsPyJson, pyFloatRepr, pyJsonFloat, pyJsonString } from "./pyjson.js";
export type { JsonValue, JsonObject, ParseOptions } from "./pyjson.js";
export { readPt2 } from "./archive/reader.js";
export type { Pt2Archive, Pt2Model, Pt2ReadOptions } from "./archive/reader.js";
export { writePt2, pt2InputFromArchive, computeSerializationId } from "./archive/writer.js";
export type { Pt2WriteInput, Pt2ModelInput } from "./archive/writer.js";
export type { Payload, StoredTensor, OpaquePayload } from "./archive/payload.js";
export { dtypeInfo, storageArray } from "./archive/dtypes.js";
export type { DtypeInfo, StorageArray } from "./archive/dtypes.js";
export { ZipReader } from "./zip/reader.js";
export type { ZipEntry, ZipReadOptions } from "./zip/reader.js";
export { writeZip } from "./zip/writer.js";
export type { ZipWriteEntry } from "./zip/writer.js";
export { crc32 } from "./zip/crc32.js";
export * as layout from "./archive/layout.js";

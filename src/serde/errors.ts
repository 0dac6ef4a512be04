// Typed errors of the serde layer: JSON text, schema shape, zip container and .pt2 archive.
// Every failure caused by a corrupt or hostile file is one of these, never a crash or a hang.
import { Pt2jsError } from "../core/errors.js";

/** Base class of every serde error. */
export class SerdeError extends Pt2jsError {}

/** JSON text that is not valid JSON (or exceeds the nesting / size bounds). */
export class JsonParseError extends SerdeError {}

/** JSON that is valid but does not have the shape the schema requires (Python: TypeError/KeyError). */
export class SchemaShapeError extends SerdeError {}

/**
 * torch/_export/serde/serialize.py's SerializeError: a program that cannot be written to schema
 * 8.17, or a model.json whose content (not its JSON shape) cannot be turned back into a program.
 */
export class SerializeError extends SerdeError {}

/** model.json written by an incompatible schema major version (Python raises SerializeError). */
export class SchemaVersionError extends SerializeError {}

/** An enum code (dtype, layout, ...) that schema 8.17 does not define. */
export class UnknownEnumValueError extends SchemaShapeError {}

/** The bytes are not a readable zip container (truncated, wrong magic, bad records). */
export class ZipFormatError extends SerdeError {}

/** The zip container is readable but unsafe: paths escaping the root, sizes beyond limits. */
export class ZipSecurityError extends ZipFormatError {}

/** A zip that is not a PT2 archive of the layout PyTorch >= 2.9 writes. */
export class ArchiveFormatError extends SerdeError {}

/** An archive of the pre-2.9 (legacy, folder-less / pickled) layout. */
export class LegacyArchiveError extends ArchiveFormatError {}

/** A feature of the archive that pt2js does not read (pickled payloads, AOTInductor, ...). */
export class UnsupportedArchiveFeatureError extends ArchiveFormatError {}

/**
 * A load limit was reached (torch.export.load's max_bytes, max_entries, max_json_bytes,
 * max_tensor_bytes): checked before anything is allocated or inflated. `option` names the limit
 * to raise, `limit` is its value and `actual` what the archive asked for.
 */
export class LoadLimitError extends ZipSecurityError {
  constructor(
    readonly option: "max_bytes" | "max_entries" | "max_json_bytes" | "max_tensor_bytes",
    readonly limit: number,
    readonly actual: number,
    what: string,
  ) {
    super(`${what}: ${actual} is more than ${option}=${limit} (pass a larger ${option} to torch.export.load if the archive is trusted)`);
  }
}

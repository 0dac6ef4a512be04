// The load-time version rule of torch 2.11 (serialize.py): major must be 8 (or the unversioned
// 0.0); the minor is not checked.
import { SchemaVersionError } from "../errors.js";
import { SCHEMA_VERSION } from "./definitions.js";
import type { SchemaVersion } from "./types.js";

export function checkSchemaVersion(v: SchemaVersion): void {
  const major = Number(v.major);
  const minor = Number(v.minor);
  if (major === 0 && minor === 0) return;
  if (major !== SCHEMA_VERSION.major) {
    throw new SchemaVersionError(
      `Serialized schema version SchemaVersion(major=${v.major}, minor=${v.minor}) does not match our current ` +
        `schema version (${SCHEMA_VERSION.major}, ${SCHEMA_VERSION.minor}).`,
    );
  }
}

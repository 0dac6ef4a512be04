// The archive layout of torch.export.save before the PT2 archive (PyTorch 2.2 - 2.6): a zip with
// no top-level folder holding
//   version                           the schema version, "major.minor" (e.g. "8.2")
//   serialized_exported_program.json  the program, schema `version`
//   serialized_state_dict.pt          torch.save of the state dict (parameters, persistent buffers)
//   serialized_constants.pt           torch.save of the constants (lifted tensors, non-persistent buffers)
//   serialized_example_inputs.pt      torch.save of (args, kwargs)
//   extra_files/<name>
// read into the same Pt2Archive as the current layout: the program is decoded as schema 8.17 reads
// older minors (missing fields take their defaults, as PyTorch's _dict_to_dataclass does), a major
// other than 8 is a SchemaVersionError naming it, and the pickled tensors become payloads over
// their raw storages.
import { ArchiveFormatError, LegacyArchiveError, SchemaVersionError, UnsupportedArchiveFeatureError } from "../errors.js";
import { decodeSchema } from "../schema/codec.js";
import { checkSchemaVersion } from "../schema/version.js";
import { parsePyJsonBytes } from "../pyjson.js";
import { Layout, type ExportedProgram, type PayloadConfig, type PayloadMeta } from "../schema/types.js";
import type { ZipReader } from "../zip/reader.js";
import { dtypeInfoByName } from "./dtypes.js";
import { resolvePayloads } from "./payload.js";
import { readTorchSave, type PickledTensor } from "./torch_save.js";
import type { Pt2Archive, Pt2Model } from "./reader.js";

const PROGRAM = "serialized_exported_program.json";
const EXTRA = "extra_files/";

interface Limits {
  maxJsonBytes: number;
  maxTensorBytes: number;
}

export function readLegacyArchive(zip: ZipReader, limits: Limits): Pt2Archive {
  const record = (name: string, max: number): Uint8Array => {
    const e = zip.entry(name);
    if (e === undefined) throw new ArchiveFormatError(`${name} not found in the (pre-PT2) torch.export archive`);
    if (e.size > max) throw new ArchiveFormatError(`${name}: ${e.size} bytes is more than the limit ${max}`);
    return zip.read(e);
  };
  const versionText = zip.has("version") ? new TextDecoder().decode(record("version", 64)).trim() : null;
  const m = versionText === null ? null : /^(\d+)\.(\d+)$/.exec(versionText);
  if (versionText !== null && m === null) throw new LegacyArchiveError(`torch.export archive of unknown version ${JSON.stringify(versionText.slice(0, 40))}`);
  if (m !== null) checkVersion(Number(m[1]), Number(m[2]));
  if (!zip.has(PROGRAM)) throw new LegacyArchiveError(`torch.export archive (schema version ${versionText ?? "unknown"}) without ${PROGRAM}`);

  const json = parsePyJsonBytes(record(PROGRAM, limits.maxJsonBytes));
  const sv = (json as { schema_version?: { major?: unknown; minor?: unknown } } | null)?.schema_version;
  if (sv && typeof sv.major === "number" && typeof sv.minor === "number") checkVersion(sv.major, sv.minor);
  const program = decodeSchema("ExportedProgram", json) as ExportedProgram;
  checkSchemaVersion(program.schema_version);

  const params = new Set<string>();
  for (const spec of program.graph_module.signature.input_specs) if ("parameter" in spec && spec.parameter) params.add(spec.parameter.parameter_name);

  const weights = payloadsOf(zip, "serialized_state_dict.pt", "weight_", (fqn) => params.has(fqn), limits, false);
  const constants = payloadsOf(zip, "serialized_constants.pt", "tensor_", () => false, limits, true);
  const model: Pt2Model = {
    name: "model",
    program,
    weightsConfig: weights.config,
    constantsConfig: constants.config,
    weights: weights.payloads,
    constants: constants.payloads,
    sampleInputs: zip.has("serialized_example_inputs.pt") ? record("serialized_example_inputs.pt", limits.maxTensorBytes) : new Uint8Array(0),
  };
  const records = new Map<string, Uint8Array>();
  const extraFiles = new Map<string, string>();
  for (const e of zip.entries) {
    if (e.name.startsWith(EXTRA) && !e.name.endsWith("/")) extraFiles.set(e.name.slice(EXTRA.length), new TextDecoder().decode(record(e.name, limits.maxJsonBytes)));
  }
  return { root: "", fileFormatVersion: 0, serializationId: null, byteorder: null, records, models: new Map([["model", model]]), extraFiles };
}

function checkVersion(major: number, minor: number): void {
  if (major !== 8) {
    throw new SchemaVersionError(
      `Serialized schema version SchemaVersion(major=${major}, minor=${minor}) does not match our current schema version (8, 17): ` +
        `this torch.export archive was written by an older PyTorch; re-save it with torch>=2.9.`,
    );
  }
}

function payloadsOf(zip: ZipReader, name: string, prefix: string, isParam: (fqn: string) => boolean, limits: Limits, constants: boolean) {
  const config = new Map<string, PayloadMeta>();
  const files = new Map<string, Uint8Array>();
  if (zip.has(name)) {
    const e = zip.entry(name)!;
    if (e.size > limits.maxTensorBytes) throw new ArchiveFormatError(`${name}: ${e.size} bytes is more than the limit ${limits.maxTensorBytes}`);
    const saved = readTorchSave(zip.read(e), name);
    const value = saved.value;
    if (!(value instanceof Map)) throw new ArchiveFormatError(`${name}: a dict expected`);
    const fileOfKey = new Map<string, string>();
    for (const [fqn, t] of value as Map<unknown, unknown>) {
      if (typeof fqn !== "string") throw new ArchiveFormatError(`${name}: a key that is not a string`);
      if (t === null || typeof t !== "object" || (t as PickledTensor).kind !== "pickled_tensor") {
        throw new UnsupportedArchiveFeatureError(`${name}: ${fqn} is not a tensor (custom objects of old archives are not supported)`);
      }
      const pt = t as PickledTensor;
      const info = dtypeInfoByName(pt.dtypeName);
      if (info === undefined) throw new UnsupportedArchiveFeatureError(`${name}: dtype ${pt.dtypeName} of ${fqn} is not supported`);
      let path = fileOfKey.get(pt.storageKey);
      if (path === undefined) {
        path = `${prefix}${fileOfKey.size}`;
        fileOfKey.set(pt.storageKey, path);
        const bytes = saved.storage(pt.storageKey);
        if (bytes.byteLength !== pt.storageNumel * info.itemsize) {
          throw new ArchiveFormatError(`${name}: storage ${pt.storageKey} has ${bytes.byteLength} bytes, not ${pt.storageNumel} ${info.name} elements`);
        }
        files.set(path, bytes);
      }
      config.set(fqn, {
        path_name: path,
        is_param: isParam(fqn),
        use_pickle: false,
        tensor_meta: {
          dtype: info.code,
          sizes: pt.sizes.map((s) => ({ as_int: s })),
          requires_grad: pt.requiresGrad,
          device: { type: "cpu", index: null },
          strides: pt.strides.map((s) => ({ as_int: s })),
          storage_offset: { as_int: pt.storageOffset },
          layout: Layout.Strided,
        },
      });
    }
  }
  const payloadConfig: PayloadConfig = { config };
  return { config: payloadConfig, payloads: resolvePayloads(payloadConfig, files, "", constants) };
}

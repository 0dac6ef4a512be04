// torch.export.save's first half (serialize.py ExportedProgramSerializer + pt2_archive _package):
// an ExportedProgram → the typed schema 8.17 model.json, plus the weights (parameters and
// persistent buffers) and constants as raw little-endian payload files with their PayloadConfigs,
// ready for src/serde writePt2.
import type { Pt2ModelInput } from "../serde/archive/writer.js";
import { SCHEMA_VERSION } from "../serde/schema/definitions.js";
import type {
  Argument as SArgument, ConstantValue, ExportedProgram as SExportedProgram, InputSpec as SInputSpec,
  ModuleCallEntry as SModuleCallEntry, OutputSpec as SOutputSpec, PayloadConfig, PayloadMeta, RangeConstraint as SRange,
} from "../serde/schema/types.js";
import { payloadBytes } from "./serialize_payload.js";
import { Tensor } from "../tensor/tensor.js";
import { isTensorMeta, type Node } from "../fx/index.js";
import type { ExportedProgram, ModuleCallArgument } from "./exported_program.js";
import type { InputSpec, OutputSpec, SpecArgument } from "./signature.js";
import { programExtras } from "./deserialize_extras.js";
import { GraphSerializer } from "./serialize_graph.js";
import { HintTable, customJson, isNonEmpty } from "./serialize_meta.js";
import { SerializeError } from "./serialize_errors.js";
import { SerdeError } from "../serde/errors.js";
import { writeTorchSave } from "../serde/archive/torch_save.js";
import { writeZip } from "../serde/zip/writer.js";

/** What pt2js writes where the program does not say (PyTorch 2.11's values for a fresh export). */
export const SERIALIZE_DEFAULTS = {
  torch_version: "2.11.0",
  /** torch._C._get_max_operator_version() in 2.11. */
  opset_version: 10,
  /** The dialect of torch.export.export's training IR. */
  verifiers: ["TRAINING"],
};

/** The model.json value of a program (ExportedProgramSerializer.serialize). */
export function serializeProgram(ep: ExportedProgram): SExportedProgram {
  const extras = programExtras(ep);
  const hints = new HintTable(extras?.hints);
  const params = new Set(ep.graph_signature.input_specs.filter((s) => s.kind === "PARAMETER").map((s) => s.arg.name));
  const graph = new GraphSerializer(hints, (name) => params.has(name)).serialize(ep.graph_module);
  const nodesByName = new Map(ep.graph.nodes.map((n) => [n.name, n]));
  return {
    graph_module: {
      graph,
      signature: {
        input_specs: ep.graph_signature.input_specs.map(inputSpec),
        output_specs: ep.graph_signature.output_specs.map(outputSpec),
      },
      module_call_graph: ep.module_call_graph.map((e): SModuleCallEntry => {
        if (e.signature === null) return { fqn: e.fqn, signature: null };
        const read = extras?.module_call_arguments.get(e.fqn);
        const args = (names: readonly ModuleCallArgument[], kept: SArgument[] | undefined) =>
          kept !== undefined && sameNames(kept, names)
            ? kept
            : names.map((n) => (typeof n === "string" ? namedArgument(n, nodesByName) : constantArgument(n.value)));
        return {
          fqn: e.fqn,
          signature: {
            inputs: args(e.signature.inputs, read?.inputs),
            outputs: args(e.signature.outputs, read?.outputs),
            in_spec: e.signature.in_spec,
            out_spec: e.signature.out_spec,
            forward_arg_names: e.signature.forward_arg_names && e.signature.forward_arg_names.length > 0 ? e.signature.forward_arg_names : null,
          },
        };
      }),
      metadata: graphModuleMetadata(ep, extras?.graph_module_metadata),
      treespec_namedtuple_fields: extras?.treespec_namedtuple_fields ?? new Map(),
    },
    opset_version: extras?.opset_version ?? new Map([["aten", SERIALIZE_DEFAULTS.opset_version]]),
    range_constraints: new Map(
      ep.range_constraints.map((r): [string, SRange] => [r.key, { min_val: bound(r.lower), max_val: bound(r.upper) }]),
    ),
    schema_version: { major: SCHEMA_VERSION.major, minor: SCHEMA_VERSION.minor },
    verifiers: extras?.verifiers ?? [...SERIALIZE_DEFAULTS.verifiers],
    torch_version: extras?.torch_version ?? SERIALIZE_DEFAULTS.torch_version,
    guards_code: [...ep._guards_code],
  };
}

/** The model's write input: model.json, weights and constants (package_pt2's per-model records). */
export function serializeModel(ep: ExportedProgram): Pt2ModelInput {
  const params = new Set(ep.graph_signature.parameters);
  const weights = payloads(ep.state_dict, "weight_", (fqn) => params.has(fqn));
  const constants = payloads(ep.constants, "tensor_", () => false);
  return {
    program: serializeProgram(ep),
    sampleInputs: sampleInputs(ep),
    weightsConfig: weights.config,
    weightFiles: weights.files,
    constantsConfig: constants.config,
    constantFiles: constants.files,
  };
}

/**
 * Each tensor's whole storage as `<prefix><i>` with the tensor's sizes, strides and offset into it
 * (what PyTorch writes); tensors sharing a storage share its file.
 */
function payloads(tensors: ReadonlyMap<string, Tensor>, prefix: string, isParam: (fqn: string) => boolean) {
  const config = new Map<string, PayloadMeta>();
  const files = new Map<string, Uint8Array>();
  const fileOf = new Map<object, string>();
  const hints = new HintTable();
  for (const [fqn, t] of tensors) {
    const storage = t._storage;
    if (storage === null) throw new SerializeError(`${fqn} is a fake tensor (no data) and cannot be saved`);
    let path = fileOf.get(storage);
    if (path === undefined) {
      path = `${prefix}${files.size}`;
      fileOf.set(storage, path);
      files.set(path, payloadBytes(Tensor.fromStorage(storage, [storage.length], t.dtype)));
    }
    const meta = hints.tensorMeta({
      dtype: t.dtype.name, shape: t.shape, stride: t._stride, storage_offset: t._offset, requires_grad: t.requires_grad,
    } as never);
    config.set(fqn, { path_name: path, is_param: isParam(fqn), use_pickle: false, tensor_meta: meta });
  }
  return { config: { config } as PayloadConfig, files };
}

function bound(v: number): number | null {
  return Number.isFinite(v) ? v : null;
}

function sameNames(args: SArgument[], names: readonly ModuleCallArgument[]): boolean {
  return args.length === names.length && args.every((a, i) => {
    const n = names[i]!;
    if (typeof n !== "string") return false;
    const v = Object.values(a)[0] as { name?: string; as_name?: string };
    return (v?.name ?? v?.as_name) === n;
  });
}

function namedArgument(name: string, nodes: Map<string, Node>): SArgument {
  const val = nodes.get(name)?.meta.val;
  if (val === undefined || isTensorMeta(val)) return { as_tensor: { name } };
  return { as_sym_int: { as_name: name } };
}

/** serialize_argument_spec. */
function specArgument(a: SpecArgument): SArgument {
  switch (a.kind) {
    case "TensorArgument":
      return { as_tensor: { name: a.name } };
    case "SymIntArgument":
      return { as_sym_int: { as_name: a.name } };
    case "SymFloatArgument":
      return { as_sym_float: { as_name: a.name } };
    case "SymBoolArgument":
      return { as_sym_bool: { as_name: a.name } };
    case "CustomObjArgument":
      return { as_custom_obj: { name: a.name, class_fqn: a.className } };
    case "ConstantArgument":
      return constantArgument(a.value);
    default:
      throw new SerializeError(`Cannot serialize a ${a.kind} in the graph signature`);
  }
}

function constantArgument(v: unknown): SArgument {
  if (v === null || v === undefined) return { as_none: true };
  if (typeof v === "boolean") return { as_bool: v };
  if (typeof v === "string") return { as_string: v };
  if (typeof v === "bigint") return { as_int: v };
  if (typeof v === "number") return Number.isInteger(v) ? { as_int: v } : { as_float: v };
  if (typeof v === "object" && typeof (v as { value?: unknown }).value === "number") return { as_float: (v as { value: number }).value };
  throw new SerializeError(`Unhandled constant ${String(v)} to serialize`);
}

function inputSpec(s: InputSpec): SInputSpec {
  const target = (): string => {
    if (s.target === null) throw new SerializeError(`input spec ${s.arg.name} (${s.kind}) has no target`);
    return s.target;
  };
  switch (s.kind) {
    case "USER_INPUT":
      if (s.arg.kind === "ConstantArgument") {
        return { constant_input: { name: s.arg.name, value: constantArgument(s.arg.value) as ConstantValue } };
      }
      return { user_input: { arg: specArgument(s.arg) } };
    case "PARAMETER":
      return { parameter: { arg: { name: s.arg.name }, parameter_name: target() } };
    case "BUFFER":
      if (s.persistent === null) throw new SerializeError(`buffer ${s.arg.name} has no persistent flag`);
      return { buffer: { arg: { name: s.arg.name }, buffer_name: target(), persistent: s.persistent } };
    case "CONSTANT_TENSOR":
      return { tensor_constant: { arg: { name: s.arg.name }, tensor_constant_name: target() } };
    case "CUSTOM_OBJ":
      if (s.arg.kind !== "CustomObjArgument") throw new SerializeError(`custom object spec ${s.arg.name} has a ${s.arg.kind}`);
      return { custom_obj: { arg: { name: s.arg.name, class_fqn: s.arg.className }, custom_obj_name: target() } };
    case "TOKEN":
      return { token: { arg: { name: s.arg.name } } };
  }
}

function outputSpec(s: OutputSpec): SOutputSpec {
  const target = (): string => {
    if (s.target === null) throw new SerializeError(`output spec ${s.arg.name} (${s.kind}) has no target`);
    return s.target;
  };
  const arg = { name: s.arg.name };
  switch (s.kind) {
    case "USER_OUTPUT":
      return { user_output: { arg: specArgument(s.arg) } };
    case "LOSS_OUTPUT":
      return { loss_output: { arg } };
    case "BUFFER_MUTATION":
      return { buffer_mutation: { arg, buffer_name: target() } };
    case "GRADIENT_TO_PARAMETER":
      return { gradient_to_parameter: { arg, parameter_name: target() } };
    case "GRADIENT_TO_USER_INPUT":
      return { gradient_to_user_input: { arg, user_input_name: target() } };
    case "USER_INPUT_MUTATION":
      return { user_input_mutation: { arg, user_input_name: target() } };
    case "PARAMETER_MUTATION":
      return { parameter_mutation: { arg, parameter_name: target() } };
    case "TOKEN":
      return { token: { arg } };
  }
}

/** serialize_graph_module_metadata: gm.meta["custom"] as JSON (other keys kept from a loaded archive). */
function graphModuleMetadata(ep: ExportedProgram, read: ReadonlyMap<string, string> | undefined): Map<string, string> {
  const out = new Map(read ?? []);
  const custom = ep.graph_module.meta?.custom;
  if (isNonEmpty(custom)) out.set("custom", customJson(custom));
  else out.delete("custom");
  return out;
}

/** data/sample_inputs/<model>.pt: torch.save(ep.example_inputs) (none without example inputs). */
function sampleInputs(ep: ExportedProgram): Uint8Array | undefined {
  const ex = ep.example_inputs;
  if (ex === null || ex === undefined) return undefined;
  const value = (v: unknown): unknown => {
    if (v instanceof Tensor) {
      if (v._storage === null) throw new SerializeError("an example input is a fake tensor (no data) and cannot be saved");
      return { kind: "tensor_to_save", dtypeName: v.dtype.name, sizes: v.shape.map(Number), requiresGrad: v.requires_grad, bytes: payloadBytes(v) };
    }
    if (Array.isArray(v)) return v.map(value);
    if (v instanceof Map) return new Map([...v].map(([k, x]) => [k, value(x)]));
    if (v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, value(x)]));
    }
    return v;
  };
  try {
    return writeZip(writeTorchSave([value(ex[0]), value(ex[1])]));
  } catch (e) {
    // Example inputs pt2js cannot pickle (a custom pytree node, ...) are left out: loading does not need them.
    if (e instanceof SerdeError) return undefined;
    throw e;
  }
}

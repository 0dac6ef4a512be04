// torch.export.load's second half (serialize.py ExportedProgramDeserializer): a typed model.json
// (src/serde readPt2) and its payloads → an ExportedProgram with the FX graph, graph signature,
// state dict, constants, range constraints and module call graph.
import type { Pt2Model } from "../serde/archive/reader.js";
import type { Argument as SArgument, InputSpec as SInputSpec, OutputSpec as SOutputSpec } from "../serde/schema/types.js";
import { unionEntry } from "../serde/schema/union.js";
import { checkSchemaVersion } from "../serde/schema/version.js";
import type { Payload } from "../serde/archive/payload.js";
import { tensorFromBytes } from "../nn/tensor_bytes.js";
import type { Tensor } from "../tensor/tensor.js";
import { ExportedProgram, type ModuleCallArgument, type ModuleCallEntry } from "./exported_program.js";
import { ExportGraphSignature, type InputSpec, type OutputSpec, type SpecArgument } from "./signature.js";
import type { RangeConstraint } from "./range_constraints.js";
import { SymbolTable, customValue, toNumber } from "./deserialize_meta.js";
import { GraphDeserializer } from "./deserialize_graph.js";
import { setProgramExtras } from "./deserialize_extras.js";
import { SerializeError } from "./serialize_errors.js";
import { warn } from "../warnings.js";
import { DEFAULT_LIMITS } from "../serde/archive/reader.js";
import { dtypeInfo, dtypeInfoByName } from "../serde/archive/dtypes.js";
import { LoadLimitError, SerdeError } from "../serde/errors.js";
import { readTorchSave, type PickledTensor, type TorchSaveFile } from "../serde/archive/torch_save.js";
import type { ExampleInputs } from "./example_inputs.js";

export interface DeserializeOptions {
  /**
   * Copy the payload bytes that are views into the caller's archive bytes (STORED entries), so a
   * program that mutates a buffer never writes into them (default true). Loads from a path or a
   * Blob read into a buffer nobody else holds and pass false.
   */
  copyWeights?: boolean;
  /** Bound on the zeros an empty payload file expands to (torch.export.load's max_tensor_bytes). */
  maxTensorBytes?: number;
}

/** The ExportedProgram of one model of a read archive (`archive.models.get("model")`). */
export function deserializeProgram(model: Pt2Model, options: DeserializeOptions = {}): ExportedProgram {
  const copies = options.copyWeights === false ? null : copyStorages([...model.weights.values(), ...model.constants.values()]);
  const maxTensorBytes = options.maxTensorBytes ?? DEFAULT_LIMITS.maxTensorBytes;
  const p = model.program;
  checkSchemaVersion(p.schema_version);
  const gm = p.graph_module;
  const symbols = new SymbolTable();
  const inputSpecs = gm.signature.input_specs.map(inputSpec);
  const module = new GraphDeserializer(symbols).deserialize(gm.graph, (i) => {
    const spec = gm.signature.input_specs[i];
    return spec !== undefined && "constant_input" in spec ? spec.constant_input!.name : (inputSpecs[i]?.arg.name ?? null);
  });
  // deserialize_graph_module_metadata: meta["custom"] back as a value.
  const custom = gm.metadata.get("custom");
  if (custom) module.meta.custom = customValue(custom);
  const signature = new ExportGraphSignature(inputSpecs, gm.signature.output_specs.map(outputSpec));

  const rangeConstraints: RangeConstraint[] = [...p.range_constraints].map(([key, r]) => ({
    key,
    lower: r.min_val === null ? Number.NEGATIVE_INFINITY : toNumber(r.min_val, "range bound"),
    upper: r.max_val === null ? Number.POSITIVE_INFINITY : toNumber(r.max_val, "range bound"),
  }));

  const moduleCallArguments = new Map<string, { inputs: SArgument[]; outputs: SArgument[] }>();
  const moduleCallGraph: ModuleCallEntry[] = gm.module_call_graph.map((e) => {
    if (e.signature === null) return { fqn: e.fqn, signature: null };
    moduleCallArguments.set(e.fqn, { inputs: e.signature.inputs, outputs: e.signature.outputs });
    return {
      fqn: e.fqn,
      signature: {
        inputs: e.signature.inputs.map(argumentName),
        outputs: e.signature.outputs.map(argumentName),
        in_spec: e.signature.in_spec,
        out_spec: e.signature.out_spec,
        forward_arg_names: e.signature.forward_arg_names,
      },
    };
  });

  const ep = new ExportedProgram(
    module,
    signature,
    tensors(model.weights, true, copies, maxTensorBytes),
    rangeConstraints,
    moduleCallGraph,
    tensors(model.constants, false, copies, maxTensorBytes),
    [...p.guards_code],
  );
  ep._example_inputs = exampleInputs(model.sampleInputs);
  setProgramExtras(ep, {
    torch_version: p.torch_version,
    opset_version: p.opset_version,
    verifiers: p.verifiers,
    guards_code: p.guards_code,
    schema_version: p.schema_version,
    graph_module_metadata: gm.metadata,
    treespec_namedtuple_fields: gm.treespec_namedtuple_fields,
    hints: symbols.hints,
    module_call_arguments: moduleCallArguments,
  });
  return ep;
}

/**
 * One copy of every distinct storage file of the tensor payloads, all in one new buffer (one
 * allocation instead of one per file: for a 36 MB archive, one 36 MB buffer cost about half the
 * time of 60 separate ones, most of it the garbage collector's), each file 16-byte aligned.
 */
function copyStorages(payloads: readonly Payload[]): Map<Uint8Array, Uint8Array> {
  const files = new Set<Uint8Array>();
  for (const p of payloads) if (p.kind === "tensor" && p.bytes.byteLength > 0) files.add(p.bytes);
  let total = 0;
  for (const f of files) total += (f.byteLength + 15) & ~15;
  const buffer = new ArrayBuffer(total);
  const out = new Map<Uint8Array, Uint8Array>();
  let at = 0;
  for (const f of files) {
    const copy = new Uint8Array(buffer, at, f.byteLength);
    copy.set(f);
    out.set(f, copy);
    at += (f.byteLength + 15) & ~15;
  }
  return out;
}

/**
 * Payloads → pt2js tensors (with requires_grad as stored); opaque payloads are refused. With
 * `copies`, each storage file is copied once (tied weights keep sharing their copy).
 */
function tensors(payloads: ReadonlyMap<string, Payload>, weights: boolean, copies: ReadonlyMap<Uint8Array, Uint8Array> | null,
  maxTensorBytes: number): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const [fqn, p] of payloads) {
    if (p.kind !== "tensor") {
      throw new SerializeError(
        `${weights ? "weight" : "constant"} ${fqn} is stored as a ${p.kind === "pickle" ? "pickled tensor" : "torchbind object"}, which pt2js cannot load`,
      );
    }
    let bytes = p.bytes;
    if (bytes.byteLength === 0 && !p.sizes.includes(0)) {
      // PyTorch (_create_flat_tensor_from_bytes): zeros of the tensor's size, with a warning.
      let span = p.storageOffset + 1;
      for (let i = 0; i < p.sizes.length; i++) span += (p.sizes[i]! - 1) * p.strides[i]!;
      const need = span * dtypeInfo(p.dtype).itemsize;
      if (need > maxTensorBytes) throw new LoadLimitError("max_tensor_bytes", maxTensorBytes, need, `zeros for the empty payload of ${fqn}`);
      warn("Cannot call torch.frombuffer() on empty bytes. Creating a tensor with zeros as workaround.");
      bytes = new Uint8Array(need);
    } else if (copies !== null) {
      bytes = copies.get(bytes) ?? bytes;
    }
    const t = tensorFromBytes(bytes, p.dtypeName, p.sizes, p.strides, p.storageOffset);
    t.requires_grad = p.requiresGrad;
    out.set(fqn, t);
  }
  return out;
}

function argumentName(a: SArgument): ModuleCallArgument {
  const [key, value] = unionEntry(a);
  if (key === "as_none") return { name: "", value: null };
  if (key === "as_int" || key === "as_float" || key === "as_bool" || key === "as_string") return { name: "", value };
  if (key === "as_tensor" || key === "as_custom_obj") return (value as { name: string }).name;
  if (key === "as_sym_int" || key === "as_sym_float" || key === "as_sym_bool") {
    const [k, v] = unionEntry(value as object);
    if (k === "as_name") return v as string;
  }
  throw new SerializeError(`module call signature argument ${key} is not a named value`);
}

/** An Argument of a user input/output spec (deserialize_argument_spec). */
function specArgument(a: SArgument): SpecArgument {
  const [key, value] = unionEntry(a);
  switch (key) {
    case "as_tensor":
      return { kind: "TensorArgument", name: (value as { name: string }).name };
    case "as_sym_int":
    case "as_sym_float":
    case "as_sym_bool": {
      const [k, v] = unionEntry(value as object);
      const kind = key === "as_sym_int" ? "SymIntArgument" : key === "as_sym_float" ? "SymFloatArgument" : "SymBoolArgument";
      if (k === "as_name") return { kind, name: v as string };
      return { kind: "ConstantArgument", name: "", value: v };
    }
    case "as_custom_obj": {
      const c = value as { name: string; class_fqn: string };
      return { kind: "CustomObjArgument", name: c.name, className: c.class_fqn };
    }
    case "as_none":
      return { kind: "ConstantArgument", name: "", value: null };
    case "as_int":
    case "as_float":
    case "as_bool":
    case "as_string":
      return { kind: "ConstantArgument", name: "", value };
    default:
      throw new SerializeError(`Unhandled signature argument ${key}`);
  }
}

function inputSpec(s: SInputSpec): InputSpec {
  const [key, v] = unionEntry(s);
  const spec = v as Record<string, never>;
  const tensorArg = (a: { name: string }): SpecArgument => ({ kind: "TensorArgument", name: a.name });
  switch (key) {
    case "user_input":
      return { kind: "USER_INPUT", arg: specArgument(spec.arg), target: null, persistent: null };
    case "parameter":
      return { kind: "PARAMETER", arg: tensorArg(spec.arg), target: spec.parameter_name, persistent: null };
    case "buffer":
      return { kind: "BUFFER", arg: tensorArg(spec.arg), target: spec.buffer_name, persistent: spec.persistent };
    case "tensor_constant":
      return { kind: "CONSTANT_TENSOR", arg: tensorArg(spec.arg), target: spec.tensor_constant_name, persistent: null };
    case "custom_obj": {
      const a = spec.arg as { name: string; class_fqn: string };
      return { kind: "CUSTOM_OBJ", arg: { kind: "CustomObjArgument", name: a.name, className: a.class_fqn }, target: spec.custom_obj_name, persistent: null };
    }
    case "token":
      return { kind: "TOKEN", arg: { kind: "TokenArgument", name: (spec.arg as { name: string }).name }, target: null, persistent: null };
    case "constant_input": {
      const [, value] = unionEntry(spec.value as object);
      const c = spec.value as { as_none?: boolean };
      return { kind: "USER_INPUT", arg: { kind: "ConstantArgument", name: spec.name, value: c.as_none !== undefined ? null : value }, target: null, persistent: null };
    }
    default:
      throw new SerializeError(`Unknown input spec ${String(key)}`);
  }
}

function outputSpec(s: SOutputSpec): OutputSpec {
  const [key, v] = unionEntry(s);
  const spec = v as Record<string, never>;
  const tensorArg = (a: { name: string }): SpecArgument => ({ kind: "TensorArgument", name: a.name });
  switch (key) {
    case "user_output":
      return { kind: "USER_OUTPUT", arg: specArgument(spec.arg), target: null };
    case "loss_output":
      return { kind: "LOSS_OUTPUT", arg: tensorArg(spec.arg), target: null };
    case "buffer_mutation":
      return { kind: "BUFFER_MUTATION", arg: tensorArg(spec.arg), target: spec.buffer_name };
    case "gradient_to_parameter":
      return { kind: "GRADIENT_TO_PARAMETER", arg: tensorArg(spec.arg), target: spec.parameter_name };
    case "gradient_to_user_input":
      return { kind: "GRADIENT_TO_USER_INPUT", arg: tensorArg(spec.arg), target: spec.user_input_name };
    case "user_input_mutation":
      return { kind: "USER_INPUT_MUTATION", arg: tensorArg(spec.arg), target: spec.user_input_name };
    case "parameter_mutation":
      return { kind: "PARAMETER_MUTATION", arg: tensorArg(spec.arg), target: spec.parameter_name };
    case "token":
      return { kind: "TOKEN", arg: { kind: "TokenArgument", name: (spec.arg as { name: string }).name }, target: null };
    default:
      throw new SerializeError(`Unknown output spec ${String(key)}`);
  }
}

/**
 * ep.example_inputs from the archive's sample inputs (torch.save of (args, kwargs)); none when the
 * record is empty or holds what pt2js's pickle reader does not read (it is not needed to run).
 */
function exampleInputs(bytes: Uint8Array): ExampleInputs | null {
  if (bytes.byteLength === 0) return null;
  try {
    const saved = readTorchSave(bytes, "data/sample_inputs");
    const v = toValue(saved.value, saved);
    if (!(Array.isArray(v) && v.length === 2 && Array.isArray(v[0]) && v[1] !== null && typeof v[1] === "object" && !Array.isArray(v[1]))) return null;
    return [v[0] as unknown[], v[1] as Record<string, unknown>];
  } catch (e) {
    if (e instanceof SerdeError) return null;
    throw e;
  }
}

function toValue(v: unknown, saved: TorchSaveFile): unknown {
  if (Array.isArray(v)) return v.map((x) => toValue(x, saved));
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toValue(x, saved)]));
  if (v !== null && typeof v === "object" && (v as PickledTensor).kind === "pickled_tensor") {
    const t = v as PickledTensor;
    const info = dtypeInfoByName(t.dtypeName);
    if (info === undefined) throw new SerdeError(`sample input of dtype ${t.dtypeName}`);
    const bytes = saved.storage(t.storageKey);
    if (bytes.byteLength !== t.storageNumel * info.itemsize) throw new SerdeError("sample input storage of the wrong size");
    let last = t.storageOffset;
    for (let i = 0; i < t.sizes.length; i++) if (t.sizes[i] === 0) last = -1; else last += (t.sizes[i]! - 1) * t.strides[i]!;
    if (last >= t.storageNumel && t.storageNumel > 0) throw new SerdeError("sample input beyond its storage");
    const tensor = tensorFromBytes(bytes.slice(), t.dtypeName, t.sizes, t.strides, t.storageOffset);
    tensor.requires_grad = t.requiresGrad;
    return tensor;
  }
  return v;
}

// torch._export.serde.serialize's public helpers, over pt2js's archive writer and reader:
//
//   new ExportedProgramSerializer(opset_version?).serialize(ep) → { exported_program (the typed
//       schema value, editable), state_dict, constants, example_inputs }
//   new ExportedProgramDeserializer(expected_opset_version?).deserialize(exported_program,
//       state_dict, constants, example_inputs?) → ExportedProgram
//   serialize(ep, opset_version?) → SerializedArtifact (exported_program as JSON bytes)
//   deserialize(artifact, expected_opset_version?) → ExportedProgram
//   canonicalize(exported_program) → the canonical form of a schema program (sorted specs, nodes in a
//       canonical topological order, values renamed _0, _1, ...), as PyTorch's canonicalize
//   _to_json_bytes(exported_program) → the JSON bytes PyTorch writes (non-finite floats as strings)
//
// The payloads (state_dict, constants) travel as pt2js's payload files and configs; deserializing
// writes them and the (possibly edited) program into an in-memory archive and reads it back, so
// both paths are exactly torch.export.save / load's.
import { writePt2 } from "../serde/archive/writer.js";
import { readPt2 } from "../serde/archive/reader.js";
import { decodeSchemaBytes, encodeSchemaBytes } from "../serde/schema/codec.js";
import type {
  Argument as SArgument, ExportedProgram as SExportedProgram, Graph as SGraph, InputSpec as SInputSpec, Node as SNode,
  OutputSpec as SOutputSpec, PayloadConfig,
} from "../serde/schema/types.js";
import { SerializeError } from "../serde/errors.js";
import type { ExportedProgram } from "./exported_program.js";
import { serializeModel, SERIALIZE_DEFAULTS } from "./serialize.js";
import { deserializeProgram } from "./deserialize.js";

/** Payload files and their config (PyTorch: the torch.save bytes of the state dict / constants). */
export interface SerializedPayloads {
  readonly config: PayloadConfig;
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** ExportedProgramSerializer.serialize's result (_SerializedProgram). */
export interface SerializedProgram {
  exported_program: SExportedProgram;
  state_dict: SerializedPayloads;
  constants: SerializedPayloads;
  example_inputs: Uint8Array;
}

/** serialize()'s result: the program as JSON bytes. */
export interface SerializedArtifact {
  exported_program: Uint8Array;
  state_dict: SerializedPayloads;
  constants: SerializedPayloads;
  example_inputs: Uint8Array;
}

type OpsetVersion = Readonly<Record<string, number>> | ReadonlyMap<string, number> | null | undefined;

function opsetMap(v: OpsetVersion): Map<string, number> | null {
  if (v === null || v === undefined) return null;
  const m = new Map(v instanceof Map ? v : Object.entries(v as Record<string, number>));
  if (!m.has("aten")) m.set("aten", SERIALIZE_DEFAULTS.opset_version);
  return m;
}

export class ExportedProgramSerializer {
  private readonly opset: Map<string, number> | null;
  constructor(opset_version: OpsetVersion = null, readonly pickle_protocol = 2) {
    this.opset = opsetMap(opset_version);
  }

  serialize(ep: ExportedProgram): SerializedProgram {
    const m = serializeModel(ep);
    if (this.opset !== null) m.program.opset_version = new Map(this.opset);
    return {
      exported_program: m.program,
      state_dict: { config: m.weightsConfig, files: m.weightFiles },
      constants: { config: m.constantsConfig, files: m.constantFiles },
      example_inputs: m.sampleInputs ?? new Uint8Array(0),
    };
  }
}

export class ExportedProgramDeserializer {
  /**
   * The opset versions the caller expects. PyTorch only warns when a namespace's version differs
   * (it has no upgraders), and pt2js runs every aten opset it reads the same way, so it is kept, not checked.
   */
  readonly expected_opset_version: Map<string, number> | null;
  constructor(expected_opset_version: OpsetVersion = null) {
    this.expected_opset_version = opsetMap(expected_opset_version);
  }

  deserialize(
    exported_program: SExportedProgram,
    state_dict: SerializedPayloads,
    constants: SerializedPayloads,
    example_inputs: Uint8Array | null = null,
  ): ExportedProgram {
    const bytes = writePt2({
      models: new Map([
        ["model", {
          program: exported_program,
          weightsConfig: state_dict.config,
          weightFiles: state_dict.files,
          constantsConfig: constants.config,
          constantFiles: constants.files,
          sampleInputs: example_inputs ?? undefined,
        }],
      ]),
      serializationId: null,
    });
    return deserializeProgram(readPt2(bytes).models.get("model")!, { copyWeights: false });
  }
}

/** serialize(ep, opset_version=None) */
export function serialize(ep: ExportedProgram, opset_version: OpsetVersion = null): SerializedArtifact {
  const s = new ExportedProgramSerializer(opset_version).serialize(ep);
  return { ...s, exported_program: _to_json_bytes(s.exported_program) };
}

/** deserialize(artifact, expected_opset_version=None) */
export function deserialize(artifact: SerializedArtifact, expected_opset_version: OpsetVersion = null): ExportedProgram {
  if (!(artifact.exported_program instanceof Uint8Array)) throw new SerializeError("deserialize() expects a SerializedArtifact (exported_program as JSON bytes)");
  const program = decodeSchemaBytes("ExportedProgram", artifact.exported_program);
  return new ExportedProgramDeserializer(expected_opset_version).deserialize(program, artifact.state_dict, artifact.constants, artifact.example_inputs);
}

/** _to_json_bytes: the JSON PyTorch writes for a schema program. */
export function _to_json_bytes(exported_program: SExportedProgram): Uint8Array {
  return encodeSchemaBytes("ExportedProgram", exported_program);
}

// ----- canonicalize -----------------------------------------------------------------------------

const INPUT_RANK: Record<string, number> = {
  token: 0, parameter: 1, buffer: 2, tensor_constant: 3, custom_obj: 4, user_input: 5, constant_input: 6,
};
const OUTPUT_RANK: Record<string, number> = {
  token: 0, buffer_mutation: 1, parameter_mutation: 1, user_input_mutation: 2, user_output: 3, loss_output: 3,
  gradient_to_parameter: 4, gradient_to_user_input: 5,
};

const key = (u: object): string => Object.keys(u)[0]!;
const specName = (spec: object): string | null => {
  const v = Object.values(spec)[0] as Record<string, unknown>;
  for (const f of ["parameter_name", "buffer_name", "tensor_constant_name", "custom_obj_name", "user_input_name"]) {
    if (typeof v[f] === "string") return v[f] as string;
  }
  return null;
};

function sortSpecs<T extends object>(specs: readonly T[], ranks: Record<string, number>): T[] {
  return specs
    .map((s, i) => ({ s, i, r: ranks[key(s)] ?? 99, n: specName(s) }))
    .sort((a, b) => a.r - b.r || ((a.n ?? "") < (b.n ?? "") ? -1 : (a.n ?? "") > (b.n ?? "") ? 1 : 0) || a.i - b.i)
    .map((x) => x.s);
}

/** Every value name an argument tree defines or uses (TensorArgument {name}, Sym*Argument {as_name}, ...). */
function namesIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) namesIn(x, out);
  else if (v !== null && typeof v === "object" && !(v instanceof Map)) {
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === "name" || keys[0] === "as_name") && typeof (v as Record<string, unknown>)[keys[0]!] === "string") {
      out.push((v as Record<string, string>)[keys[0]!]!);
    } else if (keys.length === 2 && keys.includes("name") && keys.includes("class_fqn")) {
      out.push((v as { name: string }).name);
    } else {
      for (const k of keys) namesIn((v as Record<string, unknown>)[k], out);
    }
  }
  return out;
}

function renamed<T>(v: T, table: ReadonlyMap<string, string>): T {
  if (Array.isArray(v)) return v.map((x) => renamed(x, table)) as T;
  if (v instanceof Map) return v;
  if (v !== null && typeof v === "object") {
    const keys = Object.keys(v);
    const o = v as Record<string, unknown>;
    if (keys.length === 1 && (keys[0] === "name" || keys[0] === "as_name") && typeof o[keys[0]!] === "string") {
      return { [keys[0]!]: table.get(o[keys[0]!] as string) ?? o[keys[0]!] } as T;
    }
    if (keys.length === 2 && keys.includes("name") && keys.includes("class_fqn")) {
      return { ...o, name: table.get(o.name as string) ?? o.name } as T;
    }
    return Object.fromEntries(keys.map((k) => [k, renamed(o[k], table)])) as T;
  }
  return v;
}

function renameMap<T>(m: ReadonlyMap<string, T>, table: ReadonlyMap<string, string>): Map<string, T> {
  const out = new Map<string, T>();
  for (const [k, v] of m) out.set(table.get(k) ?? k, v);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * canonicalize(ep): a normal form of a schema program, so that programs equal up to naming and the
 * order of independent nodes serialize the same: input and output specs sorted by kind (then by
 * state name), graph inputs renamed `_0, _1, ...` in that order, then nodes emitted in topological
 * order choosing, among the ready ones, the smallest by target and (renamed) arguments, their
 * outputs renamed in emission order.
 */
export function canonicalize(ep: SExportedProgram): SExportedProgram {
  const gm = ep.graph_module;
  const g = gm.graph;
  const sig = gm.signature;
  const order = sig.input_specs.map((s, i) => ({ s, i }));
  const sortedInputs = sortSpecs(order.map((x) => x.s), INPUT_RANK);
  const inputIndex = sortedInputs.map((s) => order.find((x) => x.s === s)!.i);
  const sortedOutputs = sortSpecs(sig.output_specs, OUTPUT_RANK);
  const outputIndex = sortedOutputs.map((s) => sig.output_specs.indexOf(s));

  const table = new Map<string, string>();
  const define = (name: string) => {
    if (!table.has(name)) table.set(name, `_${table.size}`);
  };
  const graphInputs = inputIndex.map((i) => g.inputs[i]!);
  for (const a of graphInputs) for (const n of namesIn(a)) define(n);

  // Topological order with a canonical choice among ready nodes.
  const producedBy = new Map<string, number>();
  g.nodes.forEach((n, i) => namesIn(n.outputs).forEach((name) => producedBy.set(name, i)));
  const deps = g.nodes.map((n) => new Set(namesIn(n.inputs).map((name) => producedBy.get(name)).filter((d): d is number => d !== undefined)));
  const done = new Set<number>();
  const emitted: SNode[] = [];
  const nodeKey = (n: SNode) => JSON.stringify([n.target, renamed(n.inputs, table)]);
  while (done.size < g.nodes.length) {
    let best = -1;
    let bestKey = "";
    for (let i = 0; i < g.nodes.length; i++) {
      if (done.has(i) || [...deps[i]!].some((d) => !done.has(d))) continue;
      const k = nodeKey(g.nodes[i]!);
      if (best === -1 || k < bestKey) {
        best = i;
        bestKey = k;
      }
    }
    if (best === -1) throw new SerializeError("canonicalize: the graph has a cycle");
    done.add(best);
    const n = g.nodes[best]!;
    for (const name of namesIn(n.outputs)) define(name);
    emitted.push(n);
  }

  const graph: SGraph = {
    ...g,
    inputs: renamed(graphInputs as SArgument[], table),
    outputs: renamed(g.outputs.length === outputIndex.length ? outputIndex.map((i) => g.outputs[i]!) : g.outputs, table),
    nodes: emitted.map((n) => ({ ...n, inputs: renamed(n.inputs, table), outputs: renamed(n.outputs, table) })),
    tensor_values: renameMap(g.tensor_values, table),
    sym_int_values: renameMap(g.sym_int_values, table),
    sym_bool_values: renameMap(g.sym_bool_values, table),
    sym_float_values: renameMap(g.sym_float_values, table),
    custom_obj_values: renameMap(g.custom_obj_values, table),
  };
  return {
    ...ep,
    graph_module: {
      ...gm,
      graph,
      signature: {
        input_specs: renamed(sortedInputs as SInputSpec[], table),
        output_specs: renamed(sortedOutputs as SOutputSpec[], table),
      },
      module_call_graph: renamed(gm.module_call_graph, table),
    },
    opset_version: new Map([...ep.opset_version].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    range_constraints: new Map([...ep.range_constraints].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

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

// ----- canonicalize (serialize.py canonicalize / _canonicalize_graph) ---------------------------

type Ranked = [number, string | null, number];

function rankInput(spec: SInputSpec, idx: number): Ranked {
  if ("user_input" in spec && spec.user_input) return [5, null, idx];
  if ("parameter" in spec && spec.parameter) return [1, spec.parameter.parameter_name, idx];
  if ("buffer" in spec && spec.buffer) return [2, spec.buffer.buffer_name, idx];
  if ("tensor_constant" in spec && spec.tensor_constant) return [3, spec.tensor_constant.tensor_constant_name, idx];
  if ("custom_obj" in spec && spec.custom_obj) return [4, spec.custom_obj.custom_obj_name, idx];
  if ("token" in spec && spec.token) return [0, null, idx];
  if ("constant_input" in spec && spec.constant_input) return [6, spec.constant_input.name, idx];
  throw new SerializeError(`Unknown input type: ${Object.keys(spec)[0]}`);
}

function rankOutput(spec: SOutputSpec, idx: number): Ranked {
  if ("user_output" in spec && spec.user_output) return [3, null, idx];
  if ("loss_output" in spec && spec.loss_output) return [3, null, idx];
  if ("buffer_mutation" in spec && spec.buffer_mutation) return [1, spec.buffer_mutation.buffer_name, idx];
  if ("gradient_to_parameter" in spec && spec.gradient_to_parameter) return [4, spec.gradient_to_parameter.parameter_name, idx];
  if ("gradient_to_user_input" in spec && spec.gradient_to_user_input) return [5, null, idx];
  if ("user_input_mutation" in spec && spec.user_input_mutation) return [2, null, idx];
  if ("token" in spec && spec.token) return [0, null, idx];
  throw new SerializeError(`Unknown output type: ${Object.keys(spec)[0]}`);
}

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const cmpRanked = (a: Ranked, b: Ranked): number => a[0] - b[0] || cmpStr(a[1] ?? "", b[1] ?? "") || a[2] - b[2];

/** _get_argument: the named-value leaves of an Argument (tensors, symbolic names, custom objects); literals have none. */
function argLeaves(arg: SArgument): unknown[] {
  const key = Object.keys(arg)[0]!;
  const v = (arg as Record<string, unknown>)[key];
  switch (key) {
    case "as_tensor": case "as_sym_int": case "as_sym_float": case "as_sym_bool": case "as_custom_obj": case "as_optional_tensor":
      return [v];
    case "as_tensors": case "as_sym_ints": case "as_sym_floats": case "as_sym_bools": case "as_optional_tensors":
      return v as unknown[];
    default:
      return [];
  }
}

/** get_name of a leaf: TensorArgument.name, Sym*Argument.as_name, OptionalTensorArgument.as_tensor.name, CustomObjArgument.name. */
function leafName(a: unknown): string | null {
  if (a === null || typeof a !== "object") return null;
  const o = a as Record<string, unknown>;
  if (typeof o.as_name === "string") return o.as_name;
  if (o.as_tensor !== undefined) return (o.as_tensor as { name: string }).name;
  if (typeof o.name === "string") return o.name;
  return null;
}

/** The same leaf with its name replaced (a copy). */
function withName(a: unknown, name: string): unknown {
  const o = a as Record<string, unknown>;
  if (typeof o.as_name === "string") return { as_name: name };
  if (o.as_tensor !== undefined) return { as_tensor: { name } };
  return { ...o, name };
}

/** An Argument with each named leaf mapped through `f` (a copy). */
function mapArgument(arg: SArgument, f: (leaf: unknown) => unknown): SArgument {
  const key = Object.keys(arg)[0]!;
  const v = (arg as Record<string, unknown>)[key];
  switch (key) {
    case "as_tensor": case "as_sym_int": case "as_sym_float": case "as_sym_bool": case "as_custom_obj": case "as_optional_tensor":
      return { [key]: f(v) } as unknown as SArgument;
    case "as_tensors": case "as_sym_ints": case "as_sym_floats": case "as_sym_bools": case "as_optional_tensors":
      return { [key]: (v as unknown[]).map(f) } as unknown as SArgument;
    default:
      return arg;
  }
}

const compareArgsRank = (a: Array<[string, number[]]>, b: Array<[string, number[]]>): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = cmpStr(a[i]![0], b[i]![0]);
    if (c !== 0) return c;
    const ra = a[i]![1];
    const rb = b[i]![1];
    for (let j = 0; j < Math.min(ra.length, rb.length); j++) if (ra[j] !== rb[j]) return ra[j]! - rb[j]!;
    if (ra.length !== rb.length) return ra.length - rb.length;
  }
  return a.length - b.length;
};

function canonicalizeGraph(inputs: readonly SArgument[], outputs: readonly SArgument[], graph: SGraph, constants: ReadonlySet<string>): [SGraph, Map<string, string>] {
  const nodes = graph.nodes;
  // Stage 1: nodes in topological order; among the ready ones the least (target, (arg name, arg ranks)...).
  const graphInputs = new Set<string>();
  for (const i of inputs) for (const l of argLeaves(i)) { const s = leafName(l); if (s) graphInputs.add(s); }
  const defTable = new Map<string, number>();
  nodes.forEach((n, idx) => {
    for (const o of n.outputs) for (const l of argLeaves(o)) { const s = leafName(l); if (s) defTable.set(s, idx); }
  });
  const outs: number[][] = nodes.map(() => []);
  const ins: number[] = nodes.map(() => 0);
  nodes.forEach((user, idx) => {
    for (const i of user.inputs) {
      for (const l of argLeaves(i.arg)) {
        const s = leafName(l);
        if (!s || constants.has(s)) continue;
        const src = defTable.get(s);
        if (src === undefined) {
          if (!graphInputs.has(s)) throw new SerializeError(`canonicalize: ${s} is neither a graph input nor defined by a node`);
          continue;
        }
        outs[src]!.push(idx);
        ins[idx]!++;
      }
    }
  });
  const rank = new Map<string, number>();
  const addRank = (l: unknown) => { const s = leafName(l); if (s) rank.set(s, rank.size); };
  const getRank = (l: unknown) => { const s = leafName(l); return s && !constants.has(s) ? (rank.get(s) ?? -1) : -1; };
  for (const i of inputs) argLeaves(i).forEach(addRank);
  type Candidate = { target: string; argsRank: Array<[string, number[]]>; idx: number };
  const candidates: Candidate[] = [];
  const addCandidate = (idx: number) => {
    const n = nodes[idx]!;
    candidates.push({ target: n.target, argsRank: n.inputs.map((a) => [a.name, argLeaves(a.arg).map(getRank)]), idx });
  };
  nodes.forEach((_, idx) => { if (ins[idx] === 0) addCandidate(idx); });
  const sorted: SNode[] = [];
  while (candidates.length > 0) {
    let best = 0;
    for (let i = 1; i < candidates.length; i++) {
      const a = candidates[i]!;
      const b = candidates[best]!;
      if ((cmpStr(a.target, b.target) || compareArgsRank(a.argsRank, b.argsRank) || a.idx - b.idx) < 0) best = i;
    }
    const { idx } = candidates.splice(best, 1)[0]!;
    const node = nodes[idx]!;
    for (const o of node.outputs) argLeaves(o).forEach(addRank);
    sorted.push(node);
    for (const user of outs[idx]!) if (--ins[user]! === 0) addCandidate(user);
    outs[idx] = [];
  }
  if (sorted.length !== nodes.length) throw new SerializeError("canonicalize: the graph has a cycle");

  // Stage 2: values renamed _0, _1, ... (inputs, then node outputs in order); uses follow.
  const table = new Map<string, string>();
  const renameDef = (l: unknown): unknown => {
    const s = leafName(l);
    if (!s) return l;
    const fresh = `_${table.size}`;
    if (table.has(s)) throw new SerializeError(`canonicalize: ${s} is defined twice`);
    table.set(s, fresh);
    return withName(l, fresh);
  };
  const replaceUse = (l: unknown): unknown => {
    const s = leafName(l);
    return s && table.has(s) ? withName(l, table.get(s)!) : l;
  };
  const newInputs = inputs.map((i) => mapArgument(i, renameDef));
  let counter = 0;
  const newNodes = sorted.map((n): SNode => ({ ...n, outputs: n.outputs.map((o) => mapArgument(o, renameDef)) })).map((n) => ({
    ...n,
    // Stage 3: unstable fields removed.
    metadata: new Map<string, string>(),
    inputs: n.inputs.map((i) => {
      // Stage 5: subgraphs canonicalized too, renamed _g0, _g1, ...
      if ("as_graph" in i.arg && i.arg.as_graph) {
        const sub = i.arg.as_graph.graph;
        const [g] = canonicalizeGraph(sub.inputs, sub.outputs, sub, constants);
        return { ...i, arg: { as_graph: { name: `_g${counter++}`, graph: g } } };
      }
      return { ...i, arg: mapArgument(i.arg, replaceUse) };
    }),
  }));
  const newOutputs = outputs.map((o) => mapArgument(o, replaceUse));
  // Stage 4: value tables renamed and sorted by name.
  const values = <T>(m: ReadonlyMap<string, T>): Map<string, T> =>
    new Map([...m].map(([k, v]): [string, T] => [table.get(k) ?? k, v]).sort(([a], [b]) => cmpStr(a, b)));
  return [{
    inputs: newInputs,
    outputs: newOutputs,
    nodes: newNodes,
    tensor_values: values(graph.tensor_values),
    sym_int_values: values(graph.sym_int_values),
    sym_float_values: values(graph.sym_float_values),
    sym_bool_values: values(graph.sym_bool_values),
    is_single_tensor_return: graph.is_single_tensor_return,
    custom_obj_values: values(graph.custom_obj_values),
  }, table];
}

/**
 * canonicalize(ep, constants=None): a normal form of a schema program, so that programs with the
 * same semantics serialize the same (PyTorch's algorithm): input and output specs sorted by kind
 * (then state name, then position), nodes in a topological order that picks the least ready node
 * by target and argument ranks, every value renamed `_0, _1, ...` in definition order, node
 * metadata dropped, value tables sorted, subgraphs canonicalized and named `_g0, _g1, ...`, the
 * module call graph sorted by fqn; graph-module metadata and guards are not kept.
 */
export function canonicalize(ep: SExportedProgram, constants: ReadonlySet<string> = new Set()): SExportedProgram {
  const gm = ep.graph_module;
  const graph = gm.graph;
  const sig = gm.signature;
  if (graph.inputs.length !== sig.input_specs.length || graph.outputs.length !== sig.output_specs.length) {
    throw new SerializeError("canonicalize: the graph's inputs and outputs do not match its signature");
  }
  const ins = sig.input_specs.map((spec, i) => ({ arg: graph.inputs[i]!, spec, r: rankInput(spec, i) })).sort((a, b) => cmpRanked(a.r, b.r));
  const outs = sig.output_specs.map((spec, i) => ({ arg: graph.outputs[i]!, spec, r: rankOutput(spec, i) })).sort((a, b) => cmpRanked(a.r, b.r));
  const [sortedGraph, table] = canonicalizeGraph(ins.map((x) => x.arg), outs.map((x) => x.arg), graph, constants);
  const rn = (name: string) => table.get(name) ?? name;
  const specArg = <T>(a: T): T => (a !== null && typeof a === "object" && Object.keys(a).length === 1 && (Object.keys(a)[0]!.startsWith("as_"))
    ? (mapArgument(a as unknown as SArgument, (l) => { const s = leafName(l); return s ? withName(l, rn(s)) : l; }) as unknown as T)
    : a !== null && typeof a === "object" ? ({ ...(a as object), name: rn((a as unknown as { name: string }).name) } as T) : a);
  const inputSpecs = ins.map(({ spec }): SInputSpec => {
    const [k, v] = Object.entries(spec)[0]! as [string, Record<string, unknown>];
    if (k === "constant_input") return spec;
    return { [k]: { ...v, arg: specArg(v.arg) } } as unknown as SInputSpec;
  });
  const outputSpecs = outs.map(({ spec }): SOutputSpec => {
    const [k, v] = Object.entries(spec)[0]! as [string, Record<string, unknown>];
    const out: Record<string, unknown> = { ...v, arg: specArg(v.arg) };
    if (typeof v.user_input_name === "string") out.user_input_name = rn(v.user_input_name);
    return { [k]: out } as unknown as SOutputSpec;
  });
  return {
    graph_module: {
      graph: sortedGraph,
      signature: { input_specs: inputSpecs, output_specs: outputSpecs },
      module_call_graph: [...gm.module_call_graph].sort((a, b) => cmpStr(a.fqn, b.fqn)),
      metadata: new Map(),
      treespec_namedtuple_fields: new Map(),
    },
    opset_version: new Map([...ep.opset_version].sort(([a], [b]) => cmpStr(a, b))),
    range_constraints: new Map([...ep.range_constraints].sort(([a], [b]) => cmpStr(a, b))),
    schema_version: ep.schema_version,
    verifiers: ep.verifiers,
    torch_version: ep.torch_version,
    guards_code: [],
  };
}

// FX Graph → schema 8.17 Graph (serialize.py GraphModuleSerializer): graph inputs from the
// placeholders, one Node per call_function (getitem nodes folded into their producer's outputs),
// NamedArguments named from the op schema with PyTorch's positional / keyword kinds, values in
// tensor_values / sym_*_values, subgraphs (get_attr of a child GraphModule) as as_graph.
import {
  DType, Device, Layout, MemoryFormat, Node, PyFloat, Tuple, isTarget, isTensorMeta,
  type Argument, type GraphModule, type Target,
} from "../fx/index.js";
import { lookupOp } from "../ops/registry.js";
import type { SchemaType } from "../ops/schema.js";
import {
  ArgumentKind, type Argument as SArgument, type Graph as SGraph, type NamedArgument, type Node as SNode,
  type SymBool, type SymInt, type TensorMeta as STensorMeta, type CustomObjArgument, type SymFloat,
} from "../serde/schema/types.js";
import { isHigherOrder, isSymOp } from "./deserialize_targets.js";
import { serializedArgumentNames } from "./deserialize_graph.js";
import { dtypeCodes, layoutCodes, memoryFormatCodes } from "./serialize_enums.js";
import { SerializeError } from "./serialize_errors.js";
import { exprOf, serializeMetadata, type HintTable } from "./serialize_meta.js";

interface GraphState {
  inputs: SArgument[];
  outputs: SArgument[];
  nodes: SNode[];
  tensor_values: Map<string, STensorMeta>;
  sym_int_values: Map<string, SymInt>;
  sym_bool_values: Map<string, SymBool>;
  sym_float_values: Map<string, SymFloat>;
  custom_obj_values: Map<string, CustomObjArgument>;
  is_single_tensor_return: boolean;
}

export class GraphSerializer {
  private state = newState();
  /** A getitem node repeating an earlier getitem of the same output → that one (duplicate_getitem_nodes). */
  private readonly duplicateGetitems = new Map<Node, Node>();

  /** `requiresGrad(name)`: whether a placeholder is a parameter (its fake tensor requires grad). */
  constructor(
    private readonly hints: HintTable,
    private readonly requiresGrad: (placeholder: string) => boolean = () => false,
  ) {}

  serialize(gm: GraphModule): SGraph {
    for (const node of gm.graph.nodes) {
      try {
        this.handle(node, gm);
      } catch (e) {
        if (e instanceof SerializeError) throw new SerializeError(`Failed serializing node ${node.name}: ${e.message}`);
        throw e;
      }
    }
    const s = this.state;
    return {
      inputs: s.inputs, outputs: s.outputs, nodes: s.nodes, tensor_values: s.tensor_values,
      sym_int_values: s.sym_int_values, sym_bool_values: s.sym_bool_values,
      is_single_tensor_return: s.is_single_tensor_return, custom_obj_values: s.custom_obj_values,
      sym_float_values: s.sym_float_values,
    };
  }

  private handle(node: Node, gm: GraphModule): void {
    switch (node.op) {
      case "placeholder":
        return this.placeholder(node);
      case "call_function":
        return this.callFunction(node, gm);
      case "get_attr":
        return; // serialized where a node uses it (as_graph)
      case "output": {
        const result = node.args[0] ?? null;
        if (result instanceof Node) {
          this.state.is_single_tensor_return = true;
          this.state.outputs = [this.input(result, gm)];
        } else {
          const items = result instanceof Tuple ? result.items : Array.isArray(result) ? result : null;
          if (items === null) throw new SerializeError("the output node must return a node, a tuple or a list");
          this.state.outputs = (items as readonly Argument[]).map((a) => this.input(a, gm));
        }
        return;
      }
      default:
        throw new SerializeError(`${node.op} nodes cannot be serialized`);
    }
  }

  private placeholder(node: Node): void {
    const val = node.meta.val;
    let input: SArgument;
    if (isTensorMeta(val)) input = { as_tensor: this.tensorOutput(node.name, val, this.requiresGrad(node.name)) };
    else if (exprOf(val) !== null) input = { as_sym_int: this.symIntOutput(node.name, val) };
    else if (isCustomObj(val)) {
      input = { as_custom_obj: { name: node.name, class_fqn: val.class_fqn } };
      this.state.custom_obj_values.set(node.name, { name: val.name, class_fqn: val.class_fqn });
    } else if (val === null || val === undefined || ["number", "boolean", "string", "bigint"].includes(typeof val) || val instanceof PyFloat) {
      input = this.input((val ?? null) as Argument, null);
    } else {
      throw new SerializeError(`Unimplemented graph input type: ${String(val)}`);
    }
    this.state.inputs.push(input);
  }

  private callFunction(node: Node, gm: GraphModule): void {
    const target = node.target as Target;
    if (target.qualifiedName === "_operator.getitem") return; // folded into the producer's outputs
    this.recordDuplicateGetitems(node);
    const val = node.meta.val;
    const metadata = serializeMetadata(node.meta);
    // A SymInt / SymBool / SymFloat value (not a plain number) marks a symbolic op, as in PyTorch.
    const symbolic = val !== undefined && val !== null && !isTensorMeta(val) && !Array.isArray(val) && exprOf(val) !== null;
    let ex: SNode;
    if (isSymOp(target) || symbolic) {
      if (Object.keys(node.kwargs).length > 0) throw new SerializeError(`symbolic op ${target.qualifiedName} with keyword arguments`);
      const names = symOpArgNames(target);
      ex = {
        target: target.qualifiedName,
        inputs: node.args.map((a, i) => ({ name: names[i] ?? "", arg: this.input(a, gm), kind: ArgumentKind.POSITIONAL })),
        outputs: [this.output(node.name, val)],
        metadata, is_hop_single_tensor_return: null, name: node.name,
      };
    } else if (isHigherOrder(target)) {
      const inputs: NamedArgument[] = node.args.map((a) => ({ name: "", arg: this.input(a, gm), kind: ArgumentKind.POSITIONAL }));
      for (const [k, a] of Object.entries(node.kwargs)) inputs.push({ name: k, arg: this.input(a, gm), kind: ArgumentKind.KEYWORD });
      ex = {
        target: target.qualifiedName, inputs, outputs: this.hopOutputs(node), metadata,
        is_hop_single_tensor_return: isTensorMeta(val), name: node.name,
      };
    } else {
      const op = target.qualifiedName.startsWith("torch.ops.aten.") ? lookupOp(target.qualifiedName) : undefined;
      if (op === undefined) {
        this.state.nodes.push(this.opWithoutSchema(node, gm, metadata));
        return;
      }
      const inputs: NamedArgument[] = [];
      op.schema.args.forEach((sa, i) => {
        if (sa.name in node.kwargs) {
          inputs.push({ name: sa.name, arg: this.input(node.kwargs[sa.name]!, gm, sa.type), kind: ArgumentKind.KEYWORD });
        } else if (!sa.kwargOnly && i < node.args.length) {
          inputs.push({ name: sa.name, arg: this.input(node.args[i]!, gm, sa.type), kind: ArgumentKind.POSITIONAL });
        }
      });
      ex = {
        target: target.qualifiedName, inputs, outputs: this.opOutputs(node, op.schema.returns.map((r) => r.type)),
        metadata, is_hop_single_tensor_return: null, name: node.name,
      };
    }
    this.state.nodes.push(ex);
  }

  /**
   * A node calling an op pt2js has no schema for (a custom op of a loaded archive): argument names
   * as the archive had them, outputs from the node's value.
   */
  private opWithoutSchema(node: Node, gm: GraphModule, metadata: Map<string, string>): SNode {
    const target = node.target as Target;
    const names = serializedArgumentNames.get(node);
    const kwargs = Object.entries(node.kwargs);
    if (names === undefined || names.length !== node.args.length + kwargs.length) {
      throw new SerializeError(`Serializing ${target.qualifiedName} is not supported: pt2js has no schema for it`);
    }
    const inputs: NamedArgument[] = node.args.map((a, i) => ({ name: names[i]!, arg: this.input(a, gm), kind: ArgumentKind.POSITIONAL }));
    for (const [k, a] of kwargs) inputs.push({ name: k, arg: this.input(a, gm), kind: ArgumentKind.KEYWORD });
    const val = node.meta.val;
    let outputs: SArgument[];
    if (val === undefined) outputs = [];
    else if (Array.isArray(val)) outputs = (val as unknown[]).map((m, i) => this.output(itemName(node, i), m));
    else outputs = [this.output(node.name, val)];
    return { target: target.qualifiedName, inputs, outputs, metadata, is_hop_single_tensor_return: null, name: node.name };
  }

  /** serialize_outputs: one return → the node's own name; several → the getitem users' names. */
  private opOutputs(node: Node, returns: readonly SchemaType[]): SArgument[] {
    if (returns.length === 0) return [];
    const val = node.meta.val;
    if (returns.length === 1 && returns[0]!.isList && returns[0]!.base === "Tensor") {
      const metas = asList(val, node);
      return [{ as_tensors: metas.map((m, i) => this.tensorOutput(itemName(node, i), m)) }];
    }
    if (returns.length === 1) return [this.output(node.name, val)];
    const metas = asList(val, node);
    return metas.map((m, i) => {
      if (m === null || m === undefined) return { as_none: true };
      if (Array.isArray(m)) {
        const user = itemUser(node, i);
        if (user === null) throw new SerializeError(`no getitem user for list output ${i} of ${node.name}`);
        return { as_tensors: (m as unknown[]).map((x, j) => this.tensorOutput(itemName(user, j), x)) };
      }
      return this.output(itemName(node, i), m);
    });
  }

  /** Later getitem users taking an element an earlier one already takes are serialized as that one. */
  private recordDuplicateGetitems(node: Node): void {
    const first = new Map<unknown, Node>();
    for (const u of node.users) {
      if (u.op !== "call_function" || (u.target as Target).qualifiedName !== "_operator.getitem") continue;
      const seen = first.get(u.args[1]);
      if (seen === undefined) first.set(u.args[1], u);
      else this.duplicateGetitems.set(u, seen);
    }
  }

  /** serialize_hoo_outputs: a tuple value → one output per element (getitem names). */
  private hopOutputs(node: Node): SArgument[] {
    const val = node.meta.val;
    if (!Array.isArray(val)) return [this.output(node.name, val)];
    return (val as unknown[]).map((m, i) => {
      if (Array.isArray(m)) {
        const user = itemUser(node, i);
        if (user === null) throw new SerializeError(`no getitem user for list output ${i} of ${node.name}`);
        return { as_tensors: (m as unknown[]).map((x, j) => this.tensorOutput(itemName(user, j), x)) };
      }
      return this.output(itemName(node, i), m);
    });
  }

  /** serialize_output: a value under `name` in the table of its kind. */
  private output(name: string, val: unknown): SArgument {
    if (val === null || val === undefined) return { as_none: true };
    if (isTensorMeta(val)) return { as_tensor: this.tensorOutput(name, val) };
    const e = exprOf(val);
    if (typeof val === "boolean" || (e !== null && e.isBoolean())) {
      if (this.state.sym_bool_values.has(name)) throw new SerializeError(`${name} serialized twice`);
      this.state.sym_bool_values.set(name, this.hints.symBool(val));
      return { as_sym_bool: { as_name: name } };
    }
    if (typeof val === "number" || typeof val === "bigint" || e !== null) return { as_sym_int: this.symIntOutput(name, val) };
    throw new SerializeError(`Unable to serialize output ${String(val)}`);
  }

  private tensorOutput(name: string, val: unknown, requiresGrad = false): { name: string } {
    if (!isTensorMeta(val)) throw new SerializeError(`${name}: tensor metadata expected`);
    if (this.state.tensor_values.has(name)) throw new SerializeError(`${name} serialized twice`);
    this.state.tensor_values.set(name, this.hints.tensorMeta(val, requiresGrad));
    return { name };
  }

  private symIntOutput(name: string, val: unknown): { as_name: string } {
    if (this.state.sym_int_values.has(name)) throw new SerializeError(`${name} serialized twice`);
    this.state.sym_int_values.set(name, this.hints.symInt(val));
    return { as_name: name };
  }

  /** serialize_input: one FX argument → an Argument union (`type`: the schema type, for empty lists). */
  private input(a: Argument, gm: GraphModule | null, type?: SchemaType): SArgument {
    if (a instanceof Node && this.duplicateGetitems.has(a)) a = this.duplicateGetitems.get(a)!;
    if (a instanceof Node) {
      if (a.op === "get_attr") {
        const child = gm?.get_submodule(a.target as string);
        if (child === undefined) throw new SerializeError(`Unsupported getattr attribute ${String(a.target)}`);
        const saved = this.state;
        this.state = newState();
        try {
          return { as_graph: { name: a.target as string, graph: this.serialize(child) } };
        } finally {
          this.state = saved;
        }
      }
      const s = this.state;
      if (s.sym_int_values.has(a.name)) return { as_sym_int: { as_name: a.name } };
      if (s.sym_float_values.has(a.name)) return { as_sym_float: { as_name: a.name } };
      if (s.sym_bool_values.has(a.name)) return { as_sym_bool: { as_name: a.name } };
      if (isCustomObj(a.meta.val)) return { as_custom_obj: { name: a.name, class_fqn: a.meta.val.class_fqn } };
      return { as_tensor: { name: a.name } };
    }
    if (typeof a === "boolean") return { as_bool: a };
    if (typeof a === "string") return { as_string: a };
    if (typeof a === "bigint") return { as_int: a };
    if (typeof a === "number") return Number.isInteger(a) ? { as_int: a } : { as_float: a };
    if (a === null) return { as_none: true };
    if (a instanceof PyFloat) return { as_float: a.value };
    if (Array.isArray(a) || a instanceof Tuple) return this.list(a instanceof Tuple ? a.items : (a as readonly Argument[]), type);
    if (a instanceof DType) return { as_scalar_type: dtypeCodes.code(a.name) as never };
    if (a instanceof Device) return { as_device: { type: a.type, index: a.index } };
    if (a instanceof MemoryFormat) return { as_memory_format: memoryFormatCodes.code(a.name) as never };
    if (a instanceof Layout) return { as_layout: layoutCodes.code(a.name) as never };
    if (isTarget(a)) return { as_operator: a.qualifiedName };
    throw new SerializeError(`Unsupported argument type: ${(a as object).constructor?.name ?? typeof a}`);
  }

  private list(items: readonly Argument[], type?: SchemaType): SArgument {
    if (items.length === 0) {
      if (type === undefined) return { as_tensors: [] };
      switch (type.base) {
        case "bool": return { as_bools: [] };
        case "int": case "SymInt": return { as_ints: [] };
        case "float": return { as_floats: [] };
        case "str": return { as_strings: [] };
        case "Tensor": return { as_tensors: [] };
        default: throw new SerializeError(`Empty list with type ${type.text} nyi.`);
      }
    }
    const isInt = (a: Argument) => typeof a === "bigint" || (typeof a === "number" && Number.isInteger(a));
    const isFloat = (a: Argument) => a instanceof PyFloat || (typeof a === "number" && !Number.isInteger(a));
    const s = this.state;
    if (items.every((a) => typeof a === "boolean")) return { as_bools: [...(items as boolean[])] };
    if (items.every(isInt)) return { as_ints: items as Array<number | bigint> };
    if (items.every(isFloat)) return { as_floats: items.map((a) => Number(a)) };
    if (items.every((a) => typeof a === "string")) return { as_strings: [...(items as string[])] };
    const named = (a: Argument, table: Map<string, unknown>) => a instanceof Node && table.has(a.name);
    if (items.every((a) => isInt(a) || named(a, s.sym_int_values))) {
      return { as_sym_ints: items.map((a) => (a instanceof Node ? { as_name: a.name } : { as_int: a as number })) };
    }
    if (items.every((a) => isFloat(a) || named(a, s.sym_float_values))) {
      return { as_sym_floats: items.map((a) => (a instanceof Node ? { as_name: a.name } : { as_float: Number(a) })) };
    }
    if (items.every((a) => typeof a === "boolean" || named(a, s.sym_bool_values))) {
      return { as_sym_bools: items.map((a) => (a instanceof Node ? { as_name: a.name } : { as_bool: a as boolean })) };
    }
    if (items.every((a) => a instanceof Node)) return { as_tensors: (items as Node[]).map((n) => ({ name: n.name })) };
    if (items.every((a) => a instanceof Node || a === null)) {
      return { as_optional_tensors: items.map((a) => (a instanceof Node ? { as_tensor: { name: a.name } } : { as_none: true })) };
    }
    throw new SerializeError("Unsupported list/tuple argument type");
  }
}

function newState(): GraphState {
  return {
    inputs: [], outputs: [], nodes: [], tensor_values: new Map(), sym_int_values: new Map(), sym_bool_values: new Map(),
    sym_float_values: new Map(), custom_obj_values: new Map(), is_single_tensor_return: false,
  };
}

function isCustomObj(v: unknown): v is { name: string; class_fqn: string } {
  return typeof v === "object" && v !== null && typeof (v as { class_fqn?: unknown }).class_fqn === "string";
}

function asList(val: unknown, node: Node): unknown[] {
  if (!Array.isArray(val)) throw new SerializeError(`${node.name}: a list of values expected in meta.val`);
  return val;
}

/** The getitem user taking element `i` (the first one; PyTorch dedups the others). */
function itemUser(node: Node, i: number): Node | null {
  for (const u of node.users) {
    if (u.op !== "call_function" || (u.target as Target).qualifiedName !== "_operator.getitem") {
      throw new SerializeError(`${u.name} is not a getitem node`);
    }
    if (u.args[1] === i) return u;
  }
  return null;
}

function itemName(node: Node, i: number): string {
  return itemUser(node, i)?.name ?? `${node.name}_unused_${i}`;
}

/** Argument names of a symbolic op: the schema's for ATen ops, `inspect.signature` for operator.*. */
function symOpArgNames(target: Target): string[] {
  const op = target.qualifiedName.startsWith("torch.ops.aten.") ? lookupOp(target.qualifiedName) : undefined;
  if (op !== undefined) return op.schema.args.map((a) => a.name);
  return ["a", "b", "c"];
}

// Schema 8.17 Graph → FX Graph (serialize.py GraphModuleDeserializer.deserialize_graph and
// deserialize_node): placeholders from the graph inputs, one call_function node per serialized
// node with arguments decoded from the one-key Argument unions (positional or keyword by the
// NamedArgument's kind), getitem nodes re-created for multi-output nodes, subgraph arguments
// (cond / map branches) as get_attr nodes of child GraphModules, and the output node.
import {
  DType, Device, Graph, GraphModule, Layout, MemoryFormat, Node, PyFloat, Tuple, operator,
  type Argument, type Kwargs, type MetaValue, type NodeMeta, type Target,
} from "../fx/index.js";
import { ArgumentKind, type Argument as SArgument, type Graph as SGraph, type Node as SNode } from "../serde/schema/types.js";
import { unionEntry } from "../serde/schema/union.js";
import { deserializeMetadata, toNumber, type SymbolTable } from "./deserialize_meta.js";
import { deserializeOperator, isHigherOrder, isSymOp } from "./deserialize_targets.js";
import { dtypeCodes, layoutCodes, memoryFormatCodes } from "./serialize_enums.js";
import { SerializeError } from "./serialize_errors.js";
import { lookupOp } from "../ops/registry.js";

/** Python keywords cannot be keyword arguments, so such schema arguments stay positional. */
const PY_KEYWORDS = new Set(["from", "in", "is", "not", "and", "or", "if", "else", "for", "while", "def", "class", "return",
  "import", "as", "with", "lambda", "global", "nonlocal", "pass", "raise", "try", "except", "finally", "yield", "del",
  "assert", "break", "continue", "elif", "True", "False", "None", "async", "await"]);

/** A custom object's value in the graph (ep.CustomObjArgument). */
export interface CustomObjValue {
  readonly name: string;
  readonly class_fqn: string;
}

/**
 * The NamedArgument names of loaded nodes calling ops outside the registry (custom ops such as
 * `torch.ops.mylib.foo`): pt2js has no schema for them, so saving the node again reuses these.
 */
export const serializedArgumentNames = new WeakMap<Node, readonly string[]>();

export class GraphDeserializer {
  private graph = new Graph();
  private nodes = new Map<string, Node>();
  private metas = new Map<string, MetaValue | CustomObjValue>();
  private submodules: Array<[string, GraphModule]> = [];

  constructor(private readonly symbols: SymbolTable) {}

  /**
   * Builds the GraphModule of `g`. `constantInputName(i)` names a graph input that is a constant
   * (its placeholder takes the signature's name, as in PyTorch).
   */
  deserialize(g: SGraph, constantInputName: (i: number) => string | null = () => null): GraphModule {
    for (const [name, t] of g.tensor_values) this.metas.set(name, this.symbols.tensorMeta(t));
    for (const [name, s] of g.sym_int_values) this.metas.set(name, this.symbols.symInt(s));
    for (const [name, s] of g.sym_float_values) this.metas.set(name, this.symbols.symFloat(s));
    for (const [name, s] of g.sym_bool_values) this.metas.set(name, this.symbols.symBool(s));
    for (const [name, c] of g.custom_obj_values) this.metas.set(name, { name: c.name, class_fqn: c.class_fqn });

    g.inputs.forEach((input, i) => this.placeholder(input, i, constantInputName));
    for (const n of g.nodes) {
      try {
        this.node(n);
      } catch (e) {
        if (e instanceof SerializeError) throw new SerializeError(`Failed deserializing node ${n.name ?? n.target}: ${e.message}`);
        throw e;
      }
    }
    const outputs = g.outputs.map((o) => this.graphOutput(o));
    if (g.is_single_tensor_return) {
      if (outputs.length !== 1) throw new SerializeError(`is_single_tensor_return with ${outputs.length} outputs`);
      this.graph.output(outputs[0]!);
    } else {
      this.graph.output(new Tuple(outputs));
    }
    const gm = new GraphModule(this.graph);
    for (const [name, child] of this.submodules) gm.add_submodule(name, child);
    return gm;
  }

  private placeholder(input: SArgument, i: number, constantInputName: (i: number) => string | null): void {
    const [key, value] = unionEntry(input);
    if (key === "as_tensor" || key === "as_custom_obj") {
      this.sync((value as { name: string }).name, this.graph.placeholder((value as { name: string }).name));
    } else if (key === "as_sym_int" || key === "as_sym_float" || key === "as_sym_bool") {
      const [k, name] = unionEntry(value as object);
      if (k !== "as_name") throw new SerializeError(`Deserializing a constant symint ${String(name)} as an input`);
      this.sync(name as string, this.graph.placeholder(name as string));
    } else if (key === "as_int" || key === "as_float" || key === "as_bool" || key === "as_none" || key === "as_string") {
      const node = this.graph.placeholder(constantInputName(i) || `arg${i}`);
      node.meta.val = this.input(input) as MetaValue;
      this.nodes.set(node.name, node);
    } else {
      throw new SerializeError(`Invalid input type ${key}`);
    }
  }

  /** Names `node` and gives it the value recorded for `name` (sync_fx_node). */
  private sync(name: string, node: Node): void {
    if (this.nodes.has(name)) throw new SerializeError(`Node ${name} has already been deserialized before.`);
    // A name FX reserves (a builtin such as `input`) gets a suffix from the graph's namespace;
    // arguments still find the node under its serialized name.
    this.nodes.set(name, node);
    if (!this.metas.has(name)) throw new SerializeError(`no value (tensor_values / sym_*_values) recorded for ${name}`);
    node.meta.val = this.metas.get(name) as MetaValue;
  }

  private node(n: SNode): void {
    const target = deserializeOperator(n.target);
    const metadata = deserializeMetadata(n.metadata);
    let node: Node;
    if (isSymOp(target) || n.target === "torch.ops.aten.item.default") {
      const out = n.outputs[0];
      const name = out === undefined ? null : symName(out);
      if (name === null) throw new SerializeError(`symbolic node ${n.target} has no named output`);
      node = this.graph.call_function(target, n.inputs.map((a) => this.input(a.arg)), {}, name);
      this.sync(name, node);
    } else if (isHigherOrder(target)) {
      const args: Argument[] = [];
      const kwargs: Record<string, Argument> = {};
      const attrs: Node[] = [];
      for (const a of n.inputs) {
        const v = this.input(a.arg, attrs);
        if (a.name === "") args.push(v);
        else kwargs[a.name] = v;
      }
      // The subgraph's get_attr nodes take the call's metadata (the schema has none for them).
      for (const attr of attrs) Object.assign(attr.meta, metadata);
      const single = n.outputs.length === 1 && "as_tensor" in n.outputs[0]! && n.is_hop_single_tensor_return !== false;
      const name = single ? (n.outputs[0] as { as_tensor: { name: string } }).as_tensor.name : (n.name ?? undefined);
      node = this.graph.call_function(target, args, kwargs, name);
      if (n.outputs.length === 1 && n.is_hop_single_tensor_return === false) {
        const val: MetaValue[] = [];
        this.getitems(node, [n.outputs[0]!], metadata, val);
        node.meta.val = val;
        this.nodes.set(node.name, node);
      } else {
        this.outputs(n, node, metadata);
      }
      Object.assign(node.meta, metadata);
    } else {
      const [args, kwargs] = this.inputsByKind(target, n);
      // A single tensor / symbolic output names the node; otherwise the recorded node name does.
      const single = n.outputs.length === 1 ? (tensorName(n.outputs[0]!) ?? symName(n.outputs[0]!)) : null;
      node = this.graph.call_function(target, args, kwargs, single ?? n.name ?? `${target.name}_${n.target.split(".").pop()}`);
      if (lookupOp(n.target) === undefined) serializedArgumentNames.set(node, n.inputs.map((a) => a.name));
      this.outputs(n, node, metadata);
    }
    Object.assign(node.meta, metadata);
    if (node.meta.nn_module_stack === undefined) node.meta.nn_module_stack = {}; // serialization drops empty stacks
  }

  /**
   * args / kwargs of an op node (deserialize_inputs): each schema argument takes the input of its
   * name, placed by its ArgumentKind (or, without one, positional when it has no default); a
   * required argument with no input of its name is an error, as PyTorch's KeyError is. Inputs are
   * never bound by their position in the JSON. Ops without a schema here (custom ops) go by kinds.
   */
  private inputsByKind(target: Target, n: SNode): [Argument[], Kwargs] {
    const args: Argument[] = [];
    const kwargs: Record<string, Argument> = {};
    const op = lookupOp(n.target);
    if (op === undefined) {
      if (!n.inputs.every((a) => a.kind !== null && a.kind !== ArgumentKind.UNKNOWN)) {
        throw new SerializeError(`no schema for ${target.qualifiedName} to place arguments without kinds`);
      }
      for (const a of n.inputs) {
        const v = this.input(a.arg);
        if (a.kind === ArgumentKind.KEYWORD && !PY_KEYWORDS.has(a.name)) kwargs[a.name] = v;
        else args.push(v);
      }
      return [args, kwargs];
    }
    const given = new Map<string, SNode["inputs"][number]>();
    for (const a of n.inputs) given.set(a.name, a); // a Python dict: the last of a name wins
    for (const sa of op.schema.args) {
      const a = given.get(sa.name);
      if (a !== undefined) {
        if (a.kind === ArgumentKind.POSITIONAL) {
          args.push(this.input(a.arg));
          continue;
        }
        if (a.kind === ArgumentKind.KEYWORD && !PY_KEYWORDS.has(sa.name)) {
          kwargs[sa.name] = this.input(a.arg);
          continue;
        }
      }
      if (!sa.hasDefault && !sa.kwargOnly) {
        if (a === undefined) {
          throw new SerializeError(
            `KeyError: '${sa.name}' (${n.target} requires argument '${sa.name}'; the node's inputs are ` +
              `${n.inputs.map((x) => `'${x.name}'`).join(", ") || "none"})`,
          );
        }
        args.push(this.input(a.arg));
      } else if (a !== undefined) {
        kwargs[sa.name] = this.input(a.arg);
      }
    }
    return [args, kwargs];
  }

  /** Binds the node's outputs (deserialize_outputs). */
  private outputs(n: SNode, node: Node, metadata: NodeMeta): void {
    if (n.outputs.length === 0) return;
    if (n.outputs.length === 1) {
      const [key] = unionEntry(n.outputs[0]!);
      if (key === "as_tensor" || symName(n.outputs[0]!) !== null) {
        this.sync(node.name, node);
        return;
      }
      if (key === "as_none") {
        node.meta.val = null;
        return;
      }
    }
    const val: MetaValue[] = [];
    const outs = n.outputs.length === 1 && "as_tensors" in n.outputs[0]! ? n.outputs[0]!.as_tensors!.map((t) => ({ as_tensor: t }) as SArgument) : n.outputs;
    this.getitems(node, outs, metadata, val);
    node.meta.val = val;
    this.nodes.set(node.name, node);
  }

  /** One getitem node per output (generate_getitems); lists get a getitem of getitems. */
  private getitems(node: Node, outs: readonly SArgument[], metadata: NodeMeta, val: MetaValue[]): void {
    outs.forEach((o, idx) => {
      const [key, value] = unionEntry(o);
      if (key === "as_tensor" || symName(o) !== null) {
        const name = key === "as_tensor" ? (value as { name: string }).name : symName(o)!;
        const item = this.graph.call_function(operator.getitem, [node, idx], {}, name);
        this.sync(name, item);
        val.push(item.meta.val as MetaValue);
        Object.assign(item.meta, metadata);
      } else if (key === "as_tensors") {
        const list = this.graph.call_function(operator.getitem, [node, idx]);
        const inner: MetaValue[] = [];
        this.getitems(list, (value as Array<{ name: string }>).map((t) => ({ as_tensor: t }) as SArgument), metadata, inner);
        Object.assign(list.meta, metadata);
        list.meta.val = inner;
        val.push(inner);
      } else if (key === "as_none") {
        const item = this.graph.call_function(operator.getitem, [node, idx], {}, "as_none");
        item.meta.val = null;
        Object.assign(item.meta, metadata);
        val.push(null);
      } else {
        throw new SerializeError(`Unimplemented node output type: ${key}`);
      }
    });
  }

  private graphOutput(o: SArgument): Argument {
    const [key, value] = unionEntry(o);
    switch (key) {
      case "as_tensor":
        return this.lookup((value as { name: string }).name);
      case "as_sym_int":
      case "as_sym_bool":
      case "as_sym_float":
      case "as_int":
      case "as_float":
      case "as_bool":
      case "as_none":
        return this.input(o);
      default:
        throw new SerializeError(`Unable to deserialize output node ${key}`);
    }
  }

  private lookup(name: string): Node {
    const n = this.nodes.get(name);
    if (n === undefined) throw new SerializeError(`argument ${JSON.stringify(name)} names no earlier node`);
    return n;
  }

  /** One Argument union → an FX argument value (deserialize_input). */
  private input(a: SArgument, attrs?: Node[]): Argument {
    const [key, value] = unionEntry(a);
    const v = value as never;
    switch (key) {
      case "as_none":
        return null;
      case "as_tensor":
        return this.lookup((value as { name: string }).name);
      case "as_tensors":
        return (value as Array<{ name: string }>).map((t) => this.lookup(t.name));
      case "as_int":
        return exactInt(v);
      case "as_bool":
      case "as_string":
        return v;
      case "as_ints":
        return (value as Array<number | bigint>).map(exactInt);
      case "as_bools":
      case "as_strings":
        return [...(value as Argument[])];
      case "as_int_lists":
        return (value as Array<Array<number | bigint>>).map((l) => l.map(exactInt));
      case "as_float":
        return new PyFloat(v);
      case "as_floats":
        return (value as number[]).map((x) => new PyFloat(x));
      case "as_sym_int":
      case "as_sym_bool":
      case "as_sym_float":
        return this.symArgument(v);
      case "as_sym_ints":
      case "as_sym_bools":
      case "as_sym_floats":
        return (value as object[]).map((s) => this.symArgument(s));
      case "as_scalar_type":
        return DType.of(dtypeCodes.name(v));
      case "as_memory_format":
        return new MemoryFormat(memoryFormatCodes.name(v));
      case "as_layout":
        return new Layout(layoutCodes.name(v));
      case "as_device": {
        const d = value as { type: string; index: number | bigint | null };
        return new Device(d.type, d.index === null ? null : toNumber(d.index, "device index"));
      }
      case "as_optional_tensors":
        return (value as SArgument[]).map((o) => ("as_tensor" in o ? this.lookup(o.as_tensor!.name) : null));
      case "as_optional_tensor":
        return "as_tensor" in (value as object) ? this.lookup((value as { as_tensor: { name: string } }).as_tensor.name) : null;
      case "as_custom_obj": {
        const name = (value as { name: string }).name;
        const n = this.nodes.get(name);
        if (n === undefined) throw new SerializeError(`custom object ${name} is not a graph input; pt2js does not load torchbind constants`);
        return n;
      }
      case "as_operator":
        return deserializeOperator(v);
      case "as_graph": {
        const { name, graph } = value as { name: string; graph: SGraph };
        const child = new GraphDeserializer(this.symbols).deserialize(graph);
        this.submodules.push([name, child]);
        const attr = this.graph.create_node("get_attr", name, [], {}, name);
        attrs?.push(attr);
        return attr;
      }
      default:
        throw new SerializeError(`Unhandled argument ${key}`);
    }
  }

  private symArgument(s: object): Argument {
    const [key, value] = unionEntry(s);
    if (key === "as_name") return this.lookup(value as string);
    return key === "as_int" ? exactInt(value as number | bigint) : (value as Argument);
  }
}

/** The name of a tensor output (`{as_tensor: {name}}`), else null. */
function tensorName(o: SArgument): string | null {
  return "as_tensor" in o && o.as_tensor !== undefined ? o.as_tensor.name : null;
}

/** The name of a SymInt/SymBool/SymFloat output (`{as_sym_int: {as_name}}`), else null. */
function symName(o: SArgument): string | null {
  const [key, value] = unionEntry(o);
  if (key !== "as_sym_int" && key !== "as_sym_bool" && key !== "as_sym_float") return null;
  const [k, name] = unionEntry(value as object);
  return k === "as_name" ? (name as string) : null;
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/**
 * An int argument as pt2js holds it: a number when exact (|v| <= 2^53 - 1). Beyond that only the
 * int64 bounds PyTorch writes as "open" markers (an open slice's stop, sys.maxsize) stay, as
 * bigints; any other large int would reach kernels that compute in doubles, so it is refused.
 */
function exactInt(v: number | bigint): Argument {
  if (typeof v === "number" || v === INT64_MAX || v === INT64_MIN || v === -INT64_MAX) return v;
  throw new SerializeError(`integer argument ${v} is outside the range pt2js computes exactly (|v| <= 2^53 - 1)`);
}

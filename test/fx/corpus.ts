// Test helper: rebuilds the graphs of PyTorch 2.11 reference programs through the fx API from
// the node records in test/fixtures/torch-2.11/fx/programs.json (Python repr strings).
import { readFileSync } from "node:fs";
import {
  Device,
  DType,
  Graph,
  GraphModule,
  Layout,
  MemoryFormat,
  PyFloat,
  Tuple,
  makeTarget,
  operator,
  type Argument,
  type MetaValue,
  type Node,
  type Target,
} from "../../src/fx/index.js";

export interface NodeRecord {
  op: string;
  name: string;
  target: string;
  args: string;
  kwargs: string;
  val: string | null;
  input_kind?: string | null;
  stack_trace?: string | null;
}

export interface ProgramRecord {
  group: string;
  case: string;
  printed: string;
  graphs: Array<{ name: string; nodes: NodeRecord[] }>;
}

export function loadPrograms(file = "programs.json"): Record<string, ProgramRecord> {
  const url = new URL(`../fixtures/torch-2.11/fx/${file}`, import.meta.url);
  return JSON.parse(readFileSync(url, "utf8")) as Record<string, ProgramRecord>;
}

/** A symbolic value standing in for a SymInt/SymBool: prints its sympy string. */
export class SymStub {
  constructor(readonly expr: string) {}
  toString(): string {
    return this.expr;
  }
}

const LAYOUTS = new Set(["strided", "sparse_coo", "sparse_csr", "sparse_csc", "sparse_bsr", "sparse_bsc", "_mkldnn", "jagged"]);
const MEMORY_FORMATS = new Set(["contiguous_format", "channels_last", "channels_last_3d", "preserve_format"]);

/** Parses a Python repr (as in FX node records) into an fx Argument. */
export function parsePython(text: string, lookup: (name: string) => Node): Argument | Record<string, Argument> {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && text[i] === " ") i++;
  };
  const expect = (c: string): void => {
    ws();
    if (text[i] !== c) throw new Error(`expected '${c}' at ${i} in ${text}`);
    i++;
  };
  const seq = (close: string): Argument[] => {
    const items: Argument[] = [];
    ws();
    while (text[i] !== close) {
      items.push(value() as Argument);
      ws();
      if (text[i] === ",") i++;
      ws();
    }
    i++;
    return items;
  };
  const str = (): string => {
    const q = text[i++]!;
    let s = "";
    while (text[i] !== q) {
      if (text[i] === "\\") {
        const c = text[i + 1]!;
        i += 2;
        if (c === "n") s += "\n";
        else if (c === "t") s += "\t";
        else if (c === "x") {
          s += String.fromCharCode(parseInt(text.slice(i, i + 2), 16));
          i += 2;
        } else s += c;
      } else s += text[i++];
    }
    i++;
    return s;
  };
  const value = (): Argument | Record<string, Argument> => {
    ws();
    const c = text[i]!;
    if (c === "(") {
      i++;
      return new Tuple(seq(")"));
    }
    if (c === "[") {
      i++;
      return seq("]");
    }
    if (c === "{") {
      i++;
      const out: Record<string, Argument> = {};
      ws();
      while (text[i] !== "}") {
        const k = str();
        expect(":");
        out[k] = value() as Argument;
        ws();
        if (text[i] === ",") i++;
        ws();
      }
      i++;
      return out;
    }
    if (c === "'" || c === '"') return str();
    const num = /^-?\d+(\.\d*)?(e[+-]?\d+)?/.exec(text.slice(i));
    if (num !== null) {
      i += num[0].length;
      if (num[1] !== undefined || num[2] !== undefined) return new PyFloat(Number(num[0]));
      const n = Number(num[0]);
      return Number.isSafeInteger(n) ? n : BigInt(num[0]);
    }
    const id = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
    if (id === null) throw new Error(`cannot parse at ${i}: ${text}`);
    i += id[0].length;
    const word = id[0];
    if (word === "True") return true;
    if (word === "False") return false;
    if (word === "None") return null;
    if (word === "inf") return new PyFloat(Infinity);
    if (word === "device") {
      expect("(");
      const spec: Record<string, string | number> = {};
      while (text[i] !== ")") {
        ws();
        const key = /^[a-z]+/.exec(text.slice(i))![0];
        i += key.length;
        expect("=");
        ws();
        spec[key] = text[i] === "'" ? str() : (value() as number);
        ws();
        if (text[i] === ",") i++;
      }
      i++;
      return new Device(spec.type as string, (spec.index as number | undefined) ?? null);
    }
    if (word.startsWith("torch.")) {
      const rest = word.slice(6);
      if (LAYOUTS.has(rest)) return new Layout(rest);
      if (MEMORY_FORMATS.has(rest)) return new MemoryFormat(rest);
      return DType.of(rest);
    }
    return lookup(word);
  };
  const v = value();
  ws();
  if (i !== text.length) throw new Error(`trailing text at ${i}: ${text}`);
  return v;
}

/** Splits at top-level commas. */
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = "";
  for (const c of s) {
    if (c === "(" || c === "[") depth++;
    if (c === ")" || c === "]") depth--;
    if (c === "," && depth === 0) {
      out.push(cur.trim());
      cur = "";
    } else cur += c;
  }
  if (cur.trim() !== "") out.push(cur.trim());
  return out;
}

function parseDim(d: string): number | SymStub {
  return /^-?\d+$/.test(d) ? Number(d) : new SymStub(d);
}

/** Parses a node record's `val` string (FakeTensor repr, SymInt str, lists of those). */
export function parseVal(val: string | null, inputKind?: string | null): MetaValue {
  if (val === null || val === "None") return undefined;
  if (inputKind === "as_string") return undefined; // a Python str input: no annotation
  const tensor = /^(?:Parameter\()?FakeTensor\(\.\.\., size=\((.*?)\)(?:, dtype=torch\.(\w+))?(?:, requires_grad=True)?\)\)?$/.exec(val);
  if (tensor !== null) {
    return { dtype: tensor[2] ?? "float32", shape: splitTop(tensor[1]!).map(parseDim) };
  }
  if (val.startsWith("(") || val.startsWith("[")) {
    return splitTop(val.slice(1, -1)).map((v) => parseVal(v));
  }
  if (/^-?\d+$/.test(val)) return Number(val);
  if (val === "True" || val === "False") return val === "True";
  return new SymStub(val);
}

const targetCache = new Map<string, Target>();

/** The fx Target for a record's target string. */
export function targetFor(text: string): Target {
  const builtin = /^<built-in function (\w+)>$/.exec(text);
  if (builtin !== null) {
    const t = (operator as Record<string, Target>)[builtin[1]!];
    if (t === undefined) throw new Error(`unknown builtin ${text}`);
    return t;
  }
  let t = targetCache.get(text);
  if (t === undefined) {
    if (text === "cond" || text === "map_impl") {
      t = makeTarget(`torch.ops.higher_order.${text}`, text);
    } else if (text.startsWith("aten.")) {
      const [, op, overload] = text.split(".") as [string, string, string];
      const impure = op.startsWith("_assert") || (op.endsWith("_") && !op.startsWith("_")) || op === "sym_constrain_range";
      t = makeTarget(`torch.ops.${text}`, `${op}.${overload}`, impure);
    } else {
      throw new Error(`unknown target ${text}`);
    }
    targetCache.set(text, t);
  }
  return t;
}

export interface Rebuilt {
  module: GraphModule;
  /** Nodes whose generated name differs from the record's. */
  nameMismatches: string[];
}

/** Builds one graph from records through the public Graph API. */
function buildGraph(records: NodeRecord[]): { graph: Graph; nameMismatches: string[] } {
  const graph = new Graph();
  const byName = new Map<string, Node>();
  const lookup = (name: string): Node => {
    const n = byName.get(name);
    if (n === undefined) throw new Error(`unknown node '${name}'`);
    return n;
  };
  const nameMismatches: string[] = [];
  for (const r of records) {
    let node: Node;
    const args = (parsePython(r.args, lookup) as Tuple<Argument>).items;
    const kwargs = parsePython(r.kwargs, lookup) as Record<string, Argument>;
    switch (r.op) {
      case "placeholder":
        node = graph.create_node("placeholder", r.target, args, kwargs, r.name);
        break;
      case "get_attr":
        node = graph.create_node("get_attr", r.target, [], {}, r.name);
        break;
      case "call_function":
        node = graph.call_function(targetFor(r.target), args, kwargs, r.name);
        break;
      case "output":
        node = graph.output(args[0]!);
        break;
      default:
        throw new Error(`unsupported op ${r.op}`);
    }
    if (node.name !== r.name) nameMismatches.push(`${node.name} != ${r.name}`);
    byName.set(r.name, node);
    const val = parseVal(r.val, r.input_kind);
    if (val !== undefined) node.meta.val = val;
    if (r.stack_trace !== undefined) node.meta.stack_trace = r.stack_trace;
  }
  return { graph, nameMismatches };
}

/** Rebuilds a program: the root graph plus its subgraphs as child GraphModules. */
export function rebuild(program: ProgramRecord): Rebuilt {
  const [root, ...subs] = program.graphs;
  const built = buildGraph(root!.nodes);
  const module = new GraphModule(built.graph);
  const nameMismatches = [...built.nameMismatches];
  for (const sub of subs) {
    const child = buildGraph(sub.nodes);
    nameMismatches.push(...child.nameMismatches);
    module.add_submodule(sub.name, new GraphModule(child.graph, sub.name));
  }
  return { module, nameMismatches };
}

/** Drops `# ...` comment lines (stack-trace summaries), keeping blank lines. */
export function withoutComments(text: string): string {
  return text
    .split("\n")
    .filter((l) => !/^\s*# /.test(l))
    .join("\n");
}

// FX's readable dump of a graph (`print(graph)`, torch/fx/node.py `format_node`):
//   graph():
//       %x : [num_users=1] = placeholder[target=x]
//       %add : [num_users=1] = call_function[target=torch.ops.aten.add.Tensor](args = (%x, 1), kwargs = {})
//       return (add,)
// Non-node values print with Python's str(), not repr() (strings without quotes, `cpu`).
import { Node } from "./node.js";
import type { Argument, Target } from "./types.js";
import { isSymbolic, isTarget } from "./types.js";
import { Device, Slice, Tuple, pyScalarRepr } from "./values.js";

/** Python str() of an argument value inside format_node. */
function str(a: Argument | undefined): string {
  if (a === null || a === undefined) return "None";
  if (a instanceof Node) return a.name;
  if (typeof a === "string") return a;
  const scalar = pyScalarRepr(a);
  if (scalar !== null) return scalar;
  if (a instanceof Device) return a.index === null ? a.type : `${a.type}:${a.index}`;
  if (Array.isArray(a)) return `[${(a as readonly Argument[]).map(reprInContainer).join(", ")}]`;
  if (a instanceof Tuple) return tupleStr(a.items.map(reprInContainer));
  if (a instanceof Slice) return `slice(${reprInContainer(a.start)}, ${reprInContainer(a.stop)}, ${reprInContainer(a.step)})`;
  if (isTarget(a)) return prettyTarget(a);
  if (isSymbolic(a)) return String(a);
  return String(a);
}

/** Inside a Python container str() shows elements by repr(): strings quoted, nodes by name. */
function reprInContainer(a: Argument | undefined): string {
  if (typeof a === "string") return `'${a}'`;
  if (a instanceof Device) return String(a);
  return str(a);
}

function tupleStr(items: string[]): string {
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

/** FX `_format_arg`: nodes as `%name`, containers recursively, other values by str(). */
function formatArg(a: Argument | undefined): string {
  if (a instanceof Node) return `%${a.name}`;
  if (Array.isArray(a)) return `[${(a as readonly Argument[]).map(formatArg).join(", ")}]`;
  if (a instanceof Tuple) return tupleStr(a.items.map(formatArg));
  return str(a);
}

function formatKwargs(kwargs: Readonly<Record<string, Argument>>): string {
  const items: string[] = [];
  for (const k in kwargs) items.push(`${k}: ${formatArg(kwargs[k])}`);
  return `{${items.join(", ")}}`;
}

/** FX `_pretty_print_target`: `operator.getitem` for Python operators, else the qualified name. */
function prettyTarget(t: Target): string {
  const q = t.qualifiedName;
  if (q.startsWith("_operator.")) return `operator.${q.slice(10)}`;
  return q;
}

/** One node as FX's format_node prints it. */
export function formatNode(n: Node): string {
  const users = `[num_users=${n.num_users}]`;
  switch (n.op) {
    case "placeholder": {
      const dflt = n.args.length > 0 ? `(default=${str(n.args[0])})` : "";
      return `%${n.name} : ${users} = placeholder[target=${n.target as string}]${dflt}`;
    }
    case "get_attr":
      return `%${n.name} : ${users} = get_attr[target=${n.target as string}]`;
    case "output":
      return `return ${str(n.args[0])}`;
    default: {
      const target = typeof n.target === "string" ? n.target : prettyTarget(n.target);
      return `%${n.name} : ${users} = ${n.op}[target=${target}](args = ${formatArg(new Tuple(n.args))}, kwargs = ${formatKwargs(n.kwargs)})`;
    }
  }
}

/** The whole graph as FX's `Graph.__str__` prints it. */
export function formatGraph(nodes: readonly Node[]): string {
  let s = "graph():";
  for (const n of nodes) s += `\n    ${formatNode(n)}`;
  return s;
}

// Generates the Python source FX prints for a graph (torch/fx/graph.py `CodeGen._gen_python_code`
// with verbose=True, as `print(ep)` uses it): the forward signature with type annotations, one
// line per node, `;  a = b = None` releases after each value's last use, `# File: ...` summaries
// of stack traces (a blank line before each change of source line), and the return statement.
import { Node } from "./node.js";
import { CUSTOM_BUILTINS, Namespace, builtinToken } from "./naming.js";
import * as store from "../core/graph.js";
import type { Graph } from "./graph.js";
import type { Argument, MetaValue, Target } from "./types.js";
import { isSymbolic, isTarget, isTensorMeta } from "./types.js";
import { DType, Device, Layout, MemoryFormat, PyFloat, Slice, Tuple, dtypeAbbr, pyScalarRepr, pyStr } from "./values.js";

const MAGIC: Readonly<Record<string, string>> = {
  add: "{} + {}", sub: "{} - {}", mul: "{} * {}", floordiv: "{} // {}", truediv: "{} / {}",
  div: "{} / {}", mod: "{} % {}", pow: "{} ** {}", lshift: "{} << {}", rshift: "{} >> {}",
  and_: "{} & {}", or_: "{} | {}", xor: "{} ^ {}", getitem: "{}[{}]", matmul: "{} @ {}",
  eq: "{} == {}", ne: "{} != {}", lt: "{} < {}", gt: "{} > {}", le: "{} <= {}", ge: "{} >= {}",
  pos: "+{}", neg: "-{}", invert: "~{}",
};

const INPLACE: Readonly<Record<string, string>> = {
  iadd: "{} += {}", iand: "{} &= {}", ifloordiv: "{} //= {}", ilshift: "{} <<= {}", imod: "{} %= {}",
  imul: "{} *= {}", imatmul: "{} @= {}", ior: "{} |= {}", ipow: "{} **= {}", irshift: "{} >>= {}",
  isub: "{} -= {}", itruediv: "{} /= {}", ixor: "{} ^= {}", setitem: "{}[{}] = {}",
};

/** The function name of a Python `operator` module target (`operator.getitem` -> `getitem`). */
function operatorName(t: Target): string | null {
  const q = t.qualifiedName;
  if (q.startsWith("operator.")) return q.slice(9);
  if (q.startsWith("_operator.")) return q.slice(10);
  return null;
}

function fill(format: string, parts: string[]): string {
  let i = 0;
  return format.replace(/\{\}/g, () => parts[i++] ?? "");
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** FX `_format_target`: `self.a.b`, with getattr() for atoms that are not identifiers. */
function formatTarget(base: string, target: string): string {
  let r = base;
  for (const e of target.split(".")) r = IDENT.test(e) ? `${r}.${e}` : `getattr(${r}, "${e}")`;
  return r;
}

/** The summary FX prints for a stack trace: its innermost `File "...", line N, in f` frame. */
export function stackTraceSummary(trace: string | null | undefined): string | null {
  if (!trace) return null;
  const lines = trace.trim().split("\n");
  const frame = /^File "(.+)", line (\d+), in (.+)$/;
  for (let i = lines.length - 2; i >= 0; i--) {
    const m = frame.exec(lines[i]!.trim());
    if (m !== null) return `File: ${m[1]}:${m[2]} in ${m[3]}, code: ${lines[i + 1]!.trim()}`;
  }
  return null;
}

/** The `"f32[s77, 4]"` / `"Sym(s77)"` annotation of a node's value, or "". */
function annotation(val: MetaValue): string {
  if (isTensorMeta(val)) {
    const core = `${dtypeAbbr(val.dtype)}[${val.shape.map((d) => String(d)).join(", ")}]`;
    return val.wrapper ? `: "${val.wrapper}(${core})"` : `: "${core}"`;
  }
  if (isSymbolic(val)) return `: "Sym(${String(val)})"`;
  return "";
}

export interface PythonCode {
  /** The forward() source, as FX generates it (leading blank lines included). */
  src: string;
}

/** The forward() of a graph as lines: the `def` line and the body (unindented, "" for blank). */
interface ForwardLines {
  prologue: string;
  body: string[];
}

/**
 * FX `Graph.python_code(root_module="self", verbose=...)`: `verbose` (what print_readable and
 * print(ep) use) adds the value annotations (`x: "f32[3]"`) and the `# File: ...` summaries with a
 * blank line before each; without it (`gm.code`) the code is plain.
 */
export function pythonCode(graph: Graph, rootModule = "self", verbose = true): PythonCode {
  const { prologue, body } = forwardLines(graph, rootModule, verbose);
  return { src: `\n\n\n${prologue}\n${body.map((l) => `    ${l}`).join("\n")}` };
}

/**
 * What `_PyTreeCodeGen` needs (torch/fx/graph.py `_PyTreeInfo`): the forward's own argument names,
 * and the input / output tree specs. A graph with one (the module ep.module() returns) takes the
 * user's arguments, flattens them with `fx_pytree.tree_flatten_spec` and rebuilds its outputs with
 * `pytree.tree_unflatten(..., self._out_spec)`.
 */
export interface PyTreeInfo {
  orig_args: readonly string[];
  /** Whether the input spec is `(args tuple, kwargs dict)`, and the kwargs' keys (context). */
  args_kwargs: { count_args: number; kwarg_keys: readonly string[] } | null;
  has_out_spec: boolean;
}

let printEpoch = 0;

/** Whether printing `n` registers a global name (a non-torch call target, or a target argument). */
function needsGlobal(n: Node): boolean {
  if (n.op === "call_function") {
    const t = n.target as Target;
    const opName = operatorName(t);
    if (opName !== null ? MAGIC[opName] === undefined && INPLACE[opName] === undefined : !t.qualifiedName.startsWith("torch.")) {
      return true;
    }
  }
  for (const a of n.args) if (hasTargetArg(a)) return true;
  for (const k in n.kwargs) if (hasTargetArg(n.kwargs[k]!)) return true;
  return false;
}

function hasTargetArg(a: Argument): boolean {
  if (typeof a !== "object" || a === null || a instanceof Node) return false;
  if (Array.isArray(a)) return (a as readonly Argument[]).some(hasTargetArg);
  if (a instanceof Tuple) return a.items.some(hasTargetArg);
  return isTarget(a) && !a.qualifiedName.startsWith("torch.");
}

function forwardLines(graph: Graph, rootModule: string, verbose = true): ForwardLines {
  // Names in the generated code come from a fresh namespace holding the globals, so a node
  // named like a global (`torch`, `device`) is printed with a suffix, as FX does.
  const ns = new Namespace();
  for (const b of CUSTOM_BUILTINS) ns.createName(b, builtinToken(b)!);
  // Each node's printed name is computed once per print and cached on the node (a property
  // read is much cheaper than a namespace lookup per reference).
  const epoch = ++printEpoch;
  const nodes = graph.nodes;
  // Node names come from the graph's namespace: legal, unique and never a builtin, so the print
  // namespace can only rename one that collides with a global this print adds (a call target
  // outside torch). Without such globals every name prints as is.
  const verbatim = !nodes.some(needsGlobal);
  const nodeRepr = verbatim
    ? (n: Node): string => n.name
    : (n: Node): string => {
        if (n._printEpoch === epoch) return n._printName;
        n._printEpoch = epoch;
        return (n._printName = ns.createName(n.name, null));
      };
  const globalName = (t: Target): string => {
    const q = t.qualifiedName;
    if (q.startsWith("torch.")) return q;
    const token = builtinToken(q);
    return ns.createName(q, token ?? t);
  };

  const repr = (a: Argument): string => {
    if (a instanceof Node) return nodeRepr(a);
    if (a === null) return "None";
    if (typeof a === "string") return pyStr(a);
    const scalar = pyScalarRepr(a);
    if (scalar !== null) return scalar;
    if (Array.isArray(a)) return `[${(a as readonly Argument[]).map(repr).join(", ")}]`;
    if (a instanceof Tuple) {
      return a.items.length === 1 ? `(${repr(a.items[0]!)},)` : `(${a.items.map(repr).join(", ")})`;
    }
    if (a instanceof Slice) return `slice(${repr(a.start)}, ${repr(a.stop)}, ${repr(a.step)})`;
    if (a instanceof PyFloat || a instanceof DType || a instanceof Device || a instanceof Layout || a instanceof MemoryFormat) {
      return a.toString();
    }
    if (isTarget(a)) return globalName(a);
    if (isSymbolic(a)) return String(a);
    throw new TypeError(`cannot print argument of type ${(a as object).constructor?.name ?? typeof a}`);
  };
  const formatArgs = (args: readonly Argument[], kwargs: Readonly<Record<string, Argument>>): string => {
    let out = "";
    for (let i = 0; i < args.length; i++) out += (i > 0 ? ", " : "") + repr(args[i]!);
    for (const k in kwargs) out += `${out === "" ? "" : ", "}${k} = ${repr(kwargs[k]!)}`;
    return out;
  };

  // Each value is released right after its last use: walk backwards, the first use seen is the last.
  const lastUses = new Map<Node, Node[]>();
  const released = new Set<number>();
  for (let i = nodes.length - 1; i >= 0; i--) {
    const user = nodes[i]!;
    for (const id of store.inputs(user.id)) {
      if (!released.has(id)) {
        released.add(id);
        const list = lastUses.get(user);
        const input = graph._nodeOf(id);
        if (list === undefined) lastUses.set(user, [input]);
        else list.push(input);
      }
    }
  }

  const freeVars: string[] = [];
  const body: string[] = [];
  const pytree = graph._codegen;
  let prevSummary: string | null = null;

  let lastTrace: string | null | undefined = undefined;
  let lastSummary = "";
  for (const node of nodes) {
    if (verbose && node.op !== "placeholder" && node.op !== "output") {
      // Neighbouring nodes usually share a trace: parse each distinct one once.
      const trace = node.meta.stack_trace;
      if (trace !== lastTrace || lastSummary === "") {
        lastTrace = trace;
        lastSummary = `# ${stackTraceSummary(trace) ?? "No stacktrace found for following nodes"}`;
      }
      const summary = lastSummary;
      if (summary !== prevSummary) {
        prevSummary = summary;
        body.push("", summary); // a blank line before each new source block
      }
    }
    const meta = node.meta;
    const ann = verbose ? annotation(meta.val ?? (meta.tensor_meta as MetaValue) ?? (meta.example_value as MetaValue)) : "";
    const name = nodeRepr(node);
    let line: string;
    switch (node.op) {
      case "placeholder": {
        const target = node.target as string;
        const dflt = node.args.length > 0 ? ` = ${repr(node.args[0]!)}` : "";
        freeVars.push(`${target}${ann}${dflt}`);
        const raw = target.replace(/\*/g, "");
        if (raw !== name) body.push(`${name} = ${raw}`);
        continue; // placeholders release nothing
      }
      case "call_method":
        line = `${name}${ann} = ${formatTarget(repr(node.args[0]!), node.target as string)}(${formatArgs(node.args.slice(1), node.kwargs)})`;
        break;
      case "call_function": {
        const target = node.target as Target;
        const opName = operatorName(target);
        if (opName !== null && MAGIC[opName] !== undefined) {
          line = `${name}${ann} = ${fill(MAGIC[opName]!, node.args.map(repr))}`;
        } else if (opName !== null && INPLACE[opName] !== undefined) {
          line = `${fill(INPLACE[opName]!, node.args.map(repr))};  ${name}${ann} = ${repr(node.args[0]!)}`;
        } else {
          const g = globalName(target);
          const a1 = node.args[1];
          if (g === "getattr" && node.args.length === 2 && typeof a1 === "string" && IDENT.test(a1)) {
            line = `${name}${ann} = ${formatTarget(repr(node.args[0]!), a1)}`;
          } else {
            line = `${name}${ann} = ${g}(${formatArgs(node.args, node.kwargs)})`;
          }
        }
        break;
      }
      case "call_module":
        line = `${name}${ann} = ${formatTarget(rootModule, node.target as string)}(${formatArgs(node.args, node.kwargs)})`;
        break;
      case "get_attr":
        line = `${name}${ann} = ${formatTarget(rootModule, node.target as string)}`;
        break;
      case "output":
        body.push(
          pytree !== null && pytree.has_out_spec
            ? `return pytree.tree_unflatten(${repr(node.args[0] ?? null)}, self._out_spec)`
            : `return ${repr(node.args[0] ?? null)}`,
        );
        continue;
    }
    // Release the values whose last use this was, and this value itself when nothing uses it.
    const dead = lastUses.get(node);
    const unused = store.userCount(node.id) === 0;
    if (dead !== undefined || unused) {
      line += ";  ";
      if (dead !== undefined) for (const d of dead) line += `${nodeRepr(d)} = `;
      if (unused) line += `${name} = `;
      line += "None";
    }
    body.push(line);
  }
  if (body.length === 0) body.push("pass");
  body.push(""); // every statement ends with a newline, so the code ends with an empty line
  // FX strips the newlines in front of the first statement.
  let first = 0;
  while (first < body.length - 1 && body[first] === "") first++;
  const stmts = first > 0 ? body.slice(first) : body;
  if (pytree === null) return { prologue: `def forward(${["self", ...freeVars].join(", ")}):`, body: stmts };
  return { prologue: `def forward(${["self", ...pytree.orig_args].join(", ")}):`, body: [...pytreePrologue(pytree, freeVars), ...stmts] };
}

/** `_PyTreeCodeGen.gen_fn_def`: the annotations line, then the flattening of the user's arguments. */
function pytreePrologue(info: PyTreeInfo, freeVars: readonly string[]): string[] {
  if (freeVars.length === 0) return [];
  let signature = `[${info.orig_args.join(", ")}], self._in_spec`;
  if (info.args_kwargs !== null) {
    const { count_args, kwarg_keys } = info.args_kwargs;
    const kw = kwarg_keys.map((k, i) => `'${k}':${info.orig_args[count_args + i] ?? k}`).join(", ");
    signature = `([${info.orig_args.slice(0, count_args).join(", ")}], {${kw}}), self._in_spec`;
  }
  const lines: string[] = [];
  // `var: annotation = call()` is not Python: the annotations get their own line.
  const annotated = freeVars.filter((v) => v.includes(":"));
  if (annotated.length > 0) lines.push(annotated.map((v) => `${v}; `).join(""), "");
  const names = freeVars.map((v) => v.split(":")[0]!.split("#")[0]!);
  lines.push(`${names.join(", ")}, = fx_pytree.tree_flatten_spec(${signature})`);
  return lines;
}

/** Something with a graph and named child graph modules (GraphModule). */
export interface Printable {
  readonly graph: Graph;
  named_children(): Iterable<[string, Printable]>;
}

/** FX `GraphModule.print_readable(print_output=False)`: the class with its subgraph classes. */
export function printReadable(module: Printable, className: string): string {
  const lines: string[] = [];
  readable(module, className, "", lines);
  return lines.join("\n");
}

/** Appends the lines of `class <name>` at `indent`, then its children one level deeper. Lines
 * holding only indentation come out empty, as in PyTorch 2.11's printed programs. */
function readable(module: Printable, className: string, indent: string, lines: string[]): void {
  const { prologue, body } = forwardLines(module.graph, "self", true);
  lines.push(`${indent}class ${className}(torch.nn.Module):`, `${indent}    ${prologue}`);
  const inner = `${indent}        `;
  for (const l of body) lines.push(l === "" ? "" : inner + l);
  for (const [name, child] of module.named_children()) readable(child, name, `${indent}    `, lines);
}

/** The graph-module block of `print(ep)`: print_readable indented under `ExportedProgram:`. */
export function exportedProgramBlock(module: Printable, className = "GraphModule"): string {
  const lines: string[] = [];
  readable(module, className, "    ", lines);
  while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  for (let i = 0; i < lines.length; i++) if (lines[i] === "") lines[i] = "    ";
  return `${lines.join("\n")}\n    `;
}

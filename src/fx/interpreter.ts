// torch.fx.Interpreter and torch.fx.Transformer (torch/fx/interpreter.py) for user passes.
//
// Interpreter runs a GraphModule node by node; each opcode has a method a subclass may override
// (`call_function(target, args, kwargs)`, ...). A call_function target is called as PyTorch calls
// it: an ATen OpOverload is callable (`torch.ops.aten.add.Tensor(x, y)`), Python `operator`
// functions compute on their values, and any other target must be callable itself.
//
// Transformer is an Interpreter whose methods build a new graph instead of computing values: its
// `transform()` returns a new GraphModule, and an overridden `call_function` may emit other nodes
// (`return this.tracer.call_function(torch.ops.aten.mul.Tensor, args, kwargs)`).
import { GraphError } from "../core/errors.js";
import { Graph } from "./graph.js";
import { GraphModule } from "./graph_module.js";
import { Node } from "./node.js";
import { mapArg } from "./args.js";
import { Tuple } from "./values.js";
import type { Argument, Kwargs, Target } from "./types.js";

type Fn = (...a: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const floordiv = (a: number, b: number): number => Math.floor(a / b);
/** Python's `operator` module on plain values (what exported graphs call on ints and tuples). */
const OPERATORS: Readonly<Record<string, Fn>> = {
  getitem: (a: unknown, i: number) => {
    const seq = a instanceof Tuple ? a.items : (a as unknown[]);
    return Array.isArray(seq) ? seq[i < 0 ? seq.length + i : i] : (a as Record<number, unknown>)[i];
  },
  add: (a: number, b: number) => a + b,
  sub: (a: number, b: number) => a - b,
  mul: (a: number, b: number) => a * b,
  truediv: (a: number, b: number) => a / b,
  floordiv,
  mod: (a: number, b: number) => a - b * floordiv(a, b),
  pow: (a: number, b: number) => a ** b,
  neg: (a: number) => -a,
  pos: (a: number) => a,
  eq: (a: unknown, b: unknown) => a === b,
  ne: (a: unknown, b: unknown) => a !== b,
  lt: (a: number, b: number) => a < b,
  le: (a: number, b: number) => a <= b,
  gt: (a: number, b: number) => a > b,
  ge: (a: number, b: number) => a >= b,
  and_: (a: boolean, b: boolean) => a && b,
  or_: (a: boolean, b: boolean) => a || b,
  not_: (a: boolean) => !a,
};

/** The JavaScript function a call_function target stands for. */
export function callableOf(target: Target): Fn {
  if (typeof target === "function") return target as unknown as Fn;
  const q = target.qualifiedName;
  const op = q.startsWith("_operator.") ? q.slice(10) : q.startsWith("operator.") ? q.slice(9) : null;
  if (op !== null && OPERATORS[op] !== undefined) return OPERATORS[op]!;
  throw new GraphError(`fx.Interpreter: the target ${q} is not callable`);
}

/** Calls `fn(*args, **kwargs)`: keyword arguments go in a trailing options object. */
function invoke(fn: Fn, args: unknown[], kwargs: Record<string, unknown>): unknown {
  return Object.keys(kwargs).length > 0 ? fn(...args, kwargs) : fn(...args);
}

/** torch.fx.Interpreter. */
export class Interpreter {
  readonly module: GraphModule;
  readonly graph: Graph;
  /** Node -> its value during `run`. */
  readonly env = new Map<Node, unknown>();
  private argsIter: Iterator<unknown> | null = null;

  constructor(module: GraphModule, graph?: Graph) {
    this.module = module;
    this.graph = graph ?? module.graph;
  }

  /** Runs the graph on `args` (one per placeholder); returns the output value. */
  run(...args: unknown[]): unknown {
    this.env.clear();
    this.argsIter = args[Symbol.iterator]();
    try {
      for (const node of this.graph.nodes) {
        const value = this.run_node(node);
        if (node.op === "output") return value;
        this.env.set(node, value);
      }
      return undefined;
    } finally {
      this.argsIter = null;
    }
  }

  /** Runs one node: fetches its arguments' values and calls the method of its opcode. */
  run_node(n: Node): unknown {
    const args = n.args.map((a) => this.load(a)) as unknown[];
    const kwargs = Object.fromEntries(Object.entries(n.kwargs).map(([k, v]) => [k, this.load(v)]));
    switch (n.op) {
      case "placeholder":
        return this.placeholder(n.target as string, args, kwargs);
      case "get_attr":
        return this.get_attr(n.target as string, args, kwargs);
      case "call_function":
        return this.call_function(n.target as Target, args, kwargs);
      case "call_method":
        return this.call_method(n.target as string, args, kwargs);
      case "call_module":
        return this.call_module(n.target as string, args, kwargs);
      case "output":
        return this.output(n.target as string, args, kwargs);
    }
  }

  placeholder(target: string, args: unknown[], _kwargs: Record<string, unknown>): unknown {
    const next = this.argsIter?.next();
    if (next === undefined || next.done === true) {
      if (args.length > 0) return args[0]; // the placeholder's default value
      throw new GraphError(`Expected positional argument for parameter ${target}, but one was not passed in!`);
    }
    return next.value;
  }

  get_attr(target: string, _args: unknown[], _kwargs: Record<string, unknown>): unknown {
    return this.fetch_attr(target);
  }

  call_function(target: Target, args: unknown[], kwargs: Record<string, unknown>): unknown {
    return invoke(callableOf(target), args, kwargs);
  }

  call_method(target: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const [self, ...rest] = args;
    const method = (self as Record<string, unknown>)[target];
    if (typeof method !== "function") throw new GraphError(`fx.Interpreter: the value has no method ${target}`);
    return invoke((method as Fn).bind(self), rest, kwargs);
  }

  call_module(target: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    const m = this.fetch_attr(target);
    if (typeof m === "function") return invoke(m as Fn, args, kwargs);
    const fwd = (m as { forward?: unknown }).forward;
    if (typeof fwd === "function") return invoke((fwd as Fn).bind(m), args, kwargs);
    throw new GraphError(`fx.Interpreter: the submodule ${target} is not callable`);
  }

  output(_target: string, args: unknown[], _kwargs: Record<string, unknown>): unknown {
    return args[0];
  }

  /** The attribute at a dotted path of the module (a child GraphModule or a registered attribute). */
  fetch_attr(target: string): unknown {
    const value = this.module.get_attr(target);
    if (value === undefined) throw new GraphError(`Node referenced nonexistent target ${target}`);
    return value;
  }

  private load(a: Argument): unknown {
    if (a instanceof Node) {
      if (!this.env.has(a)) throw new GraphError(`Node '${a.name}' was used before it was computed`);
      return this.env.get(a);
    }
    if (Array.isArray(a)) return (a as readonly Argument[]).map((x) => this.load(x));
    if (a instanceof Tuple) return new Tuple(a.items.map((x) => this.load(x as Argument)));
    return a;
  }
}

/**
 * torch.fx.Transformer: re-emits each node into a new graph; override a method to change what is
 * emitted (the values passed around are the new graph's nodes).
 */
export class Transformer extends Interpreter {
  /** The graph being built (PyTorch's `self.tracer.graph`); `this.tracer.call_function(...)` emits into it. */
  readonly new_graph = new Graph();
  readonly tracer: {
    graph: Graph;
    call_function: (target: Target, args: readonly Argument[], kwargs?: Kwargs) => Node;
  };

  constructor(module: GraphModule) {
    super(module);
    const g = this.new_graph;
    this.tracer = {
      graph: g,
      call_function: (target, args, kwargs = {}) => g.call_function(target, args, kwargs),
    };
  }

  override placeholder(target: string, args: unknown[], _kwargs: Record<string, unknown>): unknown {
    const node = this.new_graph.placeholder(target, args.length > 0 ? (args[0] as Argument) : undefined);
    return node;
  }

  override get_attr(target: string): unknown {
    return this.new_graph.get_attr(target);
  }

  override call_function(target: Target, args: unknown[], kwargs: Record<string, unknown>): unknown {
    return this.new_graph.call_function(target, args as Argument[], kwargs as Kwargs);
  }

  override call_method(target: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    return this.new_graph.call_method(target, args as Argument[], kwargs as Kwargs);
  }

  override call_module(target: string, args: unknown[], kwargs: Record<string, unknown>): unknown {
    return this.new_graph.call_module(target, args as Argument[], kwargs as Kwargs);
  }

  /** Builds the new GraphModule (the old one's children and attributes carry over). */
  transform(): GraphModule {
    const values = new Map<Node, Argument>();
    let result: Argument = null;
    for (const node of this.graph.nodes) {
      if (node.op === "output") {
        result = mapArg(node.args[0] ?? null, (n) => values.get(n)!);
        continue;
      }
      this.env.clear();
      for (const [k, v] of values) this.env.set(k, v);
      const made = this.run_node(node) as Argument;
      if (made instanceof Node && made.graph === this.new_graph) {
        if (Object.keys(made.meta).length === 0) made.meta = { ...node.meta };
      }
      values.set(node, made);
    }
    this.new_graph.output(result);
    const gm = new GraphModule(this.new_graph, this.module.className);
    this.module._copyAttrsTo(gm);
    return gm;
  }
}

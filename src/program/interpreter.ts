// torch.fx.Interpreter for exported graphs: runs a Graph node by node on real values. Placeholders
// take the given inputs in order; ATen calls run eagerly (arguments normalized by the op's schema);
// Python `operator` calls and `torch.sym_*` compute on ints and bools; `get_attr` reads the
// owner's state. A value is dropped after its last use, as FX's Interpreter does.
import { setCurrentInterpretedNode } from "../fx/traceback.js";
import { GraphModule, Node, type Argument, type Graph } from "../fx/index.js";
import { Device, DType as FxDType, Layout, MemoryFormat, PyFloat, Slice, Tuple } from "../fx/values.js";
import { dispatch, lookupOp, normalizeArgs, runEager } from "../ops/index.js";
import { NotImplementedOpError, TorchRuntimeError } from "../ops/errors.js";
import { dtypeFromName } from "../tensor/dtype.js";
import { Tensor } from "../tensor/tensor.js";

export class Interpreter {
  /** Node → its value while it still has users to come. */
  readonly env = new Map<Node, unknown>();
  private readonly lastUse = new Map<Node, Node[]>();

  constructor(
    readonly graph: Graph,
    /** Resolves a `get_attr` target (an attribute path of the owning module). */
    private readonly getAttr: (target: string) => unknown = (t) => {
      throw new TorchRuntimeError(`Interpreter has no attribute '${t}' to fetch`);
    },
    /** Runs a `call_module` node's target on its argument values. */
    private readonly callModule: ((target: string, args: unknown[]) => unknown) | null = null,
  ) {
    // For each node, the inputs whose last use it is (freed once it has run).
    const seen = new Set<Node>();
    for (const node of [...graph.nodes].reverse()) {
      const freed: Node[] = [];
      for (const input of node.all_input_nodes) {
        if (!seen.has(input)) {
          seen.add(input);
          freed.push(input);
        }
      }
      this.lastUse.set(node, freed);
    }
  }

  /** Runs the graph on `args` (one per placeholder); returns the output node's value. */
  run(args: readonly unknown[]): unknown {
    let next = 0;
    let result: unknown = undefined;
    const outer = setCurrentInterpretedNode(null);
    try {
      for (const node of this.graph.nodes) {
        setCurrentInterpretedNode(node);
        if (node.op === "placeholder") {
          if (next >= args.length) throw new TorchRuntimeError(`Expected ${this.countPlaceholders()} inputs, got ${args.length}`);
          this.env.set(node, args[next++]);
        } else if (node.op === "output") {
          result = this.load(node.args[0]);
        } else {
          this.env.set(node, this.runNode(node));
        }
        for (const input of this.lastUse.get(node) ?? []) this.env.delete(input);
      }
    } finally {
      setCurrentInterpretedNode(outer);
      this.env.clear();
    }
    return result;
  }

  private countPlaceholders(): number {
    return this.graph.nodes.filter((n) => n.op === "placeholder").length;
  }

  /** Runs one call_function / get_attr node on the values of its arguments. */
  runNode(node: Node): unknown {
    if (node.op === "get_attr") return this.getAttr(node.target as string);
    if (node.op === "call_module" && this.callModule !== null) {
      return this.callModule(node.target as string, node.args.map((a) => this.load(a)));
    }
    if (node.op !== "call_function") {
      throw new NotImplementedOpError(`pt2js cannot interpret a ${node.op} node ('${node.name}')`);
    }
    const target = node.target as { qualifiedName: string };
    const args = node.args.map((a) => this.load(a));
    const kwargs = Object.fromEntries(Object.entries(node.kwargs).map(([k, v]) => [k, this.load(v)]));
    const name = target.qualifiedName;
    if (name.startsWith("torch.ops.aten.")) {
      const op = lookupOp(name);
      if (op === undefined) throw new NotImplementedOpError(`pt2js has no op ${name}`);
      // Through the dispatcher: eager on real tensors, recorded when the module is exported again.
      return dispatch(op, args, kwargs);
    }
    if (name === "torch.ops.higher_order.cond") return this.cond(args);
    if (name === "torch.ops.higher_order.map_impl") return this.mapImpl(args);
    if (name === "torch.ops.higher_order.while_loop") return this.whileLoop(args);
    if (name === "torch.ops.higher_order.scan") return this.scan(args);
    // Other higher-order ops with a callable target (associative_scan) run on their subgraph modules.
    if (name.startsWith("torch.ops.higher_order.") && typeof node.target === "function") return (node.target as (...a: unknown[]) => unknown)(...args);
    const pythonFn = PYTHON_FUNCTIONS[name];
    if (pythonFn !== undefined) return (pythonFn as (...a: unknown[]) => unknown)(...args);
    throw new NotImplementedOpError(`pt2js cannot interpret calls to ${name} (node '${node.name}')`);
  }

  // torch.ops.higher_order.cond(pred, true_graph, false_graph, operands): runs one branch (a child
  // GraphModule fetched by get_attr) on the operands; its outputs are a tuple.
  private cond(args: unknown[]): unknown {
    const [pred, onTrue, onFalse, operands] = args as [unknown, GraphModule, GraphModule, unknown[]];
    const taken = (pred instanceof Tensor ? Boolean(pred._item()) : Boolean(pred)) ? onTrue : onFalse;
    if (!(taken instanceof GraphModule)) throw new TorchRuntimeError("cond expects its branches as GraphModules (get_attr of subgraphs)");
    return new Interpreter(taken.graph, subgraphAttr(taken)).run(operands);
  }

  // torch.ops.higher_order.map_impl(body_graph, xs, args): the body on each slice of the xs along
  // their first dimension (with the args), each output stacked.
  private mapImpl(args: unknown[]): unknown {
    const [body, xs, extra] = args as [GraphModule, Tensor[], unknown[]];
    if (!(body instanceof GraphModule)) throw new TorchRuntimeError("map_impl expects its body as a GraphModule (get_attr of a subgraph)");
    const n = xs[0]!.shape[0] as number;
    const rows: Tensor[][] = [];
    for (let i = 0; i < n; i++) {
      const slices = xs.map((x) => x.select(0, i));
      rows.push(new Interpreter(body.graph, subgraphAttr(body)).run([...slices, ...extra]) as Tensor[]);
    }
    const stackOp = lookupOp("torch.ops.aten.stack.default")!;
    return (rows[0] ?? []).map((_, k) => runEager(stackOp, normalizeArgs(stackOp.schema, [rows.map((r) => r[k]!)], {})));
  }

  // torch.ops.higher_order.while_loop(cond_graph, body_graph, carried, additional): the body's
  // outputs become the carried values while the cond graph returns true (while_loop_dense).
  private whileLoop(args: unknown[]): unknown {
    const [cond, body, carried, additional] = args as [GraphModule, GraphModule, unknown[], unknown[]];
    if (!(cond instanceof GraphModule) || !(body instanceof GraphModule)) throw new TorchRuntimeError("while_loop expects its cond and body as GraphModules (get_attr of subgraphs)");
    const run = (gm: GraphModule, vals: unknown[]) => new Interpreter(gm.graph, subgraphAttr(gm)).run([...vals, ...additional]);
    const truth = (p: unknown): boolean => {
      if (p instanceof Tensor) return Boolean(p._item());
      if (typeof p === "boolean") return p;
      throw new TorchRuntimeError(`cond_fn must return a boolean scalar tensor or a boolean but got ${String(p)}`);
    };
    let vals = carried;
    if (!truth(run(cond, vals))) return vals.map((v) => (v instanceof Tensor ? v.clone() : v));
    do {
      const out = run(body, vals);
      vals = out instanceof Tuple ? (out.items as unknown[]) : (out as unknown[]);
    } while (truth(run(cond, vals)));
    return vals;
  }

  // torch.ops.higher_order.scan(combine_graph, init, xs, additional): the combine graph on the
  // carry and each slice of the xs along dim 0; the carry goes on, the other outputs are stacked.
  private scan(args: unknown[]): unknown {
    const [combine, init, xs, additional] = args as [GraphModule, unknown[], Tensor[], unknown[]];
    if (!(combine instanceof GraphModule)) throw new TorchRuntimeError("scan expects its combine_fn as a GraphModule (get_attr of a subgraph)");
    const n = xs[0]!.shape[0] as number;
    let carry = init;
    const rows: unknown[][] = [];
    for (let i = 0; i < n; i++) {
      const out = new Interpreter(combine.graph, subgraphAttr(combine)).run([...carry, ...xs.map((x) => x.select(0, i)), ...additional]);
      const flat = out instanceof Tuple ? (out.items as unknown[]) : (out as unknown[]);
      carry = flat.slice(0, init.length);
      rows.push(flat.slice(init.length));
    }
    const stackOp = lookupOp("torch.ops.aten.stack.default")!;
    return [...carry, ...(rows[0] ?? []).map((_, k) => runEager(stackOp, normalizeArgs(stackOp.schema, [rows.map((r) => r[k]!)], {})))];
  }

  /** The runtime value of a graph argument: nodes by their values, FX value classes by what ops take. */
  load(arg: Argument | undefined): unknown {
    if (arg instanceof Node) {
      if (!this.env.has(arg)) throw new TorchRuntimeError(`Node '${arg.name}' was used before it was computed`);
      return this.env.get(arg);
    }
    if (Array.isArray(arg)) return arg.map((a) => this.load(a));
    if (arg instanceof Tuple) return arg.items.map((a) => this.load(a as Argument));
    if (arg instanceof PyFloat) return arg.value;
    if (arg instanceof FxDType) return dtypeFromName(arg.name);
    if (arg instanceof Slice) return new Slice(this.load(arg.start as Argument), this.load(arg.stop as Argument), this.load(arg.step as Argument));
    if (arg instanceof Device || arg instanceof Layout || arg instanceof MemoryFormat) return arg;
    return arg;
  }
}

/** get_attr inside a GraphModule: its child modules (the branches of nested control flow). */
export function subgraphAttr(gm: GraphModule): (target: string) => unknown {
  return (target) => {
    const child = gm.get_submodule(target);
    if (child === undefined) throw new TorchRuntimeError(`GraphModule has no attribute '${target}'`);
    return child;
  };
}

// Python's floor division and modulo (the sign of the divisor), on ints.
const floordiv = (a: number, b: number) => {
  if (b === 0) throw new TorchRuntimeError("integer division or modulo by zero");
  return Math.floor(a / b);
};
const mod = (a: number, b: number) => a - b * floordiv(a, b);

const getitem = (seq: unknown, i: number): unknown => {
  if (Array.isArray(seq)) return seq[i < 0 ? seq.length + i : i];
  if (seq instanceof Tensor) throw new NotImplementedOpError("operator.getitem on a tensor is not an exported-graph call");
  return (seq as Record<number, unknown>)[i];
};

/** The Python functions exported graphs call on scalars (`_operator.*`, `torch.sym_*`, `math.*`). */
const PYTHON_FUNCTIONS: Record<string, (...a: never[]) => unknown> = {
  "_operator.getitem": getitem,
  "_operator.add": (a: number, b: number) => a + b,
  "_operator.sub": (a: number, b: number) => a - b,
  "_operator.mul": (a: number, b: number) => a * b,
  "_operator.floordiv": floordiv,
  "_operator.truediv": (a: number, b: number) => a / b,
  "_operator.mod": mod,
  "_operator.pow": (a: number, b: number) => a ** b,
  "_operator.neg": (a: number) => -a,
  "_operator.pos": (a: number) => a,
  "_operator.abs": (a: number) => Math.abs(a),
  "_operator.eq": (a: unknown, b: unknown) => a === b,
  "_operator.ne": (a: unknown, b: unknown) => a !== b,
  "_operator.lt": (a: number, b: number) => a < b,
  "_operator.le": (a: number, b: number) => a <= b,
  "_operator.gt": (a: number, b: number) => a > b,
  "_operator.ge": (a: number, b: number) => a >= b,
  "_operator.and_": (a: boolean, b: boolean) => a && b,
  "_operator.or_": (a: boolean, b: boolean) => a || b,
  "_operator.not_": (a: boolean) => !a,
  "torch.sym_not": (a: boolean) => !a,
  "torch.sym_max": (a: number, b: number) => Math.max(a, b),
  "torch.sym_min": (a: number, b: number) => Math.min(a, b),
  "torch.sym_float": (a: number) => a,
  "torch.sym_int": (a: number) => Math.trunc(a),
  "torch.sym_ite": (c: boolean, a: unknown, b: unknown) => (c ? a : b),
  "_operator.lshift": (a: number, b: number) => a * 2 ** b,
  "_operator.rshift": (a: number, b: number) => Math.floor(a / 2 ** b),
  // Python's round(): halves to even.
  "builtins.round": (a: number) => {
    const f = Math.floor(a);
    const d = a - f;
    return d > 0.5 || (d === 0.5 && f % 2 !== 0) ? f + 1 : f;
  },
  "math.floor": (a: number) => Math.floor(a),
  "math.ceil": (a: number) => Math.ceil(a),
  "math.trunc": (a: number) => Math.trunc(a),
};

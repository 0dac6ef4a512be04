// The deferred runtime asserts of unbacked symbols, inserted into the traced graph as PyTorch
// 2.11's insert_deferred_runtime_asserts pass does for export: right after the node that produces
// an unbacked symbol (item(), nonzero's size, ...), the symbol is bound (a sym_size node when it is a
// size of a tensor), its value range is asserted (`u0 >= 0`, `u0 <= 18`), then every torch._check
// whose symbols are all bound, each as a comparison node and an `_assert_scalar` node.
import { Expr, ExprKind } from "../core/expr.js";
import type { ShapeEnv } from "../core/shape_env.js";
import { Node, operator, makeTarget, type Argument } from "../fx/index.js";
import { UserError } from "./errors.js";
import { SymIntValue, type TraceMode } from "./trace_mode.js";

const SYM_SIZE = makeTarget("torch.ops.aten.sym_size.int", "sym_size_int");
const ASSERT_SCALAR = makeTarget("torch.ops.aten._assert_scalar.default", "_assert_scalar_default", true);

const RELATIONS: Partial<Record<ExprKind, "eq" | "ne" | "lt" | "le" | "gt" | "ge">> = {
  [ExprKind.Eq]: "eq",
  [ExprKind.Ne]: "ne",
  [ExprKind.Lt]: "lt",
  [ExprKind.Le]: "le",
  [ExprKind.Gt]: "gt",
  [ExprKind.Ge]: "ge",
};

export function insertDeferredRuntimeAsserts(mode: TraceMode, env: ShapeEnv): void {
  const graph = mode.graph;
  const unbacked = new Set(mode.unbackedBindings.map((b) => b.symbol.id));
  const bound = new Set<number>();
  const emitted = new Set<number>();
  const pending = env.deferredRuntimeAsserts.filter((ra) => ra.expr.freeSymbols().some((s) => unbacked.has(s.id)));

  for (const binding of mode.unbackedBindings) {
    const { symbol, node: def } = binding;
    // PyTorch skips symbols bound through a bool (cast_symbool_to_symint_guardless).
    if (bound.has(symbol.id) || binding.viaBool) continue;
    bound.add(symbol.id);
    const meta = (n: Node, val: SymIntValue | null) => {
      n.meta.val = val as never;
      n.meta.stack_trace = def.meta.stack_trace;
      n.meta.nn_module_stack = def.meta.nn_module_stack;
    };
    // Everything for this symbol goes right after its defining node, in order.
    const point = graph.inserting_before(def.next);
    try {
      if (binding.dim !== null) {
        // A size of the output: bind it with a fresh sym_size node, standing in for the ones traced later.
        const size = graph.call_function(SYM_SIZE, [def, binding.dim]);
        meta(size, new SymIntValue(symbol));
        const old = mode.symNodes.get(symbol.id);
        mode.symNodes.set(symbol.id, size);
        if (old !== undefined && old !== size && isSymSize(old)) {
          old.replace_all_uses_with(size);
          graph.erase_node(old);
        }
      }
      const emit = (expr: Expr) => {
        if (emitted.has(expr.id)) return;
        emitted.add(expr.id);
        const cmp = interpret(mode, expr);
        if (!(cmp instanceof Node)) return;
        meta(cmp, new SymIntValue(expr));
        const check = graph.call_function(ASSERT_SCALAR, [cmp, `Runtime assertion failed for expression ${expr} on node '${cmp.name}'`]);
        meta(check, null);
      };
      const range = env.varRange(symbol);
      if (range.lower !== -Infinity) emit(symbol.ge(range.lower));
      if (range.upper !== Infinity) emit(symbol.le(range.upper));
      for (let i = 0; i < pending.length; i++) {
        const ra = pending[i]!;
        if (ra.expr.freeSymbols().every((s) => !unbacked.has(s.id) || bound.has(s.id))) {
          pending.splice(i--, 1);
          emit(env.simplify(ra.expr));
        }
      }
    } finally {
      point.restore();
    }
  }
}

// sympy_interp: the graph nodes computing `expr` from the nodes that bind its symbols.
function interpret(mode: TraceMode, expr: Expr): Argument {
  const g = mode.graph;
  switch (expr.kind) {
    case ExprKind.Integer:
      return expr.intValue();
    case ExprKind.True:
      return true;
    case ExprKind.False:
      return false;
    case ExprKind.Symbol:
      return mode.symNode(expr);
    case ExprKind.Add:
    case ExprKind.Mul: {
      const op = expr.kind === ExprKind.Add ? operator.add : operator.mul;
      const [first, ...rest] = expr.args;
      let acc = interpret(mode, first!);
      for (const a of rest) {
        const n = g.call_function(op, [acc, interpret(mode, a)]);
        n.meta.val = new SymIntValue(expr) as never;
        acc = n;
      }
      return acc;
    }
    default: {
      const rel = RELATIONS[expr.kind];
      if (rel === undefined || expr.args.length !== 2) {
        throw new UserError(`pt2js cannot express the runtime assert ${expr} as graph nodes`);
      }
      return g.call_function(operator[rel], [interpret(mode, expr.args[0]!), interpret(mode, expr.args[1]!)]);
    }
  }
}

function isSymSize(node: Node): boolean {
  return typeof node.target !== "string" && node.target.qualifiedName === SYM_SIZE.qualifiedName;
}

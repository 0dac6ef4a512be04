// The deferred runtime asserts, inserted into the traced graph as PyTorch 2.11's
// insert_deferred_runtime_asserts pass (torch/fx/passes/runtime_assert.py) does for export:
//
// - asserts not tied to an unbacked symbol (the guards export(prefer_deferred_runtime_asserts_over_guards
//   =True) deferred, torch._check on input sizes in that mode) go right after the graph's first
//   original non-placeholder node, i.e. right after the sym_size nodes binding the input sizes;
// - after the node that produces an unbacked symbol (item(), nonzero's size, ...), the symbol is
//   bound (a sym_size node when it is a size of a tensor), its value range is asserted
//   (`u0 >= 0`, `u0 <= 18`), then every torch._check whose symbols are all bound.
//
// Each assert is the expression rebuilt as graph nodes (sympy_interp with PythonReferenceAnalysis:
// `operator.mul/add/mod/eq/...`, arguments in sympy's order, hash-consed so a subexpression is
// computed once) and an `_assert_scalar` node. Traced nodes computing an expression the pass
// already built are replaced by it (the pass's CSE), as `sub` becomes `add` for `s77 - 1`.
import { Expr, ExprKind } from "../core/expr.js";
import type { ShapeEnv } from "../core/shape_env.js";
import { Node, operator, makeTarget, type Argument, type Target, type NodeMeta } from "../fx/index.js";
import { UserError } from "./errors.js";
import { currentModuleStack } from "./module_stack.js";
import { userStackTrace } from "./stack_trace.js";
import { SymIntValue, type TraceMode } from "./trace_mode.js";

const SYM_SIZE = makeTarget("torch.ops.aten.sym_size.int", "sym_size_int");
const ASSERT_SCALAR = makeTarget("torch.ops.aten._assert_scalar.default", "_assert_scalar_default", true);
const SYM_NOT = makeTarget("torch.sym_not", "sym_not");
const SYM_MAX = makeTarget("torch.sym_max", "sym_max");
const SYM_MIN = makeTarget("torch.sym_min", "sym_min");

const RELATIONS: Partial<Record<ExprKind, Target>> = {
  [ExprKind.Eq]: operator.eq,
  [ExprKind.Ne]: operator.ne,
  [ExprKind.Lt]: operator.lt,
  [ExprKind.Le]: operator.le,
  [ExprKind.Gt]: operator.gt,
  [ExprKind.Ge]: operator.ge,
};

/** The graph's original non-placeholder nodes (output included), taken before export binds the
 * input sizes: the first one is where PyTorch's pass puts the asserts not tied to a symbol. */
export interface FirstOps {
  readonly nodes: readonly Node[];
}

/** Snapshot for insertDeferredRuntimeAsserts, taken right after tracing. */
export function firstOpsOf(mode: TraceMode): FirstOps {
  return { nodes: mode.graph.nodes.filter((n) => n.op !== "placeholder") };
}

type NodeMetaSource = Pick<NodeMeta, "stack_trace" | "nn_module_stack">;

export function insertDeferredRuntimeAsserts(mode: TraceMode, env: ShapeEnv, firstOps: FirstOps | null = null): void {
  const graph = mode.graph;
  const unbacked = new Set(mode.unbackedBindings.map((b) => b.symbol.id));
  const bound = new Set<number>();
  const emitted = new Set<number>();
  const constrained = new Set<number>(); // constrained_unbacked_symbols
  const all = env.deferredRuntimeAsserts;
  const pending = all.filter((ra) => ra.expr.freeSymbols().some((s) => unbacked.has(s.id)));
  // expr_to_proxy for compound expressions (symbols resolve through mode.symNode).
  const hashed = new Map<number, Node>();
  const interp = new Interpreter(mode, hashed);

  const emitAssert = (expr: Expr, meta: (n: Node) => void): void => {
    if (emitted.has(expr.id)) return;
    emitted.add(expr.id);
    const cmp = interp.run(expr, meta);
    if (!(cmp instanceof Node)) return;
    const check = graph.call_function(ASSERT_SCALAR, [cmp, `Runtime assertion failed for expression ${expr} on node '${cmp.name}'`]);
    meta(check);
    check.meta.val = null as never;
  };

  // Asserts keyed None: on input sizes only, right after the first original op.
  const initial = all.filter((ra) => ra.key === null && !ra.expr.freeSymbols().some((s) => unbacked.has(s.id)));
  if (initial.length > 0 && firstOps !== null && firstOps.nodes.length > 1) {
    const [anchor, ...rest] = firstOps.nodes;
    const at = rest.find((n) => !n.erased) ?? null;
    const source = assertMetaSource(anchor!, rest[0]!);
    const meta = (n: Node) => {
      n.meta.stack_trace = source.stack_trace;
      n.meta.nn_module_stack = source.nn_module_stack;
    };
    const point = graph.inserting_before(at);
    try {
      for (const ra of initial) {
        const expr = canonicalizeBool(ra.expr);
        // A symbol not bound by an input size would wait for a later binding; none comes.
        if (!expr.freeSymbols().every((s) => mode.symNodes.has(s.id))) continue;
        emitAssert(expr, meta);
      }
    } finally {
      point.restore();
    }
    // CSE: later traced nodes computing an expression built above use the pass's node.
    if (hashed.size > 0 && at !== null) {
      const ours = new Set(hashed.values());
      for (let n: Node | null = at; n !== null; ) {
        const next: Node | null = n.next;
        const val = n.meta.val;
        if (n.op === "call_function" && !ours.has(n) && val instanceof SymIntValue) {
          const same = hashed.get(val.expr.id);
          if (same !== undefined) {
            n.replace_all_uses_with(same);
            graph.erase_node(n);
            mode.symNodes.set(val.expr.id, same);
          }
        }
        n = next;
      }
    }
  }

  for (const binding of mode.unbackedBindings) {
    const { symbol, node: def } = binding;
    // PyTorch skips symbols bound through a bool (cast_symbool_to_symint_guardless).
    if (bound.has(symbol.id) || binding.viaBool || binding.float) continue;
    bound.add(symbol.id);
    const meta = (n: Node) => {
      n.meta.stack_trace = def.meta.stack_trace;
      n.meta.nn_module_stack = def.meta.nn_module_stack;
    };
    // Everything for this symbol goes right after its defining node, in order.
    const point = graph.inserting_before(def.next);
    // A traced sym_size the fresh one stands in for; erased once the insertion point is released
    // (it may be that point: PyTorch's pass reaches and CSEs it after inserting before it).
    let replaced: Node | null = null;
    try {
      if (binding.dim !== null) {
        // A size of the output: bind it with a fresh sym_size node, standing in for the ones traced later.
        const size = graph.call_function(SYM_SIZE, [def, binding.dim]);
        size.meta.val = new SymIntValue(symbol) as never;
        meta(size);
        const old = mode.symNodes.get(symbol.id);
        mode.symNodes.set(symbol.id, size);
        if (old !== undefined && old !== size && isSymSize(old)) {
          old.replace_all_uses_with(size);
          replaced = old;
        }
      }
      const range = env.varRange(symbol);
      if (range.lower !== -Infinity) emitAssert(symbol.ge(range.lower), meta);
      if (range.upper !== Infinity) emitAssert(symbol.le(range.upper), meta);
      constrained.add(symbol.id);
      for (let i = 0; i < pending.length; i++) {
        const ra = pending[i]!;
        if (ra.expr.freeSymbols().every((s) => !unbacked.has(s.id) || bound.has(s.id))) {
          pending.splice(i--, 1);
          // Stored canonicalized, as guard_or_defer_runtime_assert does; a single-symbol bound
          // (`3 <= u0`, `u0 <= 9`) of a symbol whose range was asserted above is redundant.
          const expr = canonicalizeBool(env.simplify(ra.expr));
          if (isBoundOfConstrained(expr, constrained)) continue;
          emitAssert(expr, meta);
        }
      }
    } finally {
      point.restore();
    }
    if (replaced !== null) graph.erase_node(replaced);
  }
}

/**
 * The nodes computing `expr` from the input sizes, where a traced size of an intermediate tensor
 * (`w.shape[0]` of a repeat's output, `2*s17*s77`) is used: insert_deferred_runtime_asserts
 * reifies such a sym_size call from the input shapes (`_is_intermediate_tensor_sym_call`), so the
 * tensor computation is not kept alive for its size. Null when a symbol has no node.
 */
export function reifySymExpr(mode: TraceMode, expr: Expr): Node | null {
  if (expr.kind === ExprKind.Symbol || expr.kind === ExprKind.Integer) return null;
  if (!expr.freeSymbols().every((s) => mode.symNodes.has(s.id) || mode.sizeOrigins.has(s.id))) return null;
  const trace = userStackTrace(null);
  const stack = currentModuleStack();
  const out = new Interpreter(mode, mode.symNodes).run(expr, (n) => {
    n.meta.stack_trace = trace;
    n.meta.nn_module_stack = stack;
  });
  return out instanceof Node ? out : null;
}

// The first original op's metadata, which PyTorch's pass gives the assert nodes. A traced sym_size
// has none of its own here; in PyTorch it carries the user line that first used the size, which
// is the line of the op traced right after it.
function assertMetaSource(anchor: Node, next: Node): NodeMetaSource {
  if (anchor.meta.stack_trace == null && isSymSize(anchor) && next.op !== "output") {
    return { stack_trace: next.meta.stack_trace, nn_module_stack: next.meta.nn_module_stack };
  }
  return { stack_trace: anchor.meta.stack_trace, nn_module_stack: anchor.meta.nn_module_stack };
}

// sympy_interp(PythonReferenceAnalysis, expr_to_proxy, expr) with hash consing: the nodes computing
// `expr` from the nodes that bind its symbols.
class Interpreter {
  constructor(
    private readonly mode: TraceMode,
    private readonly hashed: Map<number, Node>,
  ) {}

  run(expr: Expr, meta: (n: Node) => void): Argument {
    switch (expr.kind) {
      case ExprKind.Integer:
        return expr.intValue();
      case ExprKind.True:
        return true;
      case ExprKind.False:
        return false;
      case ExprKind.Symbol:
        return this.mode.symNode(expr);
      default:
        break;
    }
    const known = this.hashed.get(expr.id);
    if (known !== undefined) return known;
    const args = sympyArgs(expr);
    const vals = args.map((a) => this.run(a, meta));
    const node = (target: Target, a: Argument[], val: Expr): Node => {
      const n = this.mode.graph.call_function(target, a);
      n.meta.val = new SymIntValue(val) as never;
      meta(n);
      return n;
    };
    let out: Node;
    switch (expr.kind) {
      case ExprKind.Add:
      case ExprKind.Mul:
      case ExprKind.And:
      case ExprKind.Or:
      case ExprKind.Max:
      case ExprKind.Min: {
        // Associative: folded left to right (sym_sum adds the same way).
        const target = ({
          [ExprKind.Add]: operator.add,
          [ExprKind.Mul]: operator.mul,
          [ExprKind.And]: operator.and_,
          [ExprKind.Or]: operator.or_,
          [ExprKind.Max]: SYM_MAX,
          [ExprKind.Min]: SYM_MIN,
        } as Record<number, Target>)[expr.kind]!;
        let acc = vals[0]!;
        let accExpr = args[0]!;
        for (let i = 1; i < vals.length; i++) {
          accExpr = i === vals.length - 1 ? expr : combine(expr.kind, accExpr, args[i]!);
          acc = node(target, [acc, vals[i]!], accExpr);
        }
        out = acc as Node;
        break;
      }
      case ExprKind.Mod:
        out = node(operator.mod, vals, expr);
        break;
      case ExprKind.Pow:
        // pow_by_natural: `s17 ** 2`
        out = node(operator.pow, vals, expr);
        break;
      case ExprKind.FloorDiv:
      case ExprKind.CleanDiv:
        out = node(operator.floordiv, vals, expr);
        break;
      case ExprKind.Not:
        out = node(SYM_NOT, vals, expr);
        break;
      default: {
        const rel = RELATIONS[expr.kind];
        if (rel === undefined || vals.length !== 2) {
          throw new UserError(`pt2js cannot express the runtime assert ${expr} as graph nodes`);
        }
        out = node(rel, vals, expr);
      }
    }
    this.hashed.set(expr.id, out);
    return out;
  }
}

function combine(kind: ExprKind, a: Expr, b: Expr): Expr {
  switch (kind) {
    case ExprKind.Add: return a.add(b);
    case ExprKind.Mul: return a.mul(b);
    case ExprKind.And: return a.and(b);
    case ExprKind.Or: return a.or(b);
    case ExprKind.Max: return a.max(b);
    default: return a.min(b);
  }
}

// ---------------------------------------------------------------- sympy's argument order

// sympy's ordering_of_classes (Basic.compare): numbers, symbols, Pow, Mul, Add; other classes
// (torch's FloorDiv, Mod, Max, ...) after them, by class name.
const UNKNOWN = 1000;
function classRank(e: Expr): [number, string] {
  switch (e.kind) {
    case ExprKind.Integer: {
      const v = e.intValue();
      return [v === 0 ? 0 : v === 1 ? 1 : v === -1 ? 5 : 7, ""];
    }
    case ExprKind.Symbol: return [13, ""];
    case ExprKind.Pow: return [15, ""];
    case ExprKind.Mul: return [16, ""];
    case ExprKind.Add: return [17, ""];
    case ExprKind.Eq: return [60, ""];
    case ExprKind.Ne: return [61, ""];
    case ExprKind.Gt: return [62, ""];
    case ExprKind.Lt: return [63, ""];
    case ExprKind.Ge: return [64, ""];
    case ExprKind.Le: return [65, ""];
    default: {
      const names: Partial<Record<ExprKind, string>> = {
        [ExprKind.FloorDiv]: "FloorDiv", [ExprKind.CleanDiv]: "CleanDiv", [ExprKind.Mod]: "Mod",
        [ExprKind.ModularIndexing]: "ModularIndexing", [ExprKind.Max]: "Max", [ExprKind.Min]: "Min",
        [ExprKind.And]: "And", [ExprKind.Or]: "Or", [ExprKind.Not]: "Not",
      };
      return [UNKNOWN, names[e.kind] ?? String(e.kind)];
    }
  }
}

/** Basic.compare: class order, then the hashable content (symbol names, values, arguments). */
function sympyCompare(a: Expr, b: Expr): number {
  if (a === b) return 0;
  const [ra, na] = classRank(a);
  const [rb, nb] = classRank(b);
  if (ra !== rb) return ra < rb ? -1 : 1;
  if (na !== nb) return na < nb ? -1 : 1;
  if (a.kind === ExprKind.Integer) return Math.sign(a.intValue() - b.intValue());
  if (a.kind === ExprKind.Symbol) return a.symbolName < b.symbolName ? -1 : a.symbolName > b.symbolName ? 1 : 0;
  const xa = sympyArgs(a);
  const xb = sympyArgs(b);
  if (xa.length !== xb.length) return xa.length < xb.length ? -1 : 1;
  for (let i = 0; i < xa.length; i++) {
    const c = sympyCompare(xa[i]!, xb[i]!);
    if (c !== 0) return c;
  }
  return 0;
}

/** expr.args in sympy's order: Add and Mul put their integer coefficient first and sort the rest
 * (Basic.compare); other expressions keep their arguments' positions. */
export function sympyArgs(expr: Expr): Expr[] {
  const args = expr.args;
  if (expr.kind !== ExprKind.Add && expr.kind !== ExprKind.Mul) return args;
  const numbers = args.filter((a) => a.kind === ExprKind.Integer);
  const rest = args.filter((a) => a.kind !== ExprKind.Integer).sort(sympyCompare);
  return [...numbers, ...rest];
}

// ---------------------------------------------------------------- canonicalize_bool_expr

const isNeg = (t: Expr): boolean =>
  (t.kind === ExprKind.Integer && t.intValue() < 0) ||
  (t.kind === ExprKind.Mul && sympyArgs(t)[0]!.kind === ExprKind.Integer && sympyArgs(t)[0]!.intValue() < 0);

function integerCoefficient(t: Expr): number {
  if (t.kind === ExprKind.Integer) return Math.abs(t.intValue());
  if (t.kind === ExprKind.Mul) {
    const c = sympyArgs(t)[0]!;
    return c.kind === ExprKind.Integer ? Math.abs(c.intValue()) : 1;
  }
  return 1;
}

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** _reduce_to_lowest_terms: divides out the integer factor common to all terms. */
function reduceToLowestTerms(e: Expr): Expr {
  if (e.kind === ExprKind.Add) {
    const terms = sympyArgs(e);
    const factor = terms.map(integerCoefficient).reduce(gcd);
    if (factor <= 1) return e;
    return terms.map((t) => t.floordiv(factor)).reduce((a, b) => a.add(b));
  }
  if (e.kind === ExprKind.Integer) return Expr.int(1);
  if (e.kind === ExprKind.Mul) {
    const f = integerCoefficient(e);
    return f <= 1 ? e : e.floordiv(f);
  }
  return e;
}

/** canonicalize_bool_expr, as guard_or_defer_runtime_assert stores a deferred assert: relations as
 * `<`, `<=`, `==`, `!=` with the negative terms moved to the left (`s77 > 5` → `5 < s77`). */
export function canonicalizeBool(e: Expr): Expr {
  const k = e.kind;
  if (k === ExprKind.And || k === ExprKind.Or) {
    const args = e.args.map(canonicalizeBool);
    return args.reduce((a, b) => (k === ExprKind.And ? a.and(b) : a.or(b)));
  }
  if (!(k === ExprKind.Eq || k === ExprKind.Ne || k === ExprKind.Lt || k === ExprKind.Le || k === ExprKind.Gt || k === ExprKind.Ge)) return e;
  const [a, b] = e.args as [Expr, Expr];
  const flipped = k === ExprKind.Gt || k === ExprKind.Ge;
  let rhs = reduceToLowestTerms(flipped ? a.sub(b) : b.sub(a));
  let lhs: Expr = Expr.int(0);
  if (rhs.kind === ExprKind.Add) {
    const terms = sympyArgs(rhs);
    const pos = terms.filter((t) => !isNeg(t));
    const neg = terms.filter(isNeg).map((t) => t.neg());
    rhs = pos.length === 0 ? Expr.int(0) : pos.reduce((x, y) => x.add(y));
    lhs = neg.length === 0 ? Expr.int(0) : neg.reduce((x, y) => x.add(y));
  } else if (isNeg(rhs)) {
    lhs = rhs.neg();
    rhs = Expr.int(0);
  }
  switch (k) {
    case ExprKind.Gt:
    case ExprKind.Lt:
      return lhs.lt(rhs);
    case ExprKind.Ge:
    case ExprKind.Le:
      return lhs.le(rhs);
    case ExprKind.Eq:
      return lhs.eq(rhs);
    default:
      return lhs.ne(rhs);
  }
}

/** _is_bound_expr_for_symbol on an assert whose one free symbol is constrained: `u0 <= 9`,
 * `3 <= u0` (Le/Ge of a symbol and a number). */
function isBoundOfConstrained(expr: Expr, constrained: ReadonlySet<number>): boolean {
  if (expr.kind !== ExprKind.Le && expr.kind !== ExprKind.Ge) return false;
  const [a, b] = expr.args as [Expr, Expr];
  const sym = a.kind === ExprKind.Symbol && b.kind === ExprKind.Integer ? a : b.kind === ExprKind.Symbol && a.kind === ExprKind.Integer ? b : null;
  return sym !== null && constrained.has(sym.id);
}

function isSymSize(node: Node): boolean {
  return typeof node.target !== "string" && node.target.qualifiedName === SYM_SIZE.qualifiedName;
}

// Max and Min as torch/utils/_sympy/functions.py MinMaxBase: nested same-kind arguments are
// flattened, the absorbing infinity short-circuits, the identity drops, duplicates drop, numeric
// arguments collapse to one, and Max(0, x) / Max(1, x) (Min likewise) resolve when x is known
// non-negative / positive (_find_localzeros).
// Not done: sympy's _collapse_arguments redundancy removal across nested Max/Min.
import { Op, recall, remember } from "./expr_memo";
import { raise, ErrorCode } from "../errors";
import { ExprId, Kind, NO_EXPR, INT_OO, NEG_INT_OO, intern, kindOf, argCount, argAt, payloadOf } from "./expr_store";
import { integer, isInt, numericOperands } from "./expr_arith";
import { assumedBound } from "./ranges";

function minMax(kind: Kind, inputs: Array<u32>): ExprId {
  const isMax = kind == Kind.Max;
  const name = isMax ? "Max" : "Min";
  for (let i = 0; i < inputs.length; i++) {
    if (!numericOperands(inputs[i], inputs[i], name)) return NO_EXPR;
  }
  const zero = isMax ? INT_OO : NEG_INT_OO;
  const identity = isMax ? NEG_INT_OO : INT_OO;
  const items = new Array<u32>();
  for (let i = 0; i < inputs.length; i++) {
    const x = inputs[i];
    if (kindOf(x) == kind) {
      for (let j = 0, n = argCount(x); j < n; j++) items.push(argAt(x, j));
    } else {
      items.push(x);
    }
  }
  let hasNum = false;
  let num: i64 = 0;
  const others = new Array<u32>();
  for (let i = 0; i < items.length; i++) {
    const x = items[i];
    if (x == zero) return zero;
    if (x == identity) continue;
    if (isInt(x)) {
      const v = payloadOf(x);
      num = !hasNum ? v : isMax ? (v > num ? v : num) : v < num ? v : num;
      hasNum = true;
    } else if (!others.includes(x)) {
      others.push(x);
    }
  }
  if (others.length == 0) {
    if (!hasNum) return identity;
    return integer(num);
  }
  if (others.length == 1 && hasNum) {
    const r = assumedBound(others[0]);
    const nonneg = r.lo() >= 0;
    const positive = r.lo() >= 1;
    if ((num == 0 && nonneg) || (num == 1 && positive)) {
      return isMax ? others[0] : integer(num);
    }
  }
  if (hasNum) others.push(integer(num));
  if (others.length == 1) return others[0];
  others.sort((x: u32, y: u32): i32 => (x < y ? -1 : x > y ? 1 : 0));
  return intern(kind, 0, others);
}

export function max(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Max, a, b);
  if (known != NO_EXPR) return known;
  return remember(Op.Max, a, b, maxUncached(a, b));
}

function maxUncached(a: ExprId, b: ExprId): ExprId {
  return minMax(Kind.Max, [a, b]);
}

export function min(a: ExprId, b: ExprId): ExprId {
  const known = recall(Op.Min, a, b);
  if (known != NO_EXPR) return known;
  return remember(Op.Min, a, b, minUncached(a, b));
}

function minUncached(a: ExprId, b: ExprId): ExprId {
  return minMax(Kind.Min, [a, b]);
}

/** Max/Min of all `args` at once, as `Max(a, b, c)` evaluates (the local-zero rules see every
 * argument, so this can differ from nesting binary calls). */
export function minMaxOf(kind: Kind, args: Array<u32>): ExprId {
  if (args.length == 0) {
    raise(ErrorCode.InvalidArgument, "Max/Min need at least one argument");
    return NO_EXPR;
  }
  return minMax(kind, args);
}

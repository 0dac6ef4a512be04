// Rebuilding an expression with some symbols replaced, through the canonicalizing constructors
// (so replacing every symbol by its hint folds the expression to a number or True/False).
// Used for replacements (_find), hints (size_hint) and free-symbol queries.
import { ExprId, Kind, NO_EXPR, kindOf, argCount, argAt } from "./expr_store";
import { integer } from "./expr_arith";
import { construct } from "./expr_subst";

/** `e` with each symbol in `map` replaced (one pass; targets are not rewritten again). */
export function rebuildWith(e: ExprId, map: Map<u32, u32>): ExprId {
  if (e == NO_EXPR) return NO_EXPR;
  const k = kindOf(e);
  if (k == Kind.Symbol) return map.has(e) ? map.get(e) : e;
  const n = argCount(e);
  if (n == 0) return e;
  let changed = false;
  const args = new Array<u32>(n);
  for (let i = 0; i < n; i++) {
    const a = argAt(e, i);
    const b = rebuildWith(a, map);
    if (b == NO_EXPR) return NO_EXPR;
    if (b != a) changed = true;
    unchecked((args[i] = b));
  }
  return changed ? construct(kindOf(e), args) : e;
}

/** `e` with symbols[i] replaced by the integer values[i]. */
export function substituteValues(e: ExprId, symbols: Array<u32>, values: Array<i64>): ExprId {
  const map = new Map<u32, u32>();
  for (let i = 0; i < symbols.length; i++) map.set(symbols[i], integer(values[i]));
  return rebuildWith(e, map);
}

/** Free symbols of `e` in first-occurrence order (depth first). */
export function symbolsOf(e: ExprId): Array<u32> {
  const out = new Array<u32>();
  collect(e, out);
  return out;
}

function collect(e: ExprId, out: Array<u32>): void {
  if (kindOf(e) == Kind.Symbol) {
    if (!out.includes(e)) out.push(e);
    return;
  }
  for (let i = 0, n = argCount(e); i < n; i++) collect(argAt(e, i), out);
}

/** Whether `e` mentions symbol `s`. */
export function mentions(e: ExprId, s: ExprId): bool {
  if (e == s) return true;
  for (let i = 0, n = argCount(e); i < n; i++) if (mentions(argAt(e, i), s)) return true;
  return false;
}

/** Whether `e` contains a node of kind `k`. */
export function containsKind(e: ExprId, k: Kind): bool {
  if (kindOf(e) == k) return true;
  for (let i = 0, n = argCount(e); i < n; i++) if (containsKind(argAt(e, i), k)) return true;
  return false;
}

// Memo of binary operations: expressions are immutable and constructors deterministic, so
// op(a, b) can be remembered by (op, a, b). Tracing rebuilds the same sizes for every op, which
// makes most constructions a single table lookup. Failed operations are never remembered.
import { U64Table, MISSING, MEMO_ID_LIMIT, opKey } from "./expr_table";
import { NO_EXPR } from "./expr_store";

export const enum Op {
  Add = 1, Mul, FloorDiv, CleanDiv, Mod, Max, Min, Eq, Ne, Lt, Le, Gt, Ge, And, Or,
}

const memo = new U64Table(1 << 14);

/** The remembered result, or NO_EXPR. */
@inline export function recall(op: Op, a: u32, b: u32): u32 {
  if (a >= MEMO_ID_LIMIT || b >= MEMO_ID_LIMIT) return NO_EXPR;
  const r = memo.get(opKey(<u32>op, a, b));
  return r == MISSING ? NO_EXPR : r;
}

/** Remembers a successful result and returns it. */
@inline export function remember(op: Op, a: u32, b: u32, result: u32): u32 {
  if (result != NO_EXPR && a < MEMO_ID_LIMIT && b < MEMO_ID_LIMIT) memo.set(opKey(<u32>op, a, b), result);
  return result;
}

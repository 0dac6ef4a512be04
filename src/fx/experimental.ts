// torch.fx.experimental.symbolic_shapes helpers that user code calls on ints and SymBools:
// sym_and(x, *others) / sym_or(x, *others) fold with `&` / `|` (a Python bool short-circuits as
// `operator.and_` / `operator.or_` do on bools).
import { SymBool } from "../symbolic/symbool.js";

type B = SymBool | boolean;

function fold(x: B, others: readonly B[], op: "and" | "or"): B {
  let acc = x;
  for (const y of others) {
    if (typeof acc === "boolean" && typeof y === "boolean") acc = op === "and" ? acc && y : acc || y;
    else if (typeof acc === "boolean") acc = op === "and" ? (acc ? y : false) : acc ? true : y;
    else acc = op === "and" ? acc.and(y) : acc.or(y);
  }
  return acc;
}

/** sym_and(x, *others): x & others[0] & ... */
export function sym_and(x: B, ...others: B[]): B {
  return fold(x, others, "and");
}

/** sym_or(x, *others): x | others[0] | ... */
export function sym_or(x: B, ...others: B[]): B {
  return fold(x, others, "or");
}

export const experimental = { symbolic_shapes: { sym_and, sym_or } } as const;

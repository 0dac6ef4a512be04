// Size arithmetic for meta functions: `Size = number | SymInt`, with a plain-number fast path.
// Comparisons return booleans: on symbolic input they decide by the example values and record
// a guard (as Python's `if a == b:` does on SymInts); statically known results record nothing.
import { SymInt, type Size } from "./symint.js";
import { SymBool } from "./symbool.js";
import { InvalidArgumentError, ZeroDivisionError } from "../core/errors.js";

export type { Size } from "./symint.js";

export function isSymbolic(x: unknown): x is SymInt {
  return x instanceof SymInt;
}

function checkInt(x: number): number {
  if (!Number.isSafeInteger(x)) throw new InvalidArgumentError(`a size must be an integer, got ${x}`);
  return x;
}

/** Python floor division on integers. */
function pyFloorDiv(a: number, b: number): number {
  if (b === 0) throw new ZeroDivisionError("integer division or modulo by zero");
  let q = Math.floor(a / b);
  // a / b is rounded; fix the quotient when the rounding crossed an integer.
  if (b > 0 ? q * b > a : q * b < a) q -= 1;
  else if (b > 0 ? (q + 1) * b <= a : (q + 1) * b >= a) q += 1;
  return q;
}

function pyMod(a: number, b: number): number {
  return a - pyFloorDiv(a, b) * b;
}

export function sizeAdd(a: Size, b: Size): Size {
  if (typeof a === "number" && typeof b === "number") return checkInt(a + b);
  return typeof a === "number" ? (b as SymInt).add(a) : a.add(b);
}

export function sizeSub(a: Size, b: Size): Size {
  if (typeof a === "number" && typeof b === "number") return checkInt(a - b);
  return typeof a === "number" ? (b as SymInt).rsub(a) : a.sub(b);
}

export function sizeMul(a: Size, b: Size): Size {
  if (typeof a === "number" && typeof b === "number") return checkInt(a * b);
  return typeof a === "number" ? (b as SymInt).mul(a) : a.mul(b);
}

export function sizeNeg(a: Size): Size {
  return typeof a === "number" ? -a : a.neg();
}

/** Python `a // b`. */
export function sizeFloorDiv(a: Size, b: Size): Size {
  if (typeof a === "number" && typeof b === "number") return pyFloorDiv(a, b);
  return typeof a === "number" ? (b as SymInt).rfloordiv(a) : a.floordiv(b);
}

/** Ceiling division -(-a // b), as PyTorch's ceildiv. */
export function sizeCeilDiv(a: Size, b: Size): Size {
  return sizeNeg(sizeFloorDiv(sizeNeg(a), b));
}

/** Python `a % b`. */
export function sizeMod(a: Size, b: Size): Size {
  if (typeof a === "number" && typeof b === "number") return pyMod(a, b);
  return typeof a === "number" ? (b as SymInt).rmod(a) : a.mod(b);
}

export function sizeMax(a: Size, b: Size): Size {
  if (typeof a === "number" && typeof b === "number") return Math.max(a, b);
  return typeof a === "number" ? (b as SymInt).max(a) : a.max(b);
}

export function sizeMin(a: Size, b: Size): Size {
  if (typeof a === "number" && typeof b === "number") return Math.min(a, b);
  return typeof a === "number" ? (b as SymInt).min(a) : a.min(b);
}

function decide(b: SymBool | boolean): boolean {
  return typeof b === "boolean" ? b : b.guard();
}

// Comparisons with the SymInt on the left; a number on the left swaps the relation.
export function sizeEq(a: Size, b: Size): boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return decide(typeof a === "number" ? (b as SymInt).eq(a) : a.eq(b));
}

export function sizeNe(a: Size, b: Size): boolean {
  if (typeof a === "number" && typeof b === "number") return a !== b;
  return decide(typeof a === "number" ? (b as SymInt).ne(a) : a.ne(b));
}

export function sizeLt(a: Size, b: Size): boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  return decide(typeof a === "number" ? (b as SymInt).gt(a) : a.lt(b));
}

export function sizeLe(a: Size, b: Size): boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  return decide(typeof a === "number" ? (b as SymInt).ge(a) : a.le(b));
}

export function sizeGt(a: Size, b: Size): boolean {
  if (typeof a === "number" && typeof b === "number") return a > b;
  return decide(typeof a === "number" ? (b as SymInt).lt(a) : a.gt(b));
}

export function sizeGe(a: Size, b: Size): boolean {
  if (typeof a === "number" && typeof b === "number") return a >= b;
  return decide(typeof a === "number" ? (b as SymInt).le(a) : a.ge(b));
}

// The symbolic comparisons without deciding them, for guard_or_false / torch._check callers:
// a boolean when static, else a SymBool.
export function sizeEqSym(a: Size, b: Size): SymBool | boolean {
  if (typeof a === "number" && typeof b === "number") return a === b;
  return typeof a === "number" ? (b as SymInt).eq(a) : a.eq(b);
}

export function sizeNeSym(a: Size, b: Size): SymBool | boolean {
  if (typeof a === "number" && typeof b === "number") return a !== b;
  return typeof a === "number" ? (b as SymInt).ne(a) : a.ne(b);
}

export function sizeLtSym(a: Size, b: Size): SymBool | boolean {
  if (typeof a === "number" && typeof b === "number") return a < b;
  return typeof a === "number" ? (b as SymInt).gt(a) : a.lt(b);
}

export function sizeLeSym(a: Size, b: Size): SymBool | boolean {
  if (typeof a === "number" && typeof b === "number") return a <= b;
  return typeof a === "number" ? (b as SymInt).ge(a) : a.le(b);
}

export function sizeGtSym(a: Size, b: Size): SymBool | boolean {
  return sizeLtSym(b, a);
}

export function sizeGeSym(a: Size, b: Size): SymBool | boolean {
  return sizeLeSym(b, a);
}

/** Graph-annotation text of a size: `4`, `s77`, `2*s77`, `(s77//2)`. */
export function sizeToString(a: Size): string {
  return typeof a === "number" ? String(a) : a.toString();
}

/** int(x): the size as a number, specializing (with a guard) when symbolic. */
export function guardSize(a: Size): number {
  return typeof a === "number" ? a : a.guardInt();
}

/** The example value without guarding (null for data-dependent sizes). */
export function sizeHint(a: Size): number | null {
  return typeof a === "number" ? a : a.hint;
}

/** Product of sizes (numel), staying symbolic when any factor is. */
export function sizeProduct(xs: readonly Size[]): Size {
  let acc: Size = 1;
  for (const x of xs) acc = sizeMul(acc, x);
  return acc;
}

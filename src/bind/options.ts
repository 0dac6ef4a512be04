// Keyword arguments in JavaScript: a trailing plain object (`x.sum(1, { keepdim: true })`).
// Only a plain object literal counts (prototype Object.prototype or null), so tensors, SymInts,
// dtypes, arrays and class instances are never mistaken for keyword arguments.

export type Kwargs = Record<string, unknown>;

/** True for `{ ... }` / `Object.create(null)`: the keyword-arguments object. */
export function isPlainObject(x: unknown): x is Kwargs {
  if (typeof x !== "object" || x === null) return false;
  const p = Object.getPrototypeOf(x);
  return p === Object.prototype || p === null;
}

const NO_KWARGS: Kwargs = Object.freeze({}) as Kwargs;

/** Splits a call's arguments into positional ones and the trailing keyword-arguments object. */
export function splitOptions(args: readonly unknown[]): [readonly unknown[], Kwargs] {
  const n = args.length;
  if (n > 0 && isPlainObject(args[n - 1])) return [args.slice(0, n - 1), args[n - 1] as Kwargs];
  return [args, NO_KWARGS];
}

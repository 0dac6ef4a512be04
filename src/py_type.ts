// Python's type names for the values a JavaScript caller may pass, as error messages print them.

/** type(x).__name__: `int`, `float`, `str`, `bool`, `NoneType`, `list`, or the class's own name. */
export function pyTypeName(x: unknown): string {
  if (x === null || x === undefined) return "NoneType";
  if (typeof x === "number") return Number.isInteger(x) ? "int" : "float";
  if (typeof x === "string") return "str";
  if (typeof x === "boolean") return "bool";
  if (Array.isArray(x)) return "list";
  return typeof x === "object" || typeof x === "function" ? ((x as object).constructor?.name ?? typeof x) : typeof x;
}

/** Like pyTypeName, but arrays and plain objects keep JavaScript's class names (`Array`, `Object`). */
export function className(x: unknown): string {
  if (x === null || x === undefined) return "NoneType";
  if (typeof x === "number") return Number.isInteger(x) ? "int" : "float";
  if (typeof x === "string") return "str";
  if (typeof x === "boolean") return "bool";
  return (x as object).constructor?.name ?? typeof x;
}

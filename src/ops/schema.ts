// Parsed ATen function schemas ("aten::add.Tensor(Tensor self, Tensor other, *, Scalar alpha=1) -> Tensor").
// The text is PyTorch's (src/ops/schemas.generated.ts); this parser keeps what the dispatcher, the
// tracer and the serializer need: argument names, types, defaults, kwarg-only markers and aliasing.

/** An alias annotation: `Tensor(a!)` is { set: "a", isWrite: true }. */
export interface AliasInfo {
  readonly set: string;
  readonly isWrite: boolean;
}

export interface SchemaType {
  /** The element type without list/optional markers: "Tensor", "int", "SymInt", "Scalar", ... */
  readonly base: string;
  readonly isList: boolean;
  /** N of `int[N]` (a single int is broadcast to N entries), or undefined. */
  readonly listSize?: number;
  /** `T?` (the argument may be None). */
  readonly optional: boolean;
  /** `Tensor?[]`: a list whose items may be None. */
  readonly optionalItems: boolean;
  readonly alias?: AliasInfo;
  /** The type as PyTorch writes it. */
  readonly text: string;
}

export interface SchemaArg {
  readonly name: string;
  readonly type: SchemaType;
  readonly hasDefault: boolean;
  /** The default as a JS value (None → null, True → true, [1, 1] → [1, 1], 'mean' → "mean"). */
  readonly default: unknown;
  readonly kwargOnly: boolean;
}

export interface SchemaReturn {
  readonly name: string;
  readonly type: SchemaType;
}

export interface FunctionSchema {
  readonly name: string; // "aten::add"
  readonly overload: string; // "Tensor", or "" for the default overload
  readonly args: readonly SchemaArg[];
  readonly returns: readonly SchemaReturn[];
  /** True when `returns` was written as a tuple "(...)" (even with one element). */
  readonly returnsTuple: boolean;
  readonly isVararg: boolean;
  /** Some argument is written (`Tensor(a!)`). */
  readonly isMutable: boolean;
  readonly text: string;
}

import { dtypeFromName } from "../tensor/dtype.js";

// Splits on commas outside brackets and quotes.
function splitTop(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = "";
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) {
      out.push(s.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = s.slice(start).trim();
  if (last) out.push(last);
  return out;
}

function parseType(text: string): SchemaType {
  let t = text;
  let optional = false;
  if (t.endsWith("?")) {
    optional = true;
    t = t.slice(0, -1);
  }
  let isList = false;
  let listSize: number | undefined;
  const lm = /\[(\d*)\]$/.exec(t);
  if (lm) {
    isList = true;
    if (lm[1]) listSize = Number(lm[1]);
    t = t.slice(0, lm.index);
  }
  let optionalItems = false;
  if (t.endsWith("?")) {
    optionalItems = true;
    t = t.slice(0, -1);
  }
  let alias: AliasInfo | undefined;
  const am = /^(\w+)\((.*)\)$/.exec(t);
  if (am) {
    t = am[1]!;
    const ann = am[2]!.split("->")[0]!.trim();
    alias = { set: ann.replace("!", "").trim(), isWrite: ann.includes("!") };
  }
  return { base: t, isList, listSize, optional, optionalItems, alias, text };
}

// c10::ScalarType codes, as schemas print dtype defaults (`ScalarType? dtype=4` is long).
const SCALAR_TYPE_CODES: Record<string, string> = {
  "0": "uint8", "1": "int8", "2": "int16", "3": "int32", "4": "int64", "5": "float16", "6": "float32", "7": "float64",
  "11": "bool", "15": "bfloat16",
};

function parseDefault(s: string, type: SchemaType): unknown {
  if (s === "None") return null;
  if (type.base === "ScalarType") {
    const name = SCALAR_TYPE_CODES[s] ?? s;
    try {
      return dtypeFromName(name);
    } catch {
      return s;
    }
  }
  if (s === "True") return true;
  if (s === "False") return false;
  if (/^['"]/.test(s)) return s.slice(1, -1);
  if (s.startsWith("[")) {
    const inner = s.slice(1, -1).trim();
    return inner ? splitTop(inner).map((x) => parseDefault(x, { ...type, isList: false })) : [];
  }
  const n = Number(s.endsWith(".") ? s.slice(0, -1) : s);
  if (!Number.isNaN(n)) return type.isList && type.listSize ? new Array(type.listSize).fill(n) : n;
  return s; // other enum-like defaults: contiguous_format, strided, ...
}

function parseArg(text: string, kwargOnly: boolean): SchemaArg {
  const eq = text.indexOf("=");
  const decl = (eq >= 0 ? text.slice(0, eq) : text).trim();
  const sp = decl.lastIndexOf(" ");
  const type = parseType(decl.slice(0, sp).trim());
  const name = decl.slice(sp + 1);
  const hasDefault = eq >= 0;
  return { name, type, hasDefault, default: hasDefault ? parseDefault(text.slice(eq + 1).trim(), type) : undefined, kwargOnly };
}

/** Parses one schema string as torch._C.FunctionSchema prints it. */
export function parseSchema(text: string): FunctionSchema {
  const open = text.indexOf("(");
  const full = text.slice(0, open);
  const dot = full.indexOf(".");
  const name = dot >= 0 ? full.slice(0, dot) : full;
  const overload = dot >= 0 ? full.slice(dot + 1) : "";
  // Find the ')' closing the argument list.
  let depth = 0;
  let close = open;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) {
      close = i;
      break;
    }
  }
  const args: SchemaArg[] = [];
  let kwargOnly = false;
  let isVararg = false;
  for (const part of splitTop(text.slice(open + 1, close))) {
    if (part === "*") kwargOnly = true;
    else if (part === "...") isVararg = true;
    else args.push(parseArg(part, kwargOnly));
  }
  let ret = text.slice(close + 1).trim().replace(/^->\s*/, "");
  const returnsTuple = ret.startsWith("(");
  if (returnsTuple) ret = ret.slice(1, -1);
  const returns: SchemaReturn[] = [];
  for (const part of splitTop(ret)) {
    if (part === "...") continue;
    const m = /^(.*?)(?:\s+(\w+))?$/.exec(part)!;
    returns.push({ name: m[2] ?? "", type: parseType(m[1]!.trim()) });
  }
  const isMutable = args.some((a) => a.type.alias?.isWrite === true);
  return { name, overload, args, returns, returnsTuple, isVararg, isMutable, text };
}

// PyTorch's python_arg_parser for the ATen-backed torch.* functions and Tensor methods: the Python
// signatures are the op's ATen schemas (self → input for functions, self dropped for methods), the
// overloads are tried in the order gen_python_functions.py sorts them, the first one whose
// arguments bind (by position or keyword, types checked) is called. Texts are the parser's.
import { Tensor } from "../tensor/tensor.js";
import { DType } from "../tensor/dtype.js";
import { SymInt } from "../symbolic/symint.js";
import { SymFloat } from "../symbolic/symfloat.js";
import { SymBool } from "../symbolic/symbool.js";
import { TorchTypeError } from "../ops/errors.js";
import { aten, type OpOverload } from "../ops/registry.js";
import type { FunctionSchema, SchemaArg, SchemaType } from "../ops/schema.js";
import { splitOptions, type Kwargs } from "./options.js";
import { pyTypeName } from "../py_type.js";

// python_arg_parser.cpp's numpy-compatible keyword names (`x.sum(axis=0, keepdims=True)`).
const NUMPY_NAMES: Record<string, readonly string[]> = { dim: ["axis"], keepdim: ["keepdims"], input: ["x", "a", "x1"], other: ["x2"] };

// should_allow_numbers_as_tensors: the functions whose Tensor arguments take Python numbers.
const NUMBERS_AS_TENSORS = new Set([
  "add", "add_", "div", "div_", "divide", "divide_", "mul", "mul_", "multiply", "multiply_", "sub", "sub_", "subtract",
  "subtract_", "true_divide", "true_divide_", "to", "_to_copy", "copy_", "floor_divide", "floor_divide_", "_conj",
]);

// gen_python_functions.py's SKIP_PYTHON_BINDINGS_SIGNATURES: C++-only overloads.
const CPP_ONLY = new Set(["add.Scalar", "add_.Scalar", "sub.Scalar", "sub_.Scalar", "mul.Scalar", "mul_.Scalar", "div.Scalar", "div_.Scalar"]);

/** One parameter of a Python signature derived from a schema argument. */
interface Param {
  readonly name: string;
  readonly names: readonly string[]; // the name and its numpy aliases
  readonly arg: SchemaArg;
  readonly schemaIndex: number;
  readonly kwOnly: boolean;
  /** May be omitted (has a default or is optional). */
  readonly optional: boolean;
  /** None is accepted. */
  readonly allowNone: boolean;
}

/** One overload's Python signature. */
class Signature {
  readonly params: Param[];
  readonly maxPos: number;
  readonly minArgs: number;
  readonly maxArgs: number;
  readonly varargsIntList: boolean;
  /** The position of the int-list parameter that may take varargs. */
  readonly varargsAt: number;
  readonly selfIndex: number;
  /** should_allow_numbers_as_tensors for this function. */
  readonly numbersAsTensors: boolean;
  constructor(readonly op: OpOverload, readonly pyName: string, method: boolean) {
    this.numbersAsTensors = NUMBERS_AS_TENSORS.has(op.packetName) || NUMBERS_AS_TENSORS.has(pyName);
    const s = op.schema;
    this.selfIndex = method ? s.args.findIndex((a) => a.name === "self") : -1;
    this.params = [];
    s.args.forEach((a, i) => {
      if (i === this.selfIndex) return;
      const name = !method && a.name === "self" ? "input" : a.name;
      const allowNone = a.type.optional || (a.hasDefault && a.default === null);
      this.params.push({ name, names: [name, ...(NUMPY_NAMES[name] ?? [])], arg: a, schemaIndex: i, kwOnly: a.kwargOnly, optional: a.hasDefault || a.type.optional, allowNone });
    });
    this.maxPos = this.params.filter((p) => !p.kwOnly).length;
    this.minArgs = this.params.filter((p) => !p.optional).length;
    this.maxArgs = this.params.length;
    // python_arg_parser: a single positional int list takes varargs (`x.view(2, 3)`, `torch.zeros(2, 3)`).
    // pt2js also lets the function form do it after the tensor (`torch.view(x, 2, 3)` like `x.view(2, 3)`).
    const lead = !method && this.params[0]?.name === "input" && this.maxPos === 2 ? 1 : 0;
    const first = this.params[lead];
    this.varargsAt = lead;
    this.varargsIntList = this.maxPos === 1 + lead && first !== undefined && first.arg.type.isList && (first.arg.type.base === "int" || first.arg.type.base === "SymInt");
  }

  /** The Python-facing text of this signature, as the parser's "expected one of" lists it. */
  describe(): string {
    const parts: string[] = [];
    let star = false;
    for (const p of this.params) {
      if (p.kwOnly && !star) {
        parts.push("*");
        star = true;
      }
      const def = p.arg.hasDefault ? ` = ${pyDefault(p.arg.default)}` : p.arg.type.optional ? " = None" : "";
      parts.push(`${typeName(p.arg.type)} ${p.name}${def}`);
    }
    return `(${parts.join(", ")})`;
  }
}

function pyDefault(v: unknown): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (Array.isArray(v)) return `(${v.map(pyDefault).join(", ")}${v.length === 1 ? "," : ""})`;
  if (typeof v === "string") return `'${v}'`;
  if (v instanceof DType) return `torch.${v.name}`;
  return String(v);
}

/** The parser's type_name(): "Tensor", "int", "tuple of ints", "Number", "torch.dtype", ... */
function typeName(t: SchemaType): string {
  const b = t.base;
  if (t.isList) {
    if (b === "Tensor") return "tuple of Tensors";
    if (b === "int" || b === "SymInt") return "tuple of ints";
    if (b === "float") return "tuple of floats";
    if (b === "bool") return "tuple of bools";
    if (b === "Scalar") return "tuple of Scalars";
    return `tuple of ${b}s`;
  }
  switch (b) {
    case "SymInt":
    case "int":
      return "int";
    case "Scalar":
      return "Number";
    case "ScalarType":
      return "torch.dtype";
    case "Layout":
      return "torch.layout";
    case "Device":
      return "torch.device";
    case "MemoryFormat":
      return "torch.memory_format";
    case "str":
      return "str";
    default:
      return b;
  }
}

const isInt = (v: unknown) => (typeof v === "number" && Number.isInteger(v)) || v instanceof SymInt;
const isNumber = (v: unknown) => typeof v === "number" || v instanceof SymInt || v instanceof SymFloat;

/** FunctionParameter::check. Returns -1 when `v` fits, else (lists) the index of the first bad item, or -2. */
function check(t: SchemaType, v: unknown, numbersAsTensors: boolean): number {
  const b = t.base;
  if (t.isList) {
    if (!Array.isArray(v)) {
      // int[N] (N > 0) takes one int for all N; a tensor list takes no single tensor.
      if ((b === "int" || b === "SymInt") && t.listSize !== undefined && t.listSize > 0 && isInt(v)) return -1;
      if (b === "float" && t.listSize !== undefined && isNumber(v)) return -1;
      return -2;
    }
    for (let i = 0; i < v.length; i++) {
      const x = v[i];
      if (x === null && t.optionalItems) continue;
      if (!checkItem(b, x, false)) return i;
    }
    return -1;
  }
  return checkItem(b, v, numbersAsTensors) ? -1 : -2;
}

/** One non-list value against a base type. */
function checkItem(b: string, v: unknown, numbersAsTensors: boolean): boolean {
  switch (b) {
    case "Tensor":
      return v instanceof Tensor || (numbersAsTensors && (typeof v === "number" || typeof v === "boolean" || v instanceof SymInt || v instanceof SymFloat));
    case "Scalar":
      return typeof v === "number" || typeof v === "boolean" || v instanceof SymInt || v instanceof SymFloat || v instanceof SymBool || (v instanceof Tensor && v.ndim === 0);
    case "int":
    case "SymInt":
      return isInt(v) || typeof v === "bigint";
    case "float":
      return isNumber(v) || typeof v === "boolean";
    case "bool":
      return typeof v === "boolean" || v instanceof SymBool;
    case "str":
      return typeof v === "string";
    case "ScalarType":
      return v instanceof DType;
    case "Device":
      return typeof v === "string" || (typeof v === "object" && v !== null) || typeof v === "number";
    default:
      return true; // Layout, MemoryFormat, Generator, ...: passed through to the op
  }
}

/** A successful parse: the overload and its arguments as `dispatch` takes them. */
export interface Parsed {
  readonly op: OpOverload;
  /** Positional arguments in schema order (up to the last one given), then keyword-only ones by name. */
  readonly args: unknown[];
  readonly kwargs: Kwargs;
}

function parseOne(sig: Signature, self: Tensor | undefined, args: readonly unknown[], kwargs: Kwargs, raise: boolean): Parsed | null {
  const name = sig.pyName;
  let nargs = args.length;
  while (nargs > 0 && args[nargs - 1] === undefined) nargs--;
  if (nargs > sig.maxPos && !sig.varargsIntList) {
    if (raise) extraArgs(sig, nargs);
    return null;
  }
  const numbersAsTensors = sig.numbersAsTensors;
  const schemaArgs = sig.op.schema.args;
  const values = new Array<unknown>(schemaArgs.length);
  const given = new Array<boolean>(schemaArgs.length).fill(false);
  if (sig.selfIndex >= 0) {
    values[sig.selfIndex] = self;
    given[sig.selfIndex] = true;
  }
  let argPos = 0;
  let remainingKw = 0;
  for (const k in kwargs) if (kwargs[k] !== undefined) remainingKw++;
  for (let pi = 0; pi < sig.params.length; pi++) {
    const p = sig.params[pi]!;
    let v: unknown = undefined;
    let isKwd = false;
    if (argPos < nargs) {
      if (p.kwOnly) {
        if (raise) extraArgs(sig, nargs);
        return null;
      }
      v = args[argPos];
    } else {
      for (const n of p.names) {
        if (kwargs[n] !== undefined) {
          v = kwargs[n];
          break;
        }
      }
      isKwd = true;
    }
    const varargsEligible = sig.varargsIntList && argPos === sig.varargsAt && pi === sig.varargsAt && !isKwd;
    if ((v === undefined && p.optional) || (v === null && p.allowNone)) {
      // absent: the schema default
    } else if (v === undefined) {
      if (raise) missingArgs(sig, pi);
      return null;
    } else {
      const bad = check(p.arg.type, v, numbersAsTensors);
      if (bad === -1) {
        // A 0-dim tensor for a Scalar is converted with .item(), as the parser's scalar_slow does
        // (under export that is an aten.item node).
        values[p.schemaIndex] = v instanceof Tensor && p.arg.type.base === "Scalar" && !p.arg.type.isList ? (v as Tensor & { item(): unknown }).item() : v;
        given[p.schemaIndex] = true;
      } else if (varargsEligible && nargs > argPos && args.slice(argPos, nargs).every((x) => isInt(x))) {
        values[p.schemaIndex] = args.slice(argPos, nargs);
        given[p.schemaIndex] = true;
        argPos = nargs;
        continue;
      } else {
        if (raise) {
          const want = typeName(p.arg.type);
          if (isKwd) throw new TorchTypeError(`${name}(): argument '${p.name}' must be ${want}, not ${pyTypeName(v)}`);
          if (bad >= 0) throw new TorchTypeError(`${name}(): argument '${p.name}' (position ${argPos + 1}) must be ${want}, but found element of type ${pyTypeName((v as unknown[])[bad])} at pos ${bad}`);
          throw new TorchTypeError(`${name}(): argument '${p.name}' (position ${argPos + 1}) must be ${want}, not ${pyTypeName(v)}`);
        }
        return null;
      }
    }
    if (!isKwd) argPos++;
    else if (v !== undefined) remainingKw--;
  }
  if (remainingKw > 0) {
    if (raise) extraKwargs(sig, kwargs, nargs);
    return null;
  }
  // Positional arguments up to the last given one (defaults in between), kwarg-only ones by name.
  let end = 0;
  schemaArgs.forEach((a, i) => {
    if (!a.kwargOnly && given[i]) end = i + 1;
  });
  const outArgs: unknown[] = [];
  const outKw: Kwargs = {};
  for (let i = 0; i < schemaArgs.length; i++) {
    const a = schemaArgs[i]!;
    if (a.kwargOnly) {
      if (given[i]) outKw[a.name] = values[i];
    } else if (i < end) outArgs.push(given[i] ? values[i] : a.hasDefault ? a.default : null);
  }
  return { op: sig.op, args: outArgs, kwargs: outKw };
}

function extraArgs(sig: Signature, nargs: number): never {
  const name = sig.pyName;
  if (sig.minArgs !== sig.maxPos && sig.minArgs < sig.maxPos) throw new TorchTypeError(`${name}() takes from ${sig.minArgs} to ${sig.maxPos} positional arguments but ${nargs} were given`);
  throw new TorchTypeError(`${name}() takes ${sig.maxPos} positional argument${sig.maxPos === 1 ? "" : "s"} but ${nargs} ${nargs === 1 ? "was" : "were"} given`);
}

// PyTorch's own text (python_arg_parser.cpp missing_args), plural marker included as it prints it.
function missingArgs(sig: Signature, from: number): never {
  const names = sig.params.slice(from).filter((p) => !p.optional).map((p) => `"${p.name}"`);
  throw new TorchTypeError(`${sig.pyName}() missing ${names.length} required positional argument${names.length === 1 ? "s" : ""}: ${names.join(", ")}`);
}

function extraKwargs(sig: Signature, kwargs: Kwargs, nargs: number): never {
  for (const key of Object.keys(kwargs)) {
    if (kwargs[key] === undefined) continue;
    const at = sig.params.findIndex((p) => p.names.includes(key));
    if (at < 0) throw new TorchTypeError(`${sig.pyName}() got an unexpected keyword argument '${key}'`);
    if (at < nargs) throw new TorchTypeError(`${sig.pyName}() got multiple values for argument '${sig.params[at]!.name}'`);
  }
  throw new TorchTypeError(`${sig.pyName}(): invalid keyword arguments`);
}

// ------------------------------------------------------------------ overload order
const typeText = (t: SchemaType) => t.text.replace(/\([^)]*\)/g, "");

// gen_python_functions.py sort_overloads' is_arg_smaller: t1 has lower priority than t2.
function isArgSmaller(t1: string, t2: string): boolean {
  return (
    (t1 === "Scalar" && t2 === "Tensor") ||
    (t1 === "Scalar?" && t2 === "Tensor?") ||
    (t1.includes("Dimname") && !t2.includes("Dimname")) ||
    (t1 === "int[]" && (t2 === "int" || t2 === "int?")) ||
    (t1 === "Tensor[]" && t2.includes("[]")) ||
    (t1 === "SymInt[]" && t2 === "int[]") ||
    ((t1 === "SymInt" || t1 === "int") && t2 === "Tensor")
  );
}

function isSmaller(s1: FunctionSchema, s2: FunctionSchema): boolean {
  const a1 = s1.args, a2 = s2.args;
  if (a1.length !== a2.length) return false;
  let equal = true;
  for (let i = 0; i < a1.length; i++) {
    const t1 = typeText(a1[i]!.type), t2 = typeText(a2[i]!.type);
    if (t1 !== t2) equal = false;
    if (t1 !== t2 && !isArgSmaller(t1, t2)) return false;
  }
  return !equal;
}

/** The overloads in the order python_arg_parser tries them (a topological sort of the partial order). */
export function sortOverloads(ops: OpOverload[]): OpOverload[] {
  const sorted0 = [...ops].sort((a, b) => (sigKey(a) < sigKey(b) ? -1 : sigKey(a) > sigKey(b) ? 1 : 0));
  const n = sorted0.length;
  const larger = new Map<number, Set<number>>();
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++)
      if (isSmaller(sorted0[i]!.schema, sorted0[j]!.schema)) {
        let s = larger.get(i);
        if (!s) larger.set(i, (s = new Set()));
        s.add(j);
      }
  if (larger.size === 0) return sorted0;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) if (!larger.has(i)) ids.push(i);
  for (let idx = 0; idx < ids.length && idx < n; idx++) {
    const i = ids[idx]!;
    for (const j of [...larger.keys()].sort((x, y) => x - y)) {
      const s = larger.get(j)!;
      s.delete(i);
      if (s.size === 0) {
        larger.delete(j);
        ids.push(j);
      }
    }
  }
  return ids.map((i) => sorted0[i]!);
}

// torchgen's argument_type_str, for the initial sort of PythonSignature.signature_str.
function pyTypeStr(t: SchemaType): string {
  const b = t.base;
  let s: string;
  if (t.isList) {
    const n = t.listSize !== undefined ? `[${t.listSize}]` : "";
    if (b === "int") s = `IntArrayRef${n}`;
    else if (b === "SymInt") s = `SymIntArrayRef${n}`;
    else if (b === "Tensor") s = t.optionalItems ? "const c10::List<::std::optional<Tensor>> &" : `TensorList${n}`;
    else if (b === "Scalar") s = `ScalarList${n}`;
    else if (b === "bool") s = `::std::array<bool,${t.listSize}>`;
    else s = `ArrayRef<${b === "float" ? "double" : b}>`;
  } else s = b === "int" ? "int64_t" : b === "float" ? "double" : b === "str" ? "c10::string_view" : b;
  return t.optional ? `${s}?` : s;
}

/** PythonSignature.signature_str (self renamed input, `*` before keyword-only arguments). */
function sigKey(o: OpOverload): string {
  const parts: string[] = [];
  let star = false;
  for (const a of o.schema.args) {
    if (a.kwargOnly && !star) {
      parts.push("*");
      star = true;
    }
    const def = a.hasDefault ? `=${pyDefault(a.default)}` : "";
    parts.push(`${pyTypeStr(a.type)} ${a.name === "self" ? "input" : a.name}${def}`);
  }
  return `${o.packetName}(${parts.join(", ")})`;
}

/** Whether a registered overload is one Python's torch.* / Tensor bindings expose. */
function isPythonBinding(o: OpOverload): boolean {
  const s = o.schema;
  if (CPP_ONLY.has(`${o.packetName}.${o.overload}`)) return false;
  if (/(^|_)out($|_)/.test(o.overload) || s.args.some((a) => a.kwargOnly && a.type.alias?.isWrite)) return false;
  // An optional keyword-only generator (multinomial's) is in the binding; pt2js uses its own.
  if (s.args.some((a) => /Dimname|complex/.test(a.type.text) || (/Generator/.test(a.type.text) && !(a.kwargOnly && a.type.text === "Generator?")))) return false;
  // TorchScript's scalar/list overloads (add.int, sort.str, ...) are not Python bindings: a binding
  // takes a tensor or builds one (TensorOptions).
  return s.args.some((a) => a.type.base === "Tensor") || s.args.some((a) => a.name === "dtype" && a.kwargOnly);
}

/** The parser for one Python name over a set of ATen packets. */
export class AtenParser {
  private sigs: Signature[] | undefined;
  constructor(
    readonly pyName: string,
    private readonly packets: readonly string[],
    private readonly method: boolean,
    private readonly filter?: (o: OpOverload) => boolean,
  ) {}

  private signatures(): Signature[] {
    if (this.sigs) return this.sigs;
    const ops: OpOverload[] = [];
    for (const name of this.packets) {
      const p = aten[name];
      if (!p) throw new Error(`pt2js: no aten.${name} packet`);
      for (const o of Object.values(p)) if (isPythonBinding(o) && (!this.filter || this.filter(o))) ops.push(o);
    }
    if (ops.length === 0) throw new Error(`pt2js: no Python binding among aten.${this.packets.join("/")}`);
    return (this.sigs = sortOverloads(ops).map((o) => new Signature(o, this.pyName, this.method)));
  }

  /** Binds one JavaScript call (`args` may end with the keyword-arguments object). */
  parse(self: Tensor | undefined, callArgs: readonly unknown[]): Parsed {
    const [args, kwargs] = splitOptions(callArgs);
    return this.parseSplit(self, args, kwargs);
  }

  parseSplit(self: Tensor | undefined, args: readonly unknown[], kwargs: Kwargs): Parsed {
    const sigs = this.signatures();
    if (sigs.length === 1) return parseOne(sigs[0]!, self, args, kwargs, true)!;
    for (const s of sigs) {
      const r = parseOne(s, self, args, kwargs, false);
      if (r) return r;
    }
    // python_arg_parser's print_error: one plausible signature raises its own error.
    let nargs = args.length;
    while (nargs > 0 && args[nargs - 1] === undefined) nargs--;
    const n = nargs + Object.keys(kwargs).filter((k) => kwargs[k] !== undefined).length;
    const plausible = sigs.filter((s) => n >= s.minArgs && n <= s.maxArgs);
    if (plausible.length === 1) parseOne(plausible[0]!, self, args, kwargs, true);
    const got = [...args.slice(0, nargs).map((a) => pyTypeName(a)), ...Object.keys(kwargs).filter((k) => kwargs[k] !== undefined).map((k) => `${k}=${pyTypeName(kwargs[k])}`)];
    const unique = [...new Set(sigs.map((s) => s.describe()))];
    throw new TorchTypeError(`${this.pyName}() received an invalid combination of arguments - got (${got.join(", ")}), but expected one of:\n${unique.map((u) => ` * ${u}`).join("\n")}\n`);
  }
}

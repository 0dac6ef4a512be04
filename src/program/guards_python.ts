// The small piece of Python that guard code is written in (`L['x'].size()[0] <= 1024`,
// `(-2 + L['x'].size()[2]) % 2 == 0`, `L['n'] == 3`): a parser to an expression tree, an
// evaluator with Python's integer semantics (floor division, modulo with the divisor's sign,
// chained comparisons), and `ast.unparse`'s printing (parentheses only where precedence needs
// them), which PyTorch applies to the text of a failed guard's message.
import { Tensor } from "../tensor/tensor.js";
import { SymInt } from "../symbolic/symint.js";
import { guardBool, type SymBool } from "../symbolic/symbool.js";
import { operator, type SymNumber } from "../symbolic/sym_ops.js";
import { GuardAttributeError, GuardIndexError, GuardSyntaxError } from "./guards_errors.js";

export type PyNode =
  | { kind: "const"; value: number | string | boolean | null; text: string }
  | { kind: "name"; id: string }
  | { kind: "attr"; value: PyNode; attr: string }
  | { kind: "subscript"; value: PyNode; index: PyNode }
  | { kind: "call"; func: PyNode; args: PyNode[] }
  | { kind: "unary"; op: "-" | "+" | "not"; operand: PyNode }
  | { kind: "binop"; op: BinOp; left: PyNode; right: PyNode }
  | { kind: "boolop"; op: "and" | "or"; values: PyNode[] }
  | { kind: "compare"; left: PyNode; ops: CmpOp[]; comparators: PyNode[] };

type BinOp = "+" | "-" | "*" | "/" | "//" | "%" | "**";
type CmpOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

// ---------------------------------------------------------------------------------------------
// Tokenizer and recursive-descent parser (Python's expression grammar, the operators guards use).

const TOKEN = /\s*(?:(\d+\.\d*(?:e[+-]?\d+)?|\d+(?:e[+-]?\d+)?)|([A-Za-z_]\w*)|('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")|(\/\/|\*\*|==|!=|<=|>=|[-+*/%<>()[\].,]))/y;

// Python's tokenizer refuses more than 200 nested brackets (MAXLEVEL); a guard is a few dozen
// tokens, so one of more than MAX_TOKENS (a hostile archive's guards_code) is refused before the
// recursive parser and evaluators could overflow the stack.
const MAX_NESTING = 200;
const MAX_TOKENS = 5000;

function tokenize(src: string): string[] {
  const out: string[] = [];
  let level = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    if (/^\s*$/.test(src.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (m === null) throw new GuardSyntaxError(`invalid syntax in guard code at ${at}: ${src.slice(0, 200)}`);
    const tok = m[1] ?? m[2] ?? m[3] ?? m[4]!;
    if (tok === "(" || tok === "[") {
      if (++level > MAX_NESTING) throw new GuardSyntaxError(`too many nested parentheses in guard code at ${at}`);
    } else if (tok === ")" || tok === "]") level--;
    if (out.push(tok) > MAX_TOKENS) throw new GuardSyntaxError(`guard code of more than ${MAX_TOKENS} tokens is not supported`);
  }
  return out;
}

/** Parses one Python expression (`ast.parse(code, mode="eval")`). */
export function parsePython(src: string): PyNode {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const take = (t?: string) => {
    const tok = toks[i];
    if (tok === undefined || (t !== undefined && tok !== t)) throw new GuardSyntaxError(`invalid syntax in guard code: ${src}`);
    i++;
    return tok;
  };
  const boolop = (op: "and" | "or", next: () => PyNode): PyNode => {
    const values = [next()];
    while (peek() === op) {
      take();
      values.push(next());
    }
    return values.length === 1 ? values[0]! : { kind: "boolop", op, values };
  };
  const orTest = (): PyNode => boolop("or", andTest);
  const andTest = (): PyNode => boolop("and", notTest);
  const notTest = (): PyNode => (peek() === "not" ? (take(), { kind: "unary", op: "not", operand: notTest() }) : comparison());
  const comparison = (): PyNode => {
    const left = arith();
    const ops: CmpOp[] = [];
    const comparators: PyNode[] = [];
    while (["==", "!=", "<", "<=", ">", ">="].includes(peek() ?? "")) {
      ops.push(take() as CmpOp);
      comparators.push(arith());
    }
    return ops.length === 0 ? left : { kind: "compare", left, ops, comparators };
  };
  const binary = (ops: readonly string[], next: () => PyNode) => (): PyNode => {
    let left = next();
    while (ops.includes(peek() ?? "")) {
      const op = take() as BinOp;
      left = { kind: "binop", op, left, right: next() };
    }
    return left;
  };
  const factor = (): PyNode => {
    const t = peek();
    if (t === "-" || t === "+") {
      take();
      return { kind: "unary", op: t, operand: factor() };
    }
    return power();
  };
  const term = binary(["*", "/", "//", "%"], factor);
  const arith = binary(["+", "-"], term);
  const power = (): PyNode => {
    const base = primary();
    if (peek() === "**") {
      take();
      return { kind: "binop", op: "**", left: base, right: factor() };
    }
    return base;
  };
  const primary = (): PyNode => {
    let node = atom();
    for (;;) {
      const t = peek();
      if (t === ".") {
        take();
        node = { kind: "attr", value: node, attr: take() };
      } else if (t === "[") {
        take();
        const index = orTest();
        take("]");
        node = { kind: "subscript", value: node, index };
      } else if (t === "(") {
        take();
        const args: PyNode[] = [];
        while (peek() !== ")") {
          args.push(orTest());
          if (peek() === ",") take();
          else break;
        }
        take(")");
        node = { kind: "call", func: node, args };
      } else return node;
    }
  };
  const atom = (): PyNode => {
    const t = take();
    if (t === "(") {
      const inner = orTest();
      take(")");
      return inner;
    }
    if (/^\d/.test(t)) return { kind: "const", value: Number(t), text: t };
    if (t[0] === "'" || t[0] === '"') return { kind: "const", value: unquote(t), text: t };
    if (t === "True" || t === "False") return { kind: "const", value: t === "True", text: t };
    if (t === "None") return { kind: "const", value: null, text: t };
    if (/^[A-Za-z_]/.test(t)) return { kind: "name", id: t };
    throw new GuardSyntaxError(`invalid syntax in guard code: ${src}`);
  };
  const tree = orTest();
  if (i !== toks.length) throw new GuardSyntaxError(`invalid syntax in guard code: ${src}`);
  return tree;
}

function unquote(t: string): string {
  return t.slice(1, -1).replace(/\\(.)/g, "$1");
}

// ---------------------------------------------------------------------------------------------
// ast.unparse: each node has a precedence; a child is parenthesized when the precedence its
// parent requires is higher than its own.

const enum Prec {
  TEST = 3,
  OR,
  AND,
  NOT,
  CMP,
  EXPR,
  BOR,
  BXOR,
  BAND,
  SHIFT,
  ARITH,
  TERM,
  FACTOR,
  POWER,
  AWAIT,
  ATOM,
}

const BINOP_PREC: Record<BinOp, Prec> = { "+": Prec.ARITH, "-": Prec.ARITH, "*": Prec.TERM, "/": Prec.TERM, "//": Prec.TERM, "%": Prec.TERM, "**": Prec.POWER };

/** `ast.unparse(tree)`. */
export function unparsePython(node: PyNode, ctx: Prec = Prec.TEST): string {
  const paren = (own: Prec, text: string) => (ctx > own ? `(${text})` : text);
  switch (node.kind) {
    case "const":
      return typeof node.value === "string" ? pyRepr(node.value) : node.text;
    case "name":
      return node.id;
    case "attr":
      return `${unparsePython(node.value, Prec.ATOM)}.${node.attr}`;
    case "subscript":
      return `${unparsePython(node.value, Prec.ATOM)}[${unparsePython(node.index)}]`;
    case "call":
      return `${unparsePython(node.func, Prec.ATOM)}(${node.args.map((a) => unparsePython(a)).join(", ")})`;
    case "unary": {
      const own = node.op === "not" ? Prec.NOT : Prec.FACTOR;
      const sep = node.op === "not" ? " " : "";
      return paren(own, `${node.op}${sep}${unparsePython(node.operand, own)}`);
    }
    case "binop": {
      const own = BINOP_PREC[node.op];
      const [l, r] = node.op === "**" ? [own + 1, own] : [own, own + 1];
      return paren(own, `${unparsePython(node.left, l)} ${node.op} ${unparsePython(node.right, r)}`);
    }
    case "boolop": {
      // ast.unparse raises the required precedence for each successive operand.
      let level: number = node.op === "or" ? Prec.OR : Prec.AND;
      const own = level;
      return paren(own, node.values.map((v) => unparsePython(v, ++level)).join(` ${node.op} `));
    }
    case "compare": {
      const parts = [unparsePython(node.left, Prec.CMP + 1)];
      node.ops.forEach((op, k) => parts.push(op, unparsePython(node.comparators[k]!, Prec.CMP + 1)));
      return paren(Prec.CMP, parts.join(" "));
    }
  }
}

function pyRepr(s: string): string {
  return s.includes("'") && !s.includes('"') ? `"${s}"` : `'${s.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

// ---------------------------------------------------------------------------------------------
// Evaluation with Python semantics.

type PyValue = unknown;

/** The names guard code may use besides its locals (PyTorch runs it with SYMPY_INTERP). */
const BUILTINS: Record<string, PyValue> = {
  math: { inf: Infinity, nan: NaN },
  max: (...xs: number[]) => Math.max(...xs),
  min: (...xs: number[]) => Math.min(...xs),
  abs: (x: number) => Math.abs(x),
  int: (x: number) => Math.trunc(x),
  float: (x: number) => x,
};

/** Evaluates `node` with `locals` (e.g. `{ args: [...] }`). */
export function evaluatePython(node: PyNode, locals: Record<string, PyValue>): PyValue {
  const ev = (n: PyNode): PyValue => evaluatePython(n, locals);
  switch (node.kind) {
    case "const":
      return node.value;
    case "name":
      if (node.id in locals) return locals[node.id];
      if (node.id in BUILTINS) return BUILTINS[node.id];
      throw new GuardSyntaxError(`name '${node.id}' is not defined`);
    case "attr":
      return attribute(ev(node.value), node.attr);
    case "subscript":
      return subscript(ev(node.value), ev(node.index));
    case "call": {
      const f = ev(node.func);
      if (typeof f !== "function") throw new GuardAttributeError(`'${pyTypeName(f)}' object is not callable`);
      return (f as (...a: PyValue[]) => PyValue)(...node.args.map(ev));
    }
    case "unary": {
      const v = ev(node.operand);
      if (node.op === "not") return !truthy(v);
      if (v instanceof SymInt) return node.op === "-" ? v.neg() : v;
      return node.op === "-" ? -(v as number) : +(v as number);
    }
    case "binop":
      const [a, b] = [ev(node.left), ev(node.right)];
      // A re-export runs the guards on fake inputs: symbolic sizes stay symbolic.
      if (a instanceof SymInt || b instanceof SymInt) return symBinop(node.op, a as SymNumber, b as SymNumber);
      return binop(node.op, a as number, b as number);
    case "boolop": {
      let v: PyValue = null;
      for (const value of node.values) {
        v = ev(value);
        if (node.op === "and" ? !truthy(v) : truthy(v)) return v;
      }
      return v;
    }
    case "compare": {
      let left = ev(node.left);
      for (let k = 0; k < node.ops.length; k++) {
        const right = ev(node.comparators[k]!);
        if (!compare(node.ops[k]!, left, right)) return false;
        left = right;
      }
      return true;
    }
  }
}

function truthy(v: PyValue): boolean {
  return !(v === false || v === 0 || v === null || v === undefined || v === "");
}

function binop(op: BinOp, a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "//":
      return Math.floor(a / b);
    case "%":
      return a - b * Math.floor(a / b);
    case "**":
      return a ** b;
  }
}

function symBinop(op: BinOp, a: SymNumber, b: SymNumber): PyValue {
  switch (op) {
    case "+":
      return operator.add(a, b);
    case "-":
      return operator.sub(a, b);
    case "*":
      return operator.mul(a, b);
    case "/":
      return operator.truediv(a, b);
    case "//":
      return operator.floordiv(a, b);
    case "%":
      return operator.mod(a, b);
    case "**":
      return operator.pow(a, b as number);
  }
}

const SYM_COMPARE: Record<CmpOp, (a: SymNumber, b: SymNumber) => boolean | SymBool> = {
  "==": operator.eq,
  "!=": operator.ne,
  "<": operator.lt,
  "<=": operator.le,
  ">": operator.gt,
  ">=": operator.ge,
};

function compare(op: CmpOp, a: PyValue, b: PyValue): boolean {
  // On symbolic sizes the comparison is decided as bool() decides it: by guarding.
  if (a instanceof SymInt || b instanceof SymInt) return guardBool(SYM_COMPARE[op](a as SymNumber, b as SymNumber));
  switch (op) {
    case "==":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return (a as number) < (b as number);
    case "<=":
      return (a as number) <= (b as number);
    case ">":
      return (a as number) > (b as number);
    case ">=":
      return (a as number) >= (b as number);
  }
}

// Tensor methods guard code calls; anything else is Python's AttributeError.
function attribute(obj: PyValue, attr: string): PyValue {
  if (obj instanceof Tensor) {
    if (attr === "size") return () => Object.freeze([...obj.shape]); // torch.Size, a tuple
    if (attr === "stride") return () => Object.freeze([...obj._stride]);
    if (attr === "storage_offset") return () => obj._offset;
  }
  if (typeof obj === "object" && obj !== null && !Array.isArray(obj) && attr in obj) return (obj as Record<string, PyValue>)[attr];
  throw new GuardAttributeError(`'${pyTypeName(obj)}' object has no attribute '${attr}'`);
}

function subscript(obj: PyValue, index: PyValue): PyValue {
  if (Array.isArray(obj) && typeof index === "number") {
    const k = index < 0 ? obj.length + index : index;
    if (k < 0 || k >= obj.length) throw new GuardIndexError(`${pyTypeName(obj)} index out of range`);
    return obj[k];
  }
  if (obj instanceof Map) return obj.get(index);
  if (typeof obj === "object" && obj !== null && typeof index === "string") return (obj as Record<string, PyValue>)[index];
  throw new GuardAttributeError(`'${pyTypeName(obj)}' object is not subscriptable`);
}

/** Python's type name of a value, for error messages. */
export function pyTypeName(v: PyValue): string {
  if (v === null || v === undefined) return "NoneType";
  if (v instanceof Tensor) return "Tensor";
  if (typeof v === "number") return Number.isInteger(v) ? "int" : "float";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "str";
  if (Array.isArray(v)) return Object.isFrozen(v) ? "tuple" : "list";
  if (v instanceof Map) return "dict";
  return (v as object).constructor?.name === "Object" ? "dict" : ((v as object).constructor?.name ?? "object");
}

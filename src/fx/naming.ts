// FX's naming rules (torch/fx/graph.py `_Namespace`): one namespace per graph turns candidates
// into unique Python identifiers. `add`, `add_1`, ...; a name that would shadow a Python
// keyword or builtin gets a suffix (`sum` -> `sum_1`); illegal characters become `_`
// (`_assert_scalar.default` -> `_assert_scalar_default`); a candidate that already ends in
// `_<n>` keeps its number when free (`sym_size_int_4`).

const KEYWORDS = [
  "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
  "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
  "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
  "with", "yield",
];

// `builtins.__dict__` of CPython 3.12 (the reference corpus was produced with 3.12.3).
const BUILTINS = [
  "ArithmeticError", "AssertionError", "AttributeError", "BaseException", "BaseExceptionGroup",
  "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
  "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError",
  "DeprecationWarning", "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception",
  "ExceptionGroup", "FileExistsError", "FileNotFoundError", "FloatingPointError", "FutureWarning",
  "GeneratorExit", "IOError", "ImportError", "ImportWarning", "IndentationError", "IndexError",
  "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt", "LookupError",
  "MemoryError", "ModuleNotFoundError", "NameError", "NotADirectoryError", "NotImplemented",
  "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning",
  "PermissionError", "ProcessLookupError", "RecursionError", "ReferenceError", "ResourceWarning",
  "RuntimeError", "RuntimeWarning", "StopAsyncIteration", "StopIteration", "SyntaxError",
  "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TimeoutError", "TypeError",
  "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError",
  "UnicodeTranslateError", "UnicodeWarning", "UserWarning", "ValueError", "Warning",
  "ZeroDivisionError", "__build_class__", "__debug__", "__doc__", "__import__", "__loader__",
  "__name__", "__package__", "__spec__", "abs", "aiter", "all", "anext", "any", "ascii", "bin",
  "bool", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile",
  "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval",
  "exec", "exit", "filter", "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash",
  "help", "hex", "id", "input", "int", "isinstance", "issubclass", "iter", "len", "license", "list",
  "locals", "map", "max", "memoryview", "min", "next", "object", "oct", "open", "ord", "pow",
  "print", "property", "quit", "range", "repr", "reversed", "round", "set", "setattr", "slice",
  "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip",
];

/** Globals every generated forward() has (FX `_custom_builtins`). */
export const CUSTOM_BUILTINS = ["inf", "nan", "NoneType", "torch", "device", "fx_pytree", "pytree"];

/** Each illegal name maps to a token standing for the Python object of that name. */
const ILLEGAL = new Map<string, object>();
for (const name of [...KEYWORDS, ...BUILTINS, ...CUSTOM_BUILTINS]) ILLEGAL.set(name, { builtin: name });

/** The token of a builtin name, for registering the builtin itself in a namespace. */
export function builtinToken(name: string): object | undefined {
  return ILLEGAL.get(name);
}

const NAME_RE = /^([a-zA-Z_][0-9a-zA-Z_]*?)(?:_(\d+))?$/;

/** A legal candidate split into base and numeric suffix (null: illegal as written). */
type Parsed = readonly [base: string, num: string | undefined] | null;

// Candidates repeat a lot (target names, node names across graphs): parse each once.
const parsedCache = new Map<string, Parsed>();

function parse(candidate: string): Parsed {
  let p = parsedCache.get(candidate);
  if (p === undefined) {
    const m = NAME_RE.exec(candidate);
    p = m === null ? null : [m[1]!, m[2]];
    if (parsedCache.size > 50_000) parsedCache.clear(); // bound the cache
    parsedCache.set(candidate, p);
  }
  return p;
}
const ILLEGAL_CHARS = /[^0-9a-zA-Z_]+/g;

/** FX `_snake_case`: `pascalCase` -> `pascal_case`, then lower case. */
export function snakeCase(s: string): string {
  return s.replace(/(?<=[a-z])([A-Z])/g, "_$1").toLowerCase();
}

/** FX `_is_magic`: `__add__`. */
export function isMagic(s: string): boolean {
  return s.startsWith("__") && s.endsWith("__");
}

export class Namespace {
  private readonly objToName = new Map<object, string>();
  private readonly usedNames = new Set<string>();
  private readonly baseCount = new Map<string, number>();

  /** A unique, legal name based on `candidate`; `obj` (if given) keeps the name it got first. */
  createName(candidate: string, obj: object | null): string {
    if (obj !== null) {
      const known = this.objToName.get(obj);
      if (known !== undefined) return known;
    }
    let m = parse(candidate);
    if (m === null) {
      candidate = candidate.replace(ILLEGAL_CHARS, "_");
      if (candidate === "") candidate = "_unnamed";
      if (candidate.charCodeAt(0) >= 48 && candidate.charCodeAt(0) <= 57) candidate = `_${candidate}`;
      m = parse(candidate)!;
    }
    const base = m[0];
    let num: number;
    if (m[1] === undefined || this.usedNames.has(candidate)) {
      num = this.baseCount.get(candidate) ?? 0;
      const illegal = ILLEGAL.get(candidate);
      if (illegal !== undefined && illegal !== obj) {
        num += 1;
        candidate = `${base}_${num}`;
      }
    } else {
      num = Number(m[1]);
    }
    while (this.usedNames.has(candidate)) {
      num += 1;
      candidate = `${base}_${num}`;
    }
    this.usedNames.add(candidate);
    this.baseCount.set(base, num);
    if (obj !== null) this.objToName.set(obj, candidate);
    return candidate;
  }

  /**
   * `name` itself when it is a free, legal identifier; otherwise what createName makes of it.
   * (PyTorch's placeholder naming assigns `node.name` directly, so `forward(self, input)` keeps
   * `input` there; pt2js suffixes a builtin's name, as every graph copy it makes would.)
   */
  claim(name: string): string {
    const m = this.usedNames.has(name) || ILLEGAL.has(name) ? null : parse(name);
    if (m === null || m === undefined) return this.createName(name, null);
    this.usedNames.add(name);
    this.baseCount.set(m[0], m[1] === undefined ? (this.baseCount.get(m[0]) ?? 0) : Number(m[1]));
    return name;
  }

  /** Whether `name` has been handed out (names of erased nodes stay taken, as in FX). */
  has(name: string): boolean {
    return this.usedNames.has(name);
  }
}

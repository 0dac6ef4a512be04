// The names of forward's parameters, which PyTorch reads with inspect.signature: they name the
// user-input placeholders (`x`, `pair_0`) and the symbol sources (`L['x'].size()[0]` → s77).
// JavaScript has no signature object, so we read the function's source text. Minified code loses
// the names; a module can then declare them: `forwardArgNames = ["x", "y"]`.
import { UserError } from "./errors.js";

export interface ForwardParameter {
  name: string;
  /** Has a default value (`y = 1`); may be left out of the call. */
  optional: boolean;
  /** A rest parameter (`...xs`), Python's *args. */
  rest: boolean;
  /**
   * For a trailing object pattern (`forward(x, { start, end })`): its keys, Python's keyword-only
   * parameters (`def forward(self, x, *, start, end)`). The entry itself takes the options object
   * and has no name of its own ("").
   */
  keywordOnly?: readonly string[];
}

/** The parameters of `fn` (a method, function or arrow function), in order. */
export function parameterList(fn: (...args: never[]) => unknown, override?: readonly string[]): ForwardParameter[] {
  if (override) return withDeclaredNames(fn, override);
  const source = Function.prototype.toString.call(fn);
  const text = parameterText(source);
  if (text === null) {
    throw new UserError(
      `pt2js could not read the parameter names of ${fn.name || "forward"} from its source; ` +
        "declare them on the module: forwardArgNames = [\"x\", ...]",
    );
  }
  const parts = splitTopLevel(text)
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  return parts.map((part, index) => {
      const rest = part.startsWith("...");
      const body = rest ? part.slice(3).trim() : part;
      const eq = topLevelIndex(body, "=");
      const name = (eq < 0 ? body : body.slice(0, eq)).trim();
      // The last parameter as an object pattern: the options object holding Python's keyword-only
      // arguments, named by the pattern's keys (they survive minification, being property names).
      const keys = !rest && index === parts.length - 1 ? patternKeys(name) : null;
      if (keys !== null) return { name: "", optional: eq >= 0, rest: false, keywordOnly: keys };
      if (!/^[A-Za-z_$][\w$]*$/.test(name)) {
        throw new UserError(
          `pt2js cannot name the forward parameter \`${name}\` (destructuring has no Python counterpart); ` +
            "take a plain parameter, or declare forwardArgNames on the module",
        );
      }
      return { name, optional: eq >= 0, rest };
    });
}

// forwardArgNames: the declared names, positional first; when forward ends in an object pattern
// whose keys are the declared names after the positional ones, those stay keyword-only.
function withDeclaredNames(fn: (...args: never[]) => unknown, names: readonly string[]): ForwardParameter[] {
  const plain = names.map((name) => ({ name, optional: false, rest: false }));
  let read: ForwardParameter[];
  try {
    read = parameterList(fn);
  } catch {
    return plain;
  }
  const last = read[read.length - 1];
  const keys = last?.keywordOnly;
  if (keys === undefined) return plain;
  const positional = read.length - 1;
  const tail = names.slice(positional);
  if (tail.length !== keys.length || !tail.every((k) => keys.includes(k))) return plain;
  return [...plain.slice(0, positional), { ...last! }];
}

// `{ x, y = 1, z: alias }` → ["x", "y", "z"]; null when `pattern` is not an object pattern or has
// a computed key or a rest element (`...others` is Python's **kwargs, not a named parameter).
function patternKeys(pattern: string): string[] | null {
  if (!pattern.startsWith("{") || !pattern.endsWith("}")) return null;
  const keys: string[] = [];
  for (const raw of splitTopLevel(pattern.slice(1, -1))) {
    const part = raw.trim();
    if (part.length === 0) continue;
    const colon = topLevelIndex(part, ":");
    const eq = topLevelIndex(part, "=");
    const end = [colon, eq].filter((i) => i >= 0);
    const key = (end.length > 0 ? part.slice(0, Math.min(...end)) : part).trim();
    const quoted = /^(['"])(.*)\1$/.exec(key);
    if (quoted) keys.push(quoted[2]!);
    else if (/^[A-Za-z_$][\w$]*$/.test(key)) keys.push(key);
    else return null;
  }
  return keys;
}

// The text between the parentheses that open the parameter list, or the bare parameter of `x => ...`.
function parameterText(source: string): string | null {
  const stripped = stripComments(source);
  const open = stripped.indexOf("(");
  const arrow = stripped.indexOf("=>");
  if (arrow >= 0 && (open < 0 || arrow < open)) {
    const bare = stripped.slice(0, arrow).trim().replace(/^async\s+/, "");
    return /^[A-Za-z_$][\w$]*$/.test(bare) ? bare : null;
  }
  if (open < 0) return null;
  let depth = 0;
  for (let i = open; i < stripped.length; i++) {
    const c = stripped[i];
    if (c === "'" || c === '"' || c === "`") {
      i = skipString(stripped, i);
      continue;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") {
      depth--;
      if (depth === 0) return stripped.slice(open + 1, i);
    }
  }
  return null;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === "`") i = skipString(text, i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function topLevelIndex(text: string, char: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" || c === '"' || c === "`") i = skipString(text, i);
    else if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === char && depth === 0 && text[i + 1] !== ">") return i;
  }
  return -1;
}

// Index of the closing quote of the string starting at `start`.
function skipString(text: string, start: number): number {
  const quote = text[start];
  for (let i = start + 1; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === quote) return i;
  }
  return text.length;
}

function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, " ");
}

/**
 * What to add to PyTorch's "top-level keys must be the arg names" error when the names pt2js read
 * look renamed: same count, none in common (a bundler or minifier rewrote `forward(x)` as
 * `forward(e)` or `forward(x2)`). Empty otherwise, so PyTorch's own text stays exact.
 */
export function renamedParametersNote(names: readonly string[], keys: readonly string[]): string {
  if (names.length === 0 || names.length !== keys.length || keys.some((k) => names.includes(k))) return "";
  const positional = `[${keys.map((k) => `<spec of ${k}>`).join(", ")}]`;
  const declared = `forwardArgNames = [${keys.map((k) => JSON.stringify(k)).join(", ")}]`;
  // Short: an uncaught export error (PyTorch's text, this note, the stack) stays under 2 KB.
  return (
    ` (pt2js note: forward's parameter names are read from its source text or the module's forwardArgNames. ` +
    `A bundler or minifier renames parameters. Fix: pass dynamic_shapes positionally, ${positional}, ` +
    `declare ${declared} on the module class, or turn off identifier renaming.)`
  );
}


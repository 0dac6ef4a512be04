// DimConstraints.prettify_results: turns the solver's static/dynamic result strings into the
// "Suggested fixes" block, with PyTorch's string-level quirks (plain `str.replace` of source
// names by Dim names, sorting by source name, derived-dim root handling).

/** A user Dim as export's `_get_dim_name_mapping` sees it. Derived dims are `a * root + b`. */
export interface DimSpec {
  name: string;
  /** Dim min (PyTorch's default is 0). */
  min: number;
  /** Dim max; Infinity for int_oo. */
  max: number;
  /** For a derived Dim: its root Dim and the increasing linear map root -> a*root + b. */
  derived?: { root: DimSpec; a: number; b: number };
}

/** a*root + b (a sympy expression of one symbol, as `sympify` of a suggested fix). */
export interface Linear {
  root: string;
  a: number;
  b: number;
}

type Value = number | Linear;

interface Fix {
  min?: number;
  max?: number;
  eq?: Value;
}

/** sympify(text) for the linear forms the solver prints (`1 + dy`, `(-1) + 3*_dx`, `2*_h`);
 * null when it is not one (a raw source such as `L['x'].size()[0]`). */
export function parseLinear(text: string): Value | null {
  const terms = text.replace(/\s+/g, "").replace(/\((-?\d+)\)/g, "$1").replace(/-/g, "+-").split("+");
  let root: string | null = null;
  let a = 0;
  let b = 0;
  for (const raw of terms) {
    if (raw === "") continue;
    if (/^-?\d+$/.test(raw)) {
      b += Number(raw);
      continue;
    }
    const m = /^(-?\d+)\*([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw) ?? /^(-?)([A-Za-z_][A-Za-z0-9_]*)$/.exec(raw);
    if (!m) return null;
    const coeff = m[1] === "" ? 1 : m[1] === "-" ? -1 : Number(m[1]);
    if (root !== null && root !== m[2]) return null;
    root = m[2];
    a += coeff;
  }
  if (root === null || a === 0) return b;
  return { root, a, b };
}

/** sympy str of a*root + b: `2*_h`, `dy + 1`, `3*_dx - 1`, `dx`. */
export function linearToString(v: Value): string {
  if (typeof v === "number") return String(v);
  let s = v.a === 1 ? v.root : v.a === -1 ? `-${v.root}` : `${v.a}*${v.root}`;
  if (v.b > 0) s += ` + ${v.b}`;
  else if (v.b < 0) s += ` - ${-v.b}`;
  return s;
}

function isLinear(v: Value | undefined): v is Linear {
  return typeof v === "object" && v !== null;
}

function isPlainDim(d: DimSpec | undefined): boolean {
  return d !== undefined && d.derived === undefined;
}

/** `_get_dim_name_mapping`: every Dim by name, derived dims' roots included. */
export function dimNameMapping(dims: readonly DimSpec[]): Map<string, DimSpec> {
  const out = new Map<string, DimSpec>();
  for (const d of dims) {
    out.set(d.name, d);
    if (d.derived) out.set(d.derived.root.name, d.derived.root);
  }
  return out;
}

function flip(op: string): string {
  return op === "<=" ? ">=" : op === ">=" ? "<=" : op === "<" ? ">" : op === ">" ? "<" : op;
}

function isDigits(s: string): boolean {
  return /^\d+$/.test(s);
}

function sameRange(c: Fix, dim: DimSpec | undefined): boolean {
  if (!isPlainDim(dim) || (c.min === undefined && c.max === undefined)) return false;
  const cmin = c.min ?? 2;
  return ((dim!.min < 2 && cmin === 2) || dim!.min === cmin) && dim!.max === (c.max ?? Infinity);
}

/** _process_derived_dim_roots: new roots from congruences, and root swapping. */
function processDerivedDimRoots(results: Map<string, Fix>, nameToDim: Map<string, DimSpec>): void {
  const introduced = new Map<string, string>(); // new root -> old root
  for (const [k, c] of [...results]) {
    if (!isLinear(c.eq) || nameToDim.has(c.eq.root)) continue;
    const root = c.eq.root;
    introduced.set(root, k);
    const modulus = c.eq.a;
    const remainder = c.eq.b;
    const min = Math.ceil(((c.min ?? 2) - remainder) / modulus);
    const max = Math.floor(((c.max ?? Infinity) - remainder) / modulus);
    results.set(root, { min, max });
    nameToDim.set(root, { name: root, min, max });
    delete c.min;
    delete c.max;
  }
  for (const oldRoot of introduced.values()) {
    const def = results.get(oldRoot)?.eq;
    if (!isLinear(def)) continue;
    for (const c of results.values()) {
      if (isLinear(c.eq) && c.eq.root === oldRoot) {
        c.eq = { root: def.root, a: c.eq.a * def.a, b: c.eq.a * def.b + c.eq.b };
      }
    }
  }

  const modified = new Set<string>();
  for (const [k, c] of results) {
    const dim = nameToDim.get(k);
    if (dim === undefined) continue;
    if (isPlainDim(dim) && (c.min !== undefined || c.max !== undefined)) modified.add(k);
    else if (isLinear(c.eq)) modified.add(c.eq.root);
  }
  for (const r of introduced.keys()) modified.delete(r);

  const modifiedValues = new Map<string, Fix>();
  for (const mroot of modified) {
    let swapped = true;
    const c = results.get(mroot);
    if (c !== undefined && (c.min !== undefined || c.max !== undefined || typeof c.eq === "number")) {
      if (!sameRange(c, nameToDim.get(mroot))) modifiedValues.set(mroot, c);
      swapped = false;
    }
    if (!swapped) continue;
    for (const [k, c2] of results) {
      const dim = nameToDim.get(k);
      if (dim?.derived === undefined || dim.derived.root.name !== mroot) continue;
      if (c2.min === undefined && c2.max === undefined) continue;
      const { a, b } = dim.derived;
      const result: Fix = { min: ((c2.min ?? NaN) - b) / a, max: ((c2.max ?? NaN) - b) / a };
      if (!sameRange(result, nameToDim.get(mroot))) {
        modifiedValues.set(mroot, result);
        break;
      }
    }
  }
  for (const k of [...results.keys()]) {
    const dim = nameToDim.get(k);
    if (dim === undefined) continue;
    if (dim.derived !== undefined || modified.has(k)) results.delete(k);
  }
  for (const [k, v] of modifiedValues) results.set(k, v);
}

function rangeText(v: number): string {
  return v === Infinity ? "int_oo" : String(v);
}

/** prettify_results: the text appended to the violation block ("" when there are no Dim
 * names, i.e. only Dim hints were used). */
export function prettifyResults(
  debugNames: ReadonlyMap<string, string>,
  dims: readonly DimSpec[],
  staticResults: readonly string[],
  dynamicResults: readonly string[],
  forced: ReadonlyMap<string, number>,
): string {
  if (debugNames.size === 0) return "";
  const transform = (s: string, inverse = false): string => {
    for (const [k, v] of debugNames) s = inverse ? s.split(v).join(k) : s.split(k).join(v);
    return s;
  };
  const results = new Map<string, Fix>();
  const entry = (k: string): Fix => {
    let c = results.get(k);
    if (c === undefined) results.set(k, (c = {}));
    return c;
  };
  const withDigit = (expr: string, op: string, digit: number): void => {
    const c = entry(expr);
    if (op === "<=") c.max = digit;
    else if (op === "<") c.max = digit - 1;
    else if (op === ">=") c.min = digit;
    else if (op === ">") c.min = digit + 1;
    else c.eq = digit;
  };
  const nameToDim = dimNameMapping(dims);

  for (const s of [...staticResults, ...dynamicResults]) {
    const t = transform(s);
    if (t === s) continue;
    const parts = t.split(/( == | <= | >= | < | > )/);
    if (parts.length !== 3) continue;
    const [left, rawOp, right] = parts;
    const op = rawOp.trim();
    if (op === "==" && left === right) continue;
    if (isDigits(right)) withDigit(left, op, Number(right));
    else if (isDigits(left)) withDigit(right, flip(op), Number(left));
    else if (op === "==") {
      const v = parseLinear(right);
      if (v !== null) entry(left).eq = v;
    }
  }

  const forcedSorted = [...forced].sort(([a], [b]) => cmp(a.split(" = ")[1] ?? a, b.split(" = ")[1] ?? b));
  let buf = "";
  if (forcedSorted.length > 0) {
    const names = new Set<string>();
    for (const [k] of forcedSorted) {
      const dim = nameToDim.get(k.split(" = ")[0]);
      if (dim) names.add(dim.derived ? dim.derived.root.name : dim.name);
    }
    buf +=
      `Specializations unexpectedly required (${[...names].sort(cmp).join(", ")})! ` +
      'For more information, run with TORCH_LOGS="+dynamic".\n';
    for (const [s, val] of forcedSorted) {
      buf += `  - solving the guards generated for ${s} resulted in a specialized value of ${val}.\n`;
    }
  }

  processDerivedDimRoots(results, nameToDim);

  const dimsOut: string[] = [];
  const others: string[] = [];
  const keys = [...results.keys()].sort((a, b) => cmp(transform(a, true), transform(b, true)));
  for (const k of keys) {
    const c = results.get(k)!;
    if (c.eq !== undefined) {
      others.push(`${k} = ${linearToString(c.eq)}`);
      continue;
    }
    const min = c.min === 2 ? undefined : c.min;
    const max = c.max;
    if (min !== undefined && max !== undefined) dimsOut.push(`${k} = Dim('${k}', min=${rangeText(min)}, max=${rangeText(max)})`);
    else if (min !== undefined) dimsOut.push(`${k} = Dim('${k}', min=${rangeText(min)})`);
    else if (max !== undefined) dimsOut.push(`${k} = Dim('${k}', max=${rangeText(max)})`);
    else dimsOut.push(`${k} = Dim('${k}')`);
  }
  if (dimsOut.length > 0 || others.length > 0) {
    buf += "\nSuggested fixes:\n  " + [...dimsOut, ...others].join("\n  ");
  }
  return buf;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


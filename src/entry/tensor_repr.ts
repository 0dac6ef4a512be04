// PyTorch's tensor repr (torch/_tensor_str.py, default print options: precision 4, linewidth 80,
// threshold 1000, edgeitems 3) for util.inspect / console.log. Tensor.toString stays as it is.
import type { Tensor } from "../tensor/index.js";

type Nested = number | boolean | Nested[];
const PREFIX = "tensor(";
const THRESHOLD = 1000;
const EDGE = 3;
const LINEWIDTH = 80;

interface TensorLike {
  shape: readonly unknown[];
  dtype: { name: string; toString(): string };
  is_fake?: boolean;
  requires_grad?: boolean;
  tolist(): Nested;
  toString(): string;
}

/** `repr(t)` as PyTorch prints it. */
export function tensorRepr(tensor: Tensor): string {
  const t = tensor as unknown as TensorLike;
  if (t.is_fake || !t.shape.every((d) => typeof d === "number")) return t.toString();
  const shape = t.shape as number[];
  const dtype = t.dtype.name;
  const numel = shape.reduce((a, b) => a * b, 1);
  const suffixes: string[] = [];
  let body: string;
  if (numel === 0) {
    body = "[]";
    if (shape.length !== 1) suffixes.push(`size=(${shape.join(", ")}${shape.length === 1 ? "," : ""})`);
  } else {
    const summarize = numel > THRESHOLD;
    const data = t.tolist();
    const fmt = formatter(dtype, collect(data, shape, summarize));
    body = render(data, shape, 0, PREFIX.length, fmt, summarize);
  }
  if (!["float32", "int64", "bool"].includes(dtype)) suffixes.push(`dtype=${String(t.dtype)}`);
  if (t.requires_grad) suffixes.push("requires_grad=True");
  return `${PREFIX}${body}${suffixes.map((s) => `, ${s}`).join("")})`;
}

// The values the formatter sizes itself on: all of them, or only the shown edges when summarized.
function collect(data: Nested, shape: number[], summarize: boolean, out: (number | boolean)[] = []): (number | boolean)[] {
  if (!Array.isArray(data)) {
    out.push(data);
    return out;
  }
  const n = data.length;
  const idx = summarize && n > 2 * EDGE ? [...range(0, EDGE), ...range(n - EDGE, n)] : range(0, n);
  for (const i of idx) collect(data[i]!, shape.slice(1), summarize, out);
  return out;
}

function range(a: number, b: number): number[] {
  return Array.from({ length: Math.max(0, b - a) }, (_, i) => a + i);
}

interface Formatter {
  width: number;
  format(v: number | boolean): string;
}

function formatter(dtype: string, values: (number | boolean)[]): Formatter {
  let format: (v: number | boolean) => string;
  if (dtype === "bool") format = (v) => (v ? "True" : "False");
  else if (!dtype.startsWith("float") && dtype !== "bfloat16") format = (v) => String(v);
  else {
    const finite = (values as number[]).filter((v) => Number.isFinite(v));
    const nonzero = finite.map(Math.abs).filter((v) => v !== 0);
    const intMode = finite.every((v) => Math.ceil(v) === v);
    const max = nonzero.length ? Math.max(...nonzero) : 0;
    const min = nonzero.length ? Math.min(...nonzero) : 0;
    const sci = nonzero.length > 0 && (intMode ? max > 1e8 : max / min > 1000 || max > 1e8 || min < 1e-4);
    format = (v) => {
      const x = v as number;
      if (Number.isNaN(x)) return "nan";
      if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
      if (sci) return pyExp(x);
      if (intMode) return `${(Object.is(x, -0) ? "-" : "") + Math.abs(x).toFixed(0)}.`;
      return x.toFixed(4);
    };
  }
  const width = Math.max(...values.map((v) => format(v).length));
  return { width, format: (v) => format(v).padStart(width) };
}

// Python's "{:.4e}": two exponent digits at least (1.0000e-05).
function pyExp(x: number): string {
  const [mant, exp] = x.toExponential(4).split("e");
  const sign = exp!.startsWith("-") ? "-" : "+";
  return `${mant}e${sign}${exp!.replace(/^[+-]/, "").padStart(2, "0")}`;
}

function render(data: Nested, shape: number[], depth: number, indent: number, fmt: Formatter, summarize: boolean): string {
  if (!Array.isArray(data)) return fmt.format(data);
  const n = data.length;
  const cut = summarize && n > 2 * EDGE;
  if (shape.length - depth === 1) {
    const items = (cut ? [...data.slice(0, EDGE), null, ...data.slice(n - EDGE)] : data).map((v) =>
      v === null ? " ..." : fmt.format(v as number | boolean),
    );
    const perLine = Math.max(1, Math.floor((LINEWIDTH - indent) / (fmt.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
    return `[${lines.join(`,\n${" ".repeat(indent + 1)}`)}]`;
  }
  const rest = shape.length - depth - 1;
  const sep = `,${"\n".repeat(rest)}${" ".repeat(indent + 1)}`;
  const parts = (cut ? [...data.slice(0, EDGE), null, ...data.slice(n - EDGE)] : data).map((d) =>
    d === null ? "..." : render(d, shape, depth + 1, indent + 1, fmt, summarize),
  );
  return `[${parts.join(sep)}]`;
}

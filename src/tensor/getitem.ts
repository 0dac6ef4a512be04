// Python indexing for JavaScript: x.at("1:, None, ..., 0") or x.at(1, ":", null, idx) does what
// x[1:, None, ..., 0] / x[1, :, None, idx] does in PyTorch, op for op (select, slice with
// start 0 / stop INT64_MAX for open bounds, unsqueeze, then one index.Tensor for tensor indices).
import { Tensor } from "./tensor.js";
import { tensor } from "./factories.js";
import { int64, bool, uint8 } from "./dtype.js";
import { callT } from "../ops/call.js";
import { INT64_MAX } from "../ops/constants.js";
import { TorchIndexError, TorchTypeError } from "../ops/errors.js";
import type { Size } from "../ops/size.js";
import { SymInt } from "../symbolic/symint.js";
import { Expr } from "../core/expr.js";

/** One index item: an int (select), a slice string "a:b:c", "..." / Ellipsis, null / "None" (new axis), a tensor, a boolean. */
export type IndexItem = number | SymInt | string | null | Tensor | boolean | { start?: Size | null; stop?: Size | null; step?: number | null };

interface Slice { kind: "slice"; start: Size | null; stop: Size | null; step: number }
type Parsed = { kind: "int"; v: Size } | Slice | { kind: "ellipsis" } | { kind: "none" } | { kind: "tensor"; t: Tensor } | { kind: "bool"; v: boolean };

function parseText(part: string): Parsed {
  const s = part.trim();
  if (s === "...") return { kind: "ellipsis" };
  if (s === "None") return { kind: "none" };
  if (s === "True" || s === "False") return { kind: "bool", v: s === "True" };
  if (s.includes(":")) {
    const [a, b, c] = s.split(":").map((x) => x.trim());
    const num = (x: string | undefined) => {
      if (x === undefined || x === "") return null;
      if (!/^-?\d+$/.test(x)) throw new TorchTypeError(`at(): cannot parse slice bound '${x}'`);
      return Number(x);
    };
    const step = num(c) ?? 1;
    if (step <= 0) throw new TorchTypeError("step must be greater than zero");
    return { kind: "slice", start: num(a), stop: num(b), step };
  }
  if (/^-?\d+$/.test(s)) return { kind: "int", v: Number(s) };
  throw new TorchTypeError(`at(): cannot parse index '${part}'`);
}

function parseItem(it: IndexItem): Parsed[] {
  if (it === null) return [{ kind: "none" }];
  if (typeof it === "string") return it.split(",").map(parseText);
  if (typeof it === "number") return [{ kind: "int", v: it }];
  if (it instanceof SymInt) return [{ kind: "int", v: it }]; // x[i], i an item() or a size
  if (typeof it === "boolean") return [{ kind: "bool", v: it }];
  if (it instanceof Tensor) return [{ kind: "tensor", t: it }];
  return [{ kind: "slice", start: it.start ?? null, stop: it.stop ?? null, step: it.step ?? 1 }];
}

/** TORCH_STATICALLY_KNOWN_TRUE(start == 0) && TORCH_STATICALLY_KNOWN_TRUE(length <= stop) && step == 1. */
function coversDim(length: Size, p: Slice): boolean {
  if (p.step !== 1 || !(p.start === null || p.start === 0)) return false;
  if (p.stop === null) return true; // sys.maxsize
  const stop = p.stop;
  if (typeof length === "number" && typeof stop === "number") return length <= stop;
  // statically_known_true, without recording the comparison in the graph (it is not the user's)
  const env = (typeof length === "number" ? (stop as SymInt) : length).env;
  const lift = (x: Size) => (typeof x === "number" ? Expr.int(x) : x.expr);
  return env.staticallyKnown(lift(length).le(lift(stop))) === true;
}

/** Basic indexing (select/slice/unsqueeze) and the collected tensor indices, as applySlicing does. */
function applySlicing(self: Tensor, items: readonly IndexItem[]): { result: Tensor; tensorIdx: (Tensor | null)[] } {
  const parsed = items.flatMap(parseItem);
  // Dimensions the index consumes (everything but ellipsis and None; a mask consumes its dims).
  let specified = 0;
  for (const p of parsed) {
    if (p.kind === "tensor") specified += p.t.dtype === bool || p.t.dtype === uint8 ? p.t.ndim : 1;
    else if (p.kind === "int" || p.kind === "slice") specified++;
  }
  if (specified > self.ndim) throw new TorchIndexError(`too many indices for tensor of dimension ${self.ndim}`);
  let result = self;
  let dim = 0;
  const tensorIdx: (Tensor | null)[] = [];
  const record = (t: Tensor) => {
    while (tensorIdx.length < dim) tensorIdx.push(null);
    tensorIdx[dim] = t;
    dim++;
  };
  parsed.forEach((p, realDim) => {
    switch (p.kind) {
      case "int": {
        const size = result.shape[dim]!;
        if (typeof size === "number" && typeof p.v === "number" && !(size >= -p.v && size > p.v)) {
          throw new TorchIndexError(`index ${p.v} is out of bounds for dimension ${realDim} with size ${size}`);
        }
        result = callT("select.int", [result, dim, p.v]);
        break;
      }
      case "slice":
      {
        // applySlice: a slice that statically covers the whole dim (start 0, step 1, length <= stop:
        // `:`, `0:n` on a size-n dim) returns self and records nothing.
        if (coversDim(result.shape[dim]!, p)) {
          dim++;
          break;
        }
        // With a symbolic bound, an omitted one stays None (x[:k] is slice(x, 0, None, k)).
        const symbolic = (typeof p.start === "object" && p.start !== null) || (typeof p.stop === "object" && p.stop !== null);
        const start = p.start ?? (symbolic ? null : 0);
        const stop = p.stop ?? (symbolic ? null : INT64_MAX);
        result = callT("slice.Tensor", p.step === 1 ? [result, dim, start, stop] : [result, dim, start, stop, p.step]);
      }
        dim++;
        break;
      case "ellipsis":
        dim += self.ndim - specified;
        break;
      case "none":
        result = callT("unsqueeze.default", [result, dim]);
        dim++;
        break;
      case "bool":
        result = callT("unsqueeze.default", [result, dim]);
        record(Tensor.fromStorage(new Float64Array(p.v ? 1 : 0), [p.v ? 1 : 0], int64));
        break;
      case "tensor":
        record(p.t);
        break;
    }
  });
  return { result, tensorIdx };
}

/** x[items...] with PyTorch's op sequence. */
export function getitem(self: Tensor, ...items: IndexItem[]): Tensor {
  const { result, tensorIdx } = applySlicing(self, items);
  if (tensorIdx.length === 0) {
    // PyTorch returns an alias rather than self for x[...] / x[:] style results.
    return result === self ? callT("alias.default", [self]) : result;
  }
  return callT("index.Tensor", [result, tensorIdx]);
}

/** x[items...] = value, as THPVariable_setitem does it (fill_/copy_ on the view, or index_put_). */
export function setitem(self: Tensor, items: readonly IndexItem[], value: Tensor | number | boolean): void {
  const { result, tensorIdx } = applySlicing(self, items);
  if (tensorIdx.length > 0) {
    const v = value instanceof Tensor ? value : tensor([value as number], { dtype: self.dtype }).view([]);
    callT("index_put_.default", [result, tensorIdx, v]);
    return;
  }
  if (!(value instanceof Tensor)) {
    callT("fill_.Scalar", [result, value]);
    return;
  }
  const same = value.ndim === result.ndim && value.shape.every((d, i) => d === result.shape[i]);
  if (same) callT("copy_.default", [result, value]);
  else if (value.ndim === 0) callT("fill_.Tensor", [result, value]);
  else {
    // Leading size-1 dims of the value are dropped before broadcasting (numpy compatibility).
    let k = 0;
    while (k < value.ndim && value.shape[k] === 1) k++;
    const v = k > 0 ? callT("view.default", [value, value.shape.slice(k)]) : value;
    callT("copy_.default", [result, callT("expand.default", [v, result.shape])]);
  }
}

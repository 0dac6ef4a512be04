// torch.export.Dim: named dynamic dimensions, derived dimensions (increasing linear functions of a
// root Dim) and the AUTO / DYNAMIC / STATIC hints. Messages follow torch/export/dynamic_shapes.py.
import { AssertionError, NotImplementedError } from "./errors.js";
import { TorchTypeError } from "../ops/errors.js";
import { pyTypeName } from "../py_type.js";

/** Integer infinity (`int_oo`): the default upper bound of a Dim. */
export const INT_OO = Number.POSITIVE_INFINITY;
const SYS_MAXSIZE_MINUS_1 = 9223372036854775806;

export interface DimRange {
  min?: number;
  max?: number;
}

const ONLY_LINEAR = "(Only increasing linear operations with integer coefficients are supported.)";

/** A named symbolic dimension, `Dim("batch", { min: 1, max: 1024 })`. */
export class NamedDim {
  /** Use `Dim(name, { min, max })`, which validates; this constructor trusts its arguments. */
  constructor(
    readonly __name__: string,
    readonly min: number,
    readonly max: number,
  ) {}

  /** `dx + k`. */
  add(other: number): DerivedDim {
    if (!Number.isInteger(other)) {
      throw new NotImplementedError(
        `Attempted to add ${pyRepr(other)} to ${this.__name__}, where an integer was expected. ${ONLY_LINEAR}`,
      );
    }
    return this.derive(1, other);
  }

  /** `dx - k`. */
  sub(other: number): DerivedDim {
    if (!Number.isInteger(other)) {
      throw new NotImplementedError(
        `Attempted to subtract ${pyRepr(other)} from ${this.__name__}, where an integer was expected. ${ONLY_LINEAR}`,
      );
    }
    return this.derive(1, -other);
  }

  /** `k * dx` for a positive integer k. */
  mul(other: number): DerivedDim {
    if (!Number.isInteger(other) || other <= 0) {
      throw new NotImplementedError(
        `Attempted to multiply ${pyRepr(other)} with ${this.__name__}, where a positive integer was expected. ${ONLY_LINEAR}`,
      );
    }
    return this.derive(other, 0);
  }

  protected derive(a: number, b: number): DerivedDim {
    return new DerivedDim(this, a, b);
  }

  toString(): string {
    return readableDim(this.__name__, this.min, this.max);
  }
}

/** `a * root + b` with integer a > 0; printed the way sympy prints the linear expression. */
export class DerivedDim extends NamedDim {
  constructor(
    readonly root: NamedDim,
    readonly coefficient: number,
    readonly offset: number,
  ) {
    const name = linearName(root.__name__, coefficient, offset);
    const min = coefficient * root.min + offset;
    if (min < 0) {
      throw new AssertionError(
        `Expected derived min value of ${name} to be >= 0. Please specify an appropriate min value for ${root.__name__} (currently ${root.min}).`,
      );
    }
    const max = root.max === INT_OO ? INT_OO : coefficient * root.max + offset;
    if (max !== INT_OO && max > SYS_MAXSIZE_MINUS_1) {
      throw new AssertionError(
        `Expected derived max value of ${name} to be <= 9223372036854775806. Please specify an appropriate max value for ${root.__name__} (currently ${root.max}).`,
      );
    }
    super(name, min, max);
  }

  /** The value of this dim when the root is `value`. */
  fn(value: number): number {
    return this.coefficient * value + this.offset;
  }

  // Nesting composes on the same root: (2*dx) + 1 has root dx.
  protected override derive(a: number, b: number): DerivedDim {
    return new DerivedDim(this.root, a * this.coefficient, a * this.offset + b);
  }

  override toString(): string {
    return this.__name__;
  }
}

export type DimHintType = "AUTO" | "DYNAMIC" | "STATIC";

/** `Dim.AUTO`, `Dim.DYNAMIC`, `Dim.STATIC`, optionally with a range: `Dim.DYNAMIC({ min: 4, max: 16 })`. */
export class DimHint {
  constructor(
    readonly type: DimHintType,
    readonly min?: number,
    readonly max?: number,
  ) {}

  toString(): string {
    const bounds = [
      this.min === undefined ? "" : `, min=${this.min}`,
      this.max === undefined ? "" : `, max=${this.max}`,
    ].join("");
    return `DimHint(${this.type}${bounds})`;
  }
}

/** A hint factory: usable as the hint itself, or called once to give it a range. */
export type DimHintFactory = DimHint & ((range?: DimRange) => DimHint);

function hintFactory(type: DimHintType): DimHintFactory {
  const make = (range: DimRange = {}): DimHint => {
    range = checkRange(`Dim.${type}`, range);
    if (range.min !== undefined && range.min < 0) throw new AssertionError("min must be non-negative");
    if (range.max !== undefined && range.max < 0) throw new AssertionError("max must be non-negative");
    if (range.min !== undefined && range.max !== undefined && range.min > range.max) {
      throw new AssertionError("min must be <= max");
    }
    return new DimHint(type, range.min, range.max);
  };
  Object.setPrototypeOf(make, DimHint.prototype);
  Object.defineProperty(make, "type", { value: type });
  return make as unknown as DimHintFactory;
}

export interface DimFunction {
  (name: string, range?: DimRange): NamedDim;
  readonly AUTO: DimHintFactory;
  readonly DYNAMIC: DimHintFactory;
  readonly STATIC: DimHintFactory;
}

/** `Dim(name, { min, max })` with the hints `Dim.AUTO`, `Dim.DYNAMIC`, `Dim.STATIC`. */
export const Dim: DimFunction = Object.assign(makeDim, {
  AUTO: hintFactory("AUTO"),
  DYNAMIC: hintFactory("DYNAMIC"),
  STATIC: hintFactory("STATIC"),
});

function makeDim(name: string, range: DimRange = {}): NamedDim {
  if (typeof name !== "string") {
    throw new TorchTypeError(`Dim() argument 'name' must be str, not ${pyTypeName(name)}`);
  }
  range = checkRange("Dim", range);
  const min = range.min ?? 0;
  const max = range.max ?? INT_OO;
  if (!(max > min)) {
    throw new AssertionError(`Cannot create Dim with inconsistent min=${pyOpt(range.min)}, max=${pyOpt(range.max)}`);
  }
  if (!isIdentifier(name)) throw new AssertionError(`Dim name must be a valid identifier, got ${name}`);
  return new NamedDim(name, min, max);
}

/** `dims("h", "w", { min, max })`: several Dims with the same bounds. */
export function dims(...namesAndRange: Array<string | DimRange>): NamedDim[] {
  const last = namesAndRange[namesAndRange.length - 1];
  const range = typeof last === "object" && last !== null ? (namesAndRange.pop() as DimRange) : {};
  return (namesAndRange as string[]).map((name) => makeDim(name, range));
}

// `min=` / `max=` are keyword arguments in Python: the range must be an object whose bounds are
// integers (or None); anything else is Python's TypeError from comparing or using it.
function checkRange(fn: string, range: unknown): DimRange {
  if (range === undefined || range === null) return {};
  if (typeof range !== "object" || Array.isArray(range)) {
    throw new TorchTypeError(`${fn}() takes its bounds as an options object { min, max }, got ${pyTypeName(range)}`);
  }
  // min and max are keyword-only in Python; any other key is a keyword Python would refuse.
  for (const key of Object.keys(range)) {
    if (key !== "min" && key !== "max") throw new TorchTypeError(`${fn}() got an unexpected keyword argument '${key}'`);
  }
  const { min, max } = range as Record<string, unknown>;
  for (const [key, v] of [["min", min], ["max", max]] as const) {
    if (v === undefined || v === null || v === INT_OO) continue;
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw new TorchTypeError(`${fn}() argument '${key}' must be int, not ${pyTypeName(v)}${typeof v === "number" && Number.isFinite(v) ? ` (${v})` : ""}`);
    }
  }
  return { min: (min ?? undefined) as number | undefined, max: (max ?? undefined) as number | undefined };
}


/** Dim._readable: default bounds (min 2, max int_oo) are left out. */
export function readableDim(name: string, min: number, max: number): string {
  const parts = [`'${name}'`];
  if (min !== 2) parts.push(`min=${min}`);
  if (max !== INT_OO) parts.push(`max=${max}`);
  return `Dim(${parts.join(", ")})`;
}

function linearName(root: string, a: number, b: number): string {
  const term = a === 1 ? root : `${a}*${root}`;
  if (b === 0) return term;
  return b > 0 ? `${term} + ${b}` : `${term} - ${-b}`;
}

function isIdentifier(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

function pyOpt(value: number | undefined): string {
  return value === undefined ? "None" : String(value);
}

function pyRepr(value: unknown): string {
  if (typeof value === "string") return `'${value}'`;
  if (value instanceof NamedDim) return value.__name__;
  return String(value);
}

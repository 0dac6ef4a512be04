// Value ranges (PyTorch's ValueRanges): inclusive intervals whose ends may be int_oo, which is
// ±Infinity here, and bool ranges. `boundSympy` runs the core's interval arithmetic.
import { core } from "./loader.js";
import { checked } from "./check.js";
import { InvalidArgumentError } from "./errors.js";
import type { Expr } from "./expr.js";

/** A range end as PyTorch prints it: an integer, `int_oo` or `-int_oo`. */
export function endStr(v: number): string {
  if (v === Infinity) return "int_oo";
  if (v === -Infinity) return "-int_oo";
  return String(v);
}

export class ValueRanges {
  /** Ends are integers or ±Infinity (int_oo); throws like ValueRangeError when lower > upper. */
  constructor(
    readonly lower: number,
    readonly upper: number,
    readonly isBool = false,
  ) {
    const okEnd = (v: number) => Number.isSafeInteger(v) || v === Infinity || v === -Infinity;
    if (!okEnd(lower) || !okEnd(upper)) {
      throw new InvalidArgumentError(`ValueRanges ends must be safe integers or ±Infinity, got [${lower}, ${upper}]`);
    }
    if (lower > upper) throw new InvalidArgumentError(`Invalid ranges [${endStr(lower)}:${endStr(upper)}]`);
  }

  /** VR[-int_oo, int_oo] */
  static unknownInt(): ValueRanges {
    return new ValueRanges(-Infinity, Infinity);
  }

  static unknownBool(): ValueRanges {
    return new ValueRanges(0, 1, true);
  }

  isSingleton(): boolean {
    return this.lower === this.upper;
  }

  contains(v: number): boolean {
    return this.lower <= v && v <= this.upper;
  }

  issuperset(o: ValueRanges): boolean {
    return this.lower <= o.lower && o.upper <= this.upper;
  }

  /** `&`: throws when the intersection is empty. */
  and(o: ValueRanges): ValueRanges {
    return new ValueRanges(Math.max(this.lower, o.lower), Math.min(this.upper, o.upper), this.isBool && o.isBool);
  }

  /** `|`: the smallest range holding both. */
  or(o: ValueRanges): ValueRanges {
    return new ValueRanges(Math.min(this.lower, o.lower), Math.max(this.upper, o.upper), this.isBool && o.isBool);
  }

  /** As PyTorch prints: `VR[2, int_oo]`, `VR[False, True]`. */
  toString(): string {
    if (this.isBool) return `VR[${this.lower ? "True" : "False"}, ${this.upper ? "True" : "False"}]`;
    return `VR[${endStr(this.lower)}, ${endStr(this.upper)}]`;
  }
}

/** bound_sympy: the range of `e` when each symbol lies in its given range (symbols not given
 * use their assumptions: positive symbols [1, int_oo], others unknown). */
export function boundSympy(e: Expr, ranges: Iterable<readonly [Expr, ValueRanges]> = []): ValueRanges {
  const syms: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (const [s, r] of ranges) {
    syms.push(s.id);
    lo.push(r.lower);
    hi.push(r.upper);
  }
  const out = checked(core().exprBound(e.id, Uint32Array.from(syms), Float64Array.from(lo), Float64Array.from(hi)));
  return new ValueRanges(out[0], out[1], out[2] === 1);
}

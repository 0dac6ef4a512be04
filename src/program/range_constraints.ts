// ExportedProgram.range_constraints: symbol (or derived expression) → inclusive integer range,
// printed as `str(dict)` of sympy keys and ValueRanges (`{s77: VR[1, 1024], 2*s16: VR[4, 512]}`).
import { endStr } from "../core/ranges.js";

/** An inclusive range whose bounds may be ±int_oo (±Infinity). */
export interface IntRange {
  lower: number;
  upper: number;
}

/** One entry; `key` is the expression's sympy str (`s77`, `2*s16`, `u0`). */
export interface RangeConstraint extends IntRange {
  key: string;
  /** A float symbol's range (an unbacked SymFloat `zuf0`): its infinities are sympy's oo. */
  float?: boolean;
}

/** `VR[lower, upper]` as ValueRanges.__repr__ prints it. */
export function formatValueRange(range: IntRange & { float?: boolean }): string {
  const end = (v: number) => (range.float === true && !Number.isFinite(v) ? (v > 0 ? "oo" : "-oo") : endStr(v));
  return `VR[${end(range.lower)}, ${end(range.upper)}]`;
}

/** The text after `Range constraints: ` in `print(ep)`. */
export function formatRangeConstraints(constraints: readonly RangeConstraint[]): string {
  return `{${constraints.map((c) => `${c.key}: ${formatValueRange(c)}`).join(", ")}}`;
}

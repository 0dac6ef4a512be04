// A symbolic float (PyTorch SymFloat) for the one place sizes become floats: true division of
// sizes (`IntTrueDiv`). The core has no float expressions, so a SymFloat keeps its numerator
// and denominator; using it as a number specializes both (guards), as float() would.
import type { Size, SymInt } from "./symint.js";
import { ZeroDivisionError } from "../core/errors.js";

export class SymFloat {
  constructor(
    readonly numerator: Size,
    readonly denominator: Size,
  ) {}

  /** a / b for sizes: a number when both are static. */
  static trueDiv(a: Size, b: Size): number | SymFloat {
    if (typeof a === "number" && typeof b === "number") {
      if (b === 0) throw new ZeroDivisionError("division by zero");
      return a / b;
    }
    return new SymFloat(a, b);
  }

  /** float(x): specializes numerator and denominator. */
  guardFloat(): number {
    const n = typeof this.numerator === "number" ? this.numerator : this.numerator.guardInt();
    const d = typeof this.denominator === "number" ? this.denominator : this.denominator.guardInt();
    if (d === 0) throw new ZeroDivisionError("division by zero");
    return n / d;
  }

  valueOf(): number {
    return this.guardFloat();
  }

  /** sympy str of IntTrueDiv: `s77/2`-like text without guarding. */
  toString(): string {
    const s = (x: Size) => String(x);
    return `IntTrueDiv(${s(this.numerator)}, ${s(this.denominator)})`;
  }
}

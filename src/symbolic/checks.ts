// torch._check, torch._check_is_size and torch.sym_constrain_range: assertions about sizes and
// data-dependent values. On backed sizes they guard; on unbacked ones (item(), nonzero) they record
// a deferred runtime assert and refine the symbol's range, which export turns into
// `_assert_scalar` nodes (torch/fx/experimental/symbolic_shapes.py).
import { InvalidArgumentError } from "../core/errors.js";
import { TorchRuntimeError } from "../ops/errors.js";
import { SymBool } from "./symbool.js";
import { SymInt, type Size } from "./symint.js";
import { userSourceLine } from "./sloc.js";

const DEFAULT_CHECK_MESSAGE =
  "Expected cond to be True, but got False. (Could this error message be improved? If so, please report an enhancement request to PyTorch.)";

/** torch._check(cond, message): `cond` a boolean or a SymBool; `message` is called only on failure. */
export function _check(cond: SymBool | boolean, message?: () => string): void {
  if (typeof cond === "boolean") {
    if (!cond) throw new TorchRuntimeError(message ? message() : DEFAULT_CHECK_MESSAGE);
    return;
  }
  if (!(cond instanceof SymBool)) {
    throw new InvalidArgumentError(`cond must be a bool, but got ${describe(cond)}`);
  }
  // _check_with(RuntimeError, ...): expect_true, then the message when it is known false.
  if (!cond.env.expectTrue(cond.expr, undefined, userSourceLine())) throw new TorchRuntimeError(message ? message() : DEFAULT_CHECK_MESSAGE);
}

/** expect_true(cond): true when it holds or was deferred as a runtime assert (data-dependent),
 * false when it is known false; a backed condition is guarded. */
export function expectTrue(cond: SymBool | boolean): boolean {
  return typeof cond === "boolean" ? cond : cond.env.expectTrue(cond.expr, undefined, userSourceLine());
}

/** torch._check_is_size(i, max=None): `i` is a valid size (>= 0, and <= max when given). */
export function _check_is_size(i: Size, max?: number): void {
  if (typeof i === "number") {
    _check(i >= 0);
    if (max !== undefined) _check(i <= max);
    return;
  }
  if (!(i instanceof SymInt)) throw new InvalidArgumentError(`_check_is_size expects an int or SymInt, got ${describe(i)}`);
  // As PyTorch: _check(i >= 0), then advise that i is a size, then _check(i <= max).
  _check(i.ge(0));
  i.env.checkIsSize(i.expr, Infinity, userSourceLine());
  if (max !== undefined) _check(i.le(max));
}

/** torch.sym_constrain_range(size, min=None, max=None). */
export function sym_constrain_range(size: Size, options: { min?: number; max?: number } = {}): void {
  const min = options.min ?? -Infinity;
  const max = options.max ?? Infinity;
  if (typeof size === "number") {
    if (size < min || size > max) {
      throw new TorchRuntimeError(`Invalid value ${size} for range [${fmt(min)}:${fmt(max)}]`);
    }
    return;
  }
  size.env.constrainRange(size.expr, min, max, false);
}

const fmt = (v: number) => (v === Infinity ? "int_oo" : v === -Infinity ? "-int_oo" : String(v));

function describe(v: unknown): string {
  if (v === null || v === undefined) return "None";
  return typeof v === "object" ? ((v as object).constructor?.name ?? "object") : typeof v;
}

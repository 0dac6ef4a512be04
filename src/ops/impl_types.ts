// What an op implementation provides. `a` is the full argument list in schema order (kwarg-only
// arguments included), with defaults filled in and int[N] shorthands expanded.

export interface OpImpl {
  /**
   * Output metadata from input metadata: fake tensors (no storage) for fresh and view outputs, or
   * the mutated argument itself for in-place ops. Works on symbolic sizes (src/ops/size.ts).
   */
  meta(a: unknown[]): unknown;
  /**
   * Reference CPU kernel: the values of each fresh or in-place output in logical (row-major) order,
   * a typed array for one output, a plain Array of typed arrays for several. Views need none.
   */
  kernel?(a: unknown[], out: unknown): ArrayLike<number> | ArrayLike<number>[] | void;
  /** A whole eager implementation instead of meta + kernel (data-dependent shapes, scalar results). */
  eager?(a: unknown[]): unknown;
  /**
   * CompositeImplicitAutograd: calling the op (`torch.ops.aten.is_nonzero(x)`) runs its
   * decomposition, whose ops are what eager execution and tracing see (the op itself is never traced).
   */
  composite?(a: unknown[]): unknown;
}

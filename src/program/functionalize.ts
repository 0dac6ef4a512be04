// Functionalization of run_decompositions' retrace, as PyTorch's FunctionalTensorMode does it
// (aten/src/ATen/FunctionalTensorWrapper.cpp, FunctionalInverses.cpp): every tensor written in
// place has a base (the tensor that owns the storage: a graph input, or a fresh op result); a view
// remembers the view op that made it from its parent. A write to a base replaces the base's value;
// a write through a view becomes a new value of the base, built by the view ops' inverses
// (`slice` → `slice_scatter`, `select` → `select_scatter`, `view` → `view` back to the base's
// shape, `permute` → the inverse permutation, ...). A view read after its base changed is made
// again from the base's new value by replaying its view ops, as PyTorch's regenerated views are.
import type { OpOverload } from "../ops/registry.js";
import { lookupOp } from "../ops/registry.js";
import { NotImplementedOpError } from "../ops/errors.js";
import { Tensor } from "../tensor/tensor.js";
import type { Size } from "../symbolic/symint.js";
import { sizeAdd, sizeMul } from "../symbolic/size.js";

/** How a view was made: the op, its full arguments (the first one being the parent), which output. */
interface ViewMeta {
  readonly parent: Tensor;
  readonly op: OpOverload;
  readonly args: readonly unknown[];
  readonly index: number | null;
}

/** Runs an op through the retracing mode (recorded, decomposed, functionalized). */
export type RunOp = (op: OpOverload, args: unknown[]) => unknown;

const op = (key: string): OpOverload => lookupOp(key)!;

/** Whether `op` returns views of its first argument (`Tensor(a) self -> Tensor(a)`, not written). */
export function isViewOp(o: OpOverload): boolean {
  const s = o.schema;
  const set = s.args[0]?.type.alias?.set;
  return !s.isMutable && set !== undefined && s.returns.some((r) => r.type.alias?.set === set && !r.type.alias.isWrite);
}

export class Functionalization {
  private readonly views = new WeakMap<Tensor, ViewMeta>();
  /** A value a base was given by a write → that base. */
  private readonly valueOf = new WeakMap<Tensor, Tensor>();
  /** A base written in place → its current value (in write order). */
  readonly latest = new Map<Tensor, Tensor>();
  private readonly version = new Map<Tensor, number>();
  /** A view → the version of its base it was made at. */
  private readonly madeAt = new WeakMap<Tensor, number>();
  /** A view read after its base changed → the view made again, with the base version it reflects. */
  private readonly regenerated = new WeakMap<Tensor, { version: number; value: Tensor }>();

  constructor(private readonly run: RunOp) {}

  /** The tensor owning `t`'s storage (a graph input or a fresh op result). */
  base(t: Tensor): Tensor {
    for (;;) {
      const v = this.views.get(t);
      if (v !== undefined) t = v.parent;
      else {
        const b = this.valueOf.get(t);
        if (b === undefined || b === t) return t;
        t = b;
      }
    }
  }

  private versionOf(base: Tensor): number {
    return this.version.get(base) ?? 0;
  }

  /** Records that `out` (a tensor or a list of them) are views made by `o` from `args[0]`. */
  registerView(o: OpOverload, args: readonly unknown[], out: unknown): void {
    const parent = args[0];
    if (!(parent instanceof Tensor)) return;
    const at = this.versionOf(this.base(parent));
    const add = (t: unknown, index: number | null) => {
      if (!(t instanceof Tensor) || t === parent) return;
      this.views.set(t, { parent, op: o, args, index });
      this.madeAt.set(t, at);
    };
    if (Array.isArray(out)) out.forEach((t, i) => add(t, i));
    else add(out, null);
  }

  /** The current value of `t`: after the writes traced so far to it or to any tensor sharing its base. */
  current(t: Tensor): Tensor {
    const meta = this.views.get(t);
    if (meta === undefined) {
      const base = this.valueOf.get(t) ?? t;
      return this.latest.get(base) ?? t;
    }
    const version = this.versionOf(this.base(t));
    if (this.madeAt.get(t) === version) return t;
    const cached = this.regenerated.get(t);
    if (cached !== undefined && cached.version === version) return cached.value;
    const value = this.replay(meta, this.current(meta.parent));
    this.regenerated.set(t, { version, value });
    return value;
  }

  private replay(meta: ViewMeta, parent: Tensor): Tensor {
    const out = this.run(meta.op, [parent, ...meta.args.slice(1)]);
    return (meta.index === null ? out : (out as Tensor[])[meta.index]) as Tensor;
  }

  /** `target` now holds `value` (same shape): its base gets a new value. */
  write(target: Tensor, value: Tensor): void {
    const base = this.base(target);
    // The view chain from the base down to `target`.
    const chain: ViewMeta[] = [];
    for (let t = target; ; ) {
      const meta = this.views.get(t);
      if (meta === undefined) break;
      chain.unshift(meta);
      t = meta.parent;
    }
    let next = value;
    if (chain.length > 0) {
      const bases = [this.current(base)];
      for (let i = 0; i < chain.length - 1; i++) bases.push(this.replay(chain[i]!, bases[i]!));
      for (let i = chain.length - 1; i >= 0; i--) next = this.inverse(chain[i]!, bases[i]!, next);
    }
    this.latest.delete(base);
    this.latest.set(base, next);
    this.valueOf.set(next, base);
    this.version.set(base, this.versionOf(base) + 1);
  }

  // FunctionalInverses.cpp: the new value of a view's parent once the view holds `mutated`.
  private inverse(meta: ViewMeta, base: Tensor, mutated: Tensor): Tensor {
    const a = meta.args;
    const run = (key: string, args: unknown[]) => this.run(op(key), args) as Tensor;
    const name = meta.op.packetName;
    switch (name) {
      case "slice":
        return run("slice_scatter.default", [base, mutated, a[1], a[2], a[3], a[4]]);
      case "select":
        return run("select_scatter.default", [base, mutated, a[1], a[2]]);
      case "narrow":
        return run("slice_scatter.default", [base, mutated, a[1], a[2], sizeAdd(a[2] as Size, a[3] as Size), 1]);
      case "view":
      case "_unsafe_view":
      case "reshape":
      case "view_as":
      case "flatten":
      case "unflatten":
        return run("view.default", [mutated, base.shape]);
      case "permute": {
        const dims = (a[1] as number[]).map((d) => (d < 0 ? d + base.dim() : d));
        const inv = new Array<number>(dims.length);
        dims.forEach((d, i) => (inv[d] = i));
        return run("permute.default", [mutated, inv]);
      }
      case "transpose":
        return run("transpose.int", [mutated, a[1], a[2]]);
      case "t":
        return run("t.default", [mutated]);
      case "unsqueeze":
        return run("squeeze.dim", [mutated, a[1]]);
      case "squeeze": {
        const n = base.dim();
        const asked = meta.op.overload === "default" ? null : ((meta.op.overload === "dim" ? [a[1]] : a[1]) as number[]).map((d) => (d < 0 ? d + n : d));
        const dims = [...Array(n).keys()].filter((d) => (asked === null || asked.includes(d)) && String(base.shape[d]) === "1");
        let t = mutated;
        for (const d of dims) t = run("unsqueeze.default", [t, d]);
        return t;
      }
      case "alias":
      case "detach":
        return mutated;
      case "split":
      case "split_with_sizes": {
        const dim = a[2] as number;
        const d = dim < 0 ? dim + base.dim() : dim;
        const i = meta.index!;
        let start: Size = 0;
        if (name === "split") start = i === 0 ? 0 : sizeMul(a[1] as Size, i);
        else for (const s of (a[1] as Size[]).slice(0, i)) start = sizeAdd(start, s);
        return run("slice_scatter.default", [base, mutated, d, start, sizeAdd(start, mutated.shape[d]!), 1]);
      }
      case "unbind":
        return run("select_scatter.default", [base, mutated, a[1], meta.index]);
      default:
        throw new NotImplementedOpError(`run_decompositions: pt2js cannot functionalize a write through a view made by ${meta.op.toString()}`);
    }
  }
}

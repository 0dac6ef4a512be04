// ShapeEnv state, as torch/fx/experimental/symbolic_shapes.py ShapeEnv: symbols with hints,
// value ranges, sources and debug names; replacements (symbol := expr learned from equality
// guards), divisibility facts, recorded guards, axioms and deferred runtime asserts.
// Decisions (static evaluation, guarding, learning) live in shape_env_eval.ts and
// shape_env_learn.ts; this file holds the state and the operations on single symbols.
import { raise, ErrorCode } from "../errors";
import { ExprId, Kind, NO_EXPR, kindOf, argCount, argAt, internSymbol, symbolName } from "./expr_store";
import { integer } from "./expr_arith";
import { ValueRange, boundOf } from "./ranges";
import { sourceHashMod100 } from "./shape_env_naming";
import { rebuildWith } from "./shape_env_subst";

/** How create_symbol allocates a dimension (DimDynamic). */
export const enum DimDynamic {
  DYNAMIC = 0,
  DUCK = 1,
  STATIC = 2,
}

/** A per-dimension user constraint (DimConstraint): none, StrictMinMax(vr) or RelaxedUnspec. */
export const enum ConstraintKind {
  None = 0,
  StrictMinMax = 1,
  Relaxed = 2,
}

/** A guard recorded by evaluate_expr: the decided boolean expression and the user's source line. */
export class Guard {
  constructor(public expr: ExprId, public sloc: string) {}
}

/** A deferred runtime assert; `key` is the latest unbacked symbol in expr, NO_EXPR for None. */
export class RuntimeAssert {
  constructor(public expr: ExprId, public msg: string, public key: ExprId) {}
}

export class ShapeEnv {
  // Per-symbol tables, indexed by the symbol's local index (order of creation).
  syms: Array<u32> = new Array<u32>();
  ranges: Array<ValueRange> = new Array<ValueRange>();
  hints: Array<i64> = new Array<i64>();
  backed: Array<bool> = new Array<bool>();
  sources: Array<Array<string>> = new Array<Array<string>>();
  symIndex: Map<u32, i32> = new Map<u32, i32>();

  uniqueIds: Set<i32> = new Set<i32>();
  unbackedCount: i32 = 0;
  /** Duck sizing: hint -> symbol (only for DimDynamic.DUCK). */
  valToVar: Map<i64, u32> = new Map<i64, u32>();

  /** Insertion-ordered replacements: replaced[i] := replacedBy[i]. */
  replaced: Array<u32> = new Array<u32>();
  replacedBy: Array<u32> = new Array<u32>();
  replacementOf: Map<u32, u32> = new Map<u32, u32>();

  divisible: Set<u32> = new Set<u32>();
  sizeLike: Set<u32> = new Set<u32>();
  guards: Array<Guard> = new Array<Guard>();
  axioms: Map<u32, bool> = new Map<u32, bool>();
  deferred: Array<RuntimeAssert> = new Array<RuntimeAssert>();
  /** source name -> user's Dim name (source_name_to_debug_name), in insertion order. */
  debugSources: Array<string> = new Array<string>();
  debugNames: Array<string> = new Array<string>();
  /** Source names specialized to constants, with the user's stack where known. */
  specializedSources: Map<string, string> = new Map<string, string>();
  /** The user's source line of the operation being decided (for guards and specializations). */
  currentSloc: string = "";

  constructor(public specializeZeroOne: bool, public preferDeferredRuntimeAsserts: bool) {}

  // ---------------------------------------------------------------- symbols

  indexOf(sym: ExprId): i32 {
    return this.symIndex.has(sym) ? this.symIndex.get(sym) : -1;
  }

  isKnownSymbol(sym: ExprId): bool {
    return this.symIndex.has(sym);
  }

  hasHint(sym: ExprId): bool {
    const i = this.indexOf(sym);
    return i >= 0 && this.backed[i];
  }

  hintOf(sym: ExprId): i64 {
    return this.hints[this.indexOf(sym)];
  }

  rangeOf(sym: ExprId): ValueRange {
    const i = this.indexOf(sym);
    return i >= 0 ? this.ranges[i] : ValueRange.unknownInt();
  }

  /** The default range of a new backed size symbol (_default_value_range). */
  defaultRange(): ValueRange {
    return new ValueRange(this.specializeZeroOne ? 2 : 0, 0, false, true);
  }

  private addSymbol(sym: ExprId, hint: i64, backed: bool, range: ValueRange): void {
    this.symIndex.set(sym, this.syms.length);
    this.syms.push(sym);
    this.hints.push(hint);
    this.backed.push(backed);
    this.ranges.push(range);
    this.sources.push(new Array<string>());
  }

  /** _generate_unique_id: sha256(source) % 100, probing upward while taken. */
  uniqueId(sourceName: string): i32 {
    let attempt = sourceHashMod100(sourceName);
    while (this.uniqueIds.has(attempt)) attempt++;
    this.uniqueIds.add(attempt);
    return attempt;
  }

  /** create_symbol: returns the symbol, or an Integer when the size is static or 0/1-specialized.
   * `lo`/`hi` (with infinite flags) are the StrictMinMax range when ck is StrictMinMax. */
  createSymbol(
    source: string, hint: i64, dynamic: DimDynamic, ck: ConstraintKind,
    lo: i64, hi: i64, loInf: bool, hiInf: bool,
  ): ExprId {
    if (ck == ConstraintKind.StrictMinMax && !loInf && !hiInf && lo == hi) {
      if (lo != hint) {
        raise(
          ErrorCode.ConstraintViolation,
          `Static shape constraint of ${lo} does not match input size of ${hint}, for ${source}`,
        );
        return NO_EXPR;
      }
      return integer(hint);
    }
    if (ck != ConstraintKind.None) dynamic = DimDynamic.DYNAMIC;
    if (dynamic == DimDynamic.STATIC) return integer(hint);
    if (dynamic == DimDynamic.DUCK && this.valToVar.has(hint)) {
      const s = this.valToVar.get(hint);
      this.sources[this.indexOf(s)].push(source);
      return s;
    }
    if ((hint == 0 || hint == 1) && this.specializeZeroOne) return integer(hint);
    if (hint < 0) {
      raise(ErrorCode.InvalidArgument, `create_symbol: a size must be non-negative, got ${hint} for ${source}`);
      return NO_EXPR;
    }

    let range = this.defaultRange();
    if (ck == ConstraintKind.StrictMinMax) {
      const c = new ValueRange(lo, hi, loInf, hiInf);
      const l = max<i64>(range.lo(), c.lo());
      const h = min<i64>(range.hi(), c.hi());
      if (l > h) {
        raise(ErrorCode.ConstraintViolation, `Invalid ranges [${rangeEnd(l)}:${rangeEnd(h)}]`);
        return NO_EXPR;
      }
      range = rangeFromExt(l, h);
    }
    if (!range.contains(hint)) {
      raise(ErrorCode.ConstraintViolation, `${hint} not in range [${rangeEnd(range.lo())}, ${rangeEnd(range.hi())}]`);
      return NO_EXPR;
    }
    const id = this.uniqueId(source);
    const sym = internSymbol(`s${id}`, true, true);
    this.addSymbol(sym, hint, true, range);
    this.sources[this.indexOf(sym)].push(source);
    if (dynamic == DimDynamic.DUCK) this.valToVar.set(hint, sym);
    return sym;
  }

  /** create_unspecified_symint_and_symbol for an int input marked Dim.AUTO / Dim.DYNAMIC: a backed
   * symbol named by its source (`s77` for `L['x']`), not positive, with range [-int_oo, int_oo]. */
  createIntSymbol(source: string, hint: i64): ExprId {
    const id = this.uniqueId(source);
    const sym = internSymbol(`s${id}`, true, false);
    this.addSymbol(sym, hint, true, ValueRange.unknownInt());
    this.sources[this.indexOf(sym)].push(source);
    return sym;
  }

  /** create_unbacked_symint: `u{n}` with range [-int_oo, int_oo] and no hint. */
  createUnbacked(): ExprId {
    const sym = internSymbol(`u${this.unbackedCount}`, false, true);
    this.unbackedCount++;
    this.addSymbol(sym, 0, false, ValueRange.unknownInt());
    return sym;
  }

  /** A backed symbol whose source is a constant (the phantom root of a derived Dim): named by
   * the hash of `name`, as create_symbol(val, ConstantSource(name)). */
  createPhantom(name: string, hint: i64, lo: i64, hi: i64, loInf: bool, hiInf: bool): ExprId {
    return this.createSymbol(name, hint, DimDynamic.DYNAMIC, ConstraintKind.StrictMinMax, lo, hi, loInf, hiInf);
  }

  addSource(sym: ExprId, source: string): void {
    const i = this.indexOf(sym);
    if (i >= 0) this.sources[i].push(source);
  }

  firstSource(sym: ExprId): string {
    const i = this.indexOf(sym);
    if (i < 0 || this.sources[i].length == 0) return symbolName(sym);
    return this.sources[i][0];
  }

  setDebugName(source: string, name: string): void {
    for (let i = 0; i < this.debugSources.length; i++) {
      if (this.debugSources[i] == source) {
        this.debugNames[i] = name;
        return;
      }
    }
    this.debugSources.push(source);
    this.debugNames.push(name);
  }

  /** source_name_to_debug_name.get(name, name). */
  debugName(source: string): string {
    for (let i = 0; i < this.debugSources.length; i++) {
      if (this.debugSources[i] == source) return this.debugNames[i];
    }
    return source;
  }

  hasDebugNames(): bool {
    return this.debugSources.length > 0;
  }

  // ---------------------------------------------------------------- ranges

  /** _update_var_to_range: intersect; an empty intersection is left as it was (returns false). */
  updateRange(sym: ExprId, r: ValueRange): bool {
    const i = this.indexOf(sym);
    if (i < 0) return false;
    const old = this.ranges[i];
    const l = max<i64>(old.lo(), r.lo());
    const h = min<i64>(old.hi(), r.hi());
    if (l > h) return false;
    this.ranges[i] = rangeFromExt(l, h);
    return true;
  }

  /** bound_sympy(expr, var_to_range). */
  bound(e: ExprId): ValueRange {
    return boundOf(e, this.syms, this.ranges);
  }

  /** _constrain_range_for_size / constrain_symbol_range: narrows an unbacked symbol's range. */
  constrainRange(sym: ExprId, r: ValueRange, sizeLike: bool): bool {
    if (!this.isKnownSymbol(sym)) {
      raise(ErrorCode.UnknownSymbol, `constrain_range: ${symbolName(sym)} is not a symbol of this ShapeEnv`);
      return false;
    }
    if (sizeLike) this.sizeLike.add(sym);
    return this.updateRange(sym, r);
  }

  // ---------------------------------------------------------------- replacements

  replacementFor(sym: ExprId): ExprId {
    return this.replacementOf.has(sym) ? this.replacementOf.get(sym) : NO_EXPR;
  }

  recordReplacement(sym: ExprId, tgt: ExprId): void {
    if (!this.replacementOf.has(sym)) {
      this.replaced.push(sym);
      this.replacedBy.push(tgt);
    } else {
      for (let i = 0; i < this.replaced.length; i++) if (this.replaced[i] == sym) this.replacedBy[i] = tgt;
    }
    this.replacementOf.set(sym, tgt);
  }

  /** _find / replace: applies replacements transitively. */
  resolve(e: ExprId): ExprId {
    if (e == NO_EXPR || this.replaced.length == 0) return e;
    let cur = e;
    // Each round removes at least one replaced symbol or stops; replacements never cycle
    // (a symbol is never replaced by an expression containing itself).
    for (let round = 0; round <= this.replaced.length; round++) {
      const next = rebuildWith(cur, this.replacementOf);
      if (next == cur || next == NO_EXPR) return next;
      cur = next;
    }
    return cur;
  }

  /** A symbol with hint: var_to_val; unbacked symbols have none. */
  allHinted(e: ExprId): bool {
    const k = kindOf(e);
    if (k == Kind.Symbol) return this.hasHint(e);
    for (let i = 0, n = argCount(e); i < n; i++) if (!this.allHinted(argAt(e, i))) return false;
    return true;
  }
}

/** Prints an extended-integer range end (int_oo / -int_oo for the infinities). */
export function rangeEnd(v: i64): string {
  if (v == i64.MAX_VALUE) return "int_oo";
  if (v == i64.MIN_VALUE) return "-int_oo";
  return v.toString();
}

/** A range from extended-integer ends. */
export function rangeFromExt(l: i64, h: i64): ValueRange {
  return new ValueRange(
    l == i64.MIN_VALUE ? 0 : l, h == i64.MAX_VALUE ? 0 : h, l == i64.MIN_VALUE, h == i64.MAX_VALUE,
  );
}

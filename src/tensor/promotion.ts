// Type promotion: torch.promote_types, torch.result_type and the elementwise promotion kinds of
// torch/_prims_common (checked entry by entry against PyTorch's table in test/tensor).
import { bool, DType, float16, bfloat16, float32, int16, int64, uint8, defaultFloatDtype } from "./dtype.js";

/** torch.promote_types for two dtypes. */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === bool) return b;
  if (b === bool) return a;
  if (a.category !== b.category) return a.category > b.category ? a : b;
  if (a.category === 2) {
    // float16 and bfloat16 have no common narrow type.
    if ((a === float16 && b === bfloat16) || (a === bfloat16 && b === float16)) return float32;
    return a.itemsize >= b.itemsize ? a : b;
  }
  // Integers: uint8 with a signed type needs the next wider signed type.
  if (a === uint8 || b === uint8) {
    const s = a === uint8 ? b : a;
    return s.itemsize === 1 ? int16 : s;
  }
  return a.itemsize >= b.itemsize ? a : b;
}

/** What one operand of result_type is: a tensor (with its dim) or a Python scalar. */
export type PromotionOperand = { dtype: DType; dim: number } | number | boolean;

/** The dtype a Python scalar stands for (a float is the default dtype). */
export function scalarDtype(v: number | boolean): DType {
  if (typeof v === "boolean") return bool;
  return Number.isInteger(v) && !Object.is(v, -0) ? int64 : defaultFloatDtype;
}

// c10's combine_categories: a lower-priority group only counts when it is of a higher category.
function combine(higher: DType | undefined, lower: DType | undefined): DType | undefined {
  if (higher === undefined) return lower;
  if (lower === undefined) return higher;
  if (higher.category === 2) return higher;
  if (higher === bool || lower.category === 2) return promoteTypes(higher, lower);
  return higher;
}

/**
 * torch.result_type over operands: tensors with dim > 0 first, then 0-dim tensors, then Python
 * scalars (numbers are floats when not integral; pass `true/false` for bools).
 */
export function resultType(operands: readonly PromotionOperand[], floatScalars?: readonly boolean[]): DType {
  let dimResult: DType | undefined;
  let zeroResult: DType | undefined;
  let wrapped: DType | undefined;
  operands.forEach((o, i) => {
    if (typeof o === "number" || typeof o === "boolean") {
      const d = floatScalars?.[i] ? defaultFloatDtype : scalarDtype(o);
      wrapped = wrapped === undefined ? d : promoteTypes(wrapped, d);
    } else if (o.dim > 0) dimResult = dimResult === undefined ? o.dtype : promoteTypes(dimResult, o.dtype);
    else zeroResult = zeroResult === undefined ? o.dtype : promoteTypes(zeroResult, o.dtype);
  });
  return combine(dimResult, combine(zeroResult, wrapped)) ?? defaultFloatDtype;
}

/** ELEMENTWISE_TYPE_PROMOTION_KIND of torch/_prims_common. */
export type PromotionKind = "DEFAULT" | "INT_TO_FLOAT" | "ALWAYS_BOOL" | "NO_OPMATH" | "BOOL_TO_LONG" | "COMPLEX_TO_FLOAT";

/** The result dtype of an elementwise op with promotion `kind` over `operands`. */
export function elementwiseDtype(kind: PromotionKind, operands: readonly PromotionOperand[], floatScalars?: readonly boolean[]): DType {
  if (kind === "ALWAYS_BOOL") return bool;
  const r = resultType(operands, floatScalars);
  if (kind === "INT_TO_FLOAT" && r.category < 2) return defaultFloatDtype;
  if (kind === "BOOL_TO_LONG" && r === bool) return int64;
  return r;
}

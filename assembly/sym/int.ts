// Checked i64 arithmetic with Python semantics (floor division, modulo taking the divisor's sign).
// Overflow and division by zero record an error (assembly/errors.ts) and return 0. Callers
// compare failures() before and after a computation to see whether *it* failed: an unrelated
// error may already be pending, so hasError() cannot tell.
import { raise, ErrorCode } from "../errors";

let failureCount: u32 = 0;

/** How many failures the expression core has recorded so far. */
export function failures(): u32 {
  return failureCount;
}

/** Records an error and counts it as a failure of the running computation. */
export function fail(code: ErrorCode, message: string): void {
  failureCount++;
  raise(code, message);
}

export function checkedAdd(a: i64, b: i64): i64 {
  const r = a + b;
  // Overflow iff both operands have the same sign and the result's sign differs.
  if (((a ^ r) & (b ^ r)) < 0) {
    fail(ErrorCode.Overflow, `integer overflow: ${a} + ${b} does not fit in 64 bits`);
    return 0;
  }
  return r;
}

export function checkedSub(a: i64, b: i64): i64 {
  const r = a - b;
  if (((a ^ b) & (a ^ r)) < 0) {
    fail(ErrorCode.Overflow, `integer overflow: ${a} - ${b} does not fit in 64 bits`);
    return 0;
  }
  return r;
}

export function checkedNeg(a: i64): i64 {
  if (a == i64.MIN_VALUE) {
    fail(ErrorCode.Overflow, `integer overflow: -(${a}) does not fit in 64 bits`);
    return 0;
  }
  return -a;
}

export function checkedMul(a: i64, b: i64): i64 {
  if (a == 0 || b == 0) return 0;
  const r = a * b;
  // Division check catches every wrapped product; the MIN/-1 pair wraps without the quotient changing.
  if ((a == -1 && b == i64.MIN_VALUE) || (b == -1 && a == i64.MIN_VALUE) || r / b != a) {
    fail(ErrorCode.Overflow, `integer overflow: ${a} * ${b} does not fit in 64 bits`);
    return 0;
  }
  return r;
}

/** a ** k for k >= 0. */
export function checkedPow(a: i64, k: i64): i64 {
  const before = failureCount;
  let result: i64 = 1;
  let base = a;
  let e = k;
  if (a == 0) return k == 0 ? 1 : 0;
  if (a == 1) return 1;
  if (a == -1) return (k & 1) == 0 ? 1 : -1;
  while (e > 0) {
    if (e & 1) {
      result = checkedMul(result, base);
    }
    e >>= 1;
    if (e > 0) base = checkedMul(base, base);
    if (failureCount != before) return 0;
  }
  return result;
}


/** Python's a // b (rounds toward negative infinity). */
export function pyFloorDiv(a: i64, b: i64): i64 {
  if (b == 0) {
    fail(ErrorCode.ZeroDivision, "division by zero");
    return 0;
  }
  if (a == i64.MIN_VALUE && b == -1) {
    fail(ErrorCode.Overflow, `integer overflow: ${a} // -1 does not fit in 64 bits`);
    return 0;
  }
  const q = a / b;
  // Truncation rounds toward zero; step down when the exact quotient is negative and inexact.
  if (q * b != a && (a < 0) != (b < 0)) return q - 1;
  return q;
}

/** Python's a % b (result has the divisor's sign). */
export function pyMod(a: i64, b: i64): i64 {
  if (b == 0) {
    fail(ErrorCode.ZeroDivision, "integer modulo by zero");
    return 0;
  }
  if (b == -1) return 0;
  const r = a % b;
  if (r != 0 && (r < 0) != (b < 0)) return r + b;
  return r;
}

/** Non-negative gcd; gcd(0, 0) = 0. */
export function gcd64(a: i64, b: i64): i64 {
  let x = a < 0 ? -a : a;
  let y = b < 0 ? -b : b;
  while (y != 0) {
    const t = x % y;
    x = y;
    y = t;
  }
  return x;
}

import { checkedAdd, checkedSub, checkedMul, checkedNeg, checkedPow, pyFloorDiv, pyMod, gcd64 } from "../../assembly/sym/int";
import { hasError, lastErrorCode, takeErrorMessage, ErrorCode } from "../../assembly/errors";

function takeCode(): i32 {
  const c = lastErrorCode();
  takeErrorMessage();
  return c;
}

describe("checked i64 arithmetic", () => {
  it("computes in range", () => {
    expect(checkedAdd(2, 3)).toBe(5);
    expect(checkedSub(2, 3)).toBe(-1);
    expect(checkedMul(-4, 5)).toBe(-20);
    expect(checkedPow(3, 4)).toBe(81);
    expect(checkedPow(-2, 3)).toBe(-8);
    expect(hasError()).toBe(false);
  });

  it("records overflow instead of wrapping", () => {
    expect(checkedAdd(i64.MAX_VALUE, 1)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.Overflow);
    expect(checkedSub(i64.MIN_VALUE, 1)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.Overflow);
    expect(checkedMul(i64.MIN_VALUE, -1)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.Overflow);
    expect(checkedMul(1 << 40, 1 << 40)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.Overflow);
    expect(checkedNeg(i64.MIN_VALUE)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.Overflow);
    expect(checkedPow(3, 50)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.Overflow);
  });

  it("floors and takes the divisor's sign like Python", () => {
    expect(pyFloorDiv(7, 2)).toBe(3);
    expect(pyFloorDiv(-7, 2)).toBe(-4);
    expect(pyFloorDiv(7, -2)).toBe(-4);
    expect(pyFloorDiv(-7, -2)).toBe(3);
    expect(pyMod(-7, 3)).toBe(2);
    expect(pyMod(7, -3)).toBe(-2);
    expect(pyMod(i64.MIN_VALUE, -1)).toBe(0);
    expect(gcd64(-12, 18)).toBe(6);
    expect(gcd64(0, 0)).toBe(0);
  });

  it("records division by zero", () => {
    expect(pyFloorDiv(1, 0)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.ZeroDivision);
    expect(pyMod(1, 0)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.ZeroDivision);
    expect(pyFloorDiv(i64.MIN_VALUE, -1)).toBe(0);
    expect(takeCode()).toBe(ErrorCode.Overflow);
  });
});

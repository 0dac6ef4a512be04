import { ValueRange, boundOf, rangeAdd, rangeMul, rangeFloorDiv, rangeMod, extStr } from "../../assembly/sym/ranges";
import { integer, symbol, add, mul, floorDiv, gt, intInfinity } from "../../assembly/sym/expr";
import { lastErrorCode, takeErrorMessage, ErrorCode } from "../../assembly/errors";

const INF = i64.MAX_VALUE;
const NINF = i64.MIN_VALUE;

describe("ValueRange", () => {
  it("prints like PyTorch", () => {
    expect(ValueRange.of(2, INF).toString()).toBe("VR[2, int_oo]");
    expect(ValueRange.unknownInt().toString()).toBe("VR[-int_oo, int_oo]");
    expect(ValueRange.unknownBool().toString()).toBe("VR[False, True]");
    expect(extStr(NINF)).toBe("-int_oo");
  });

  it("intersects, and rejects empty intersections", () => {
    expect(ValueRange.of(2, INF).intersect(ValueRange.of(0, 100)).toString()).toBe("VR[2, 100]");
    ValueRange.of(5, 9).intersect(ValueRange.of(0, 3));
    expect(lastErrorCode()).toBe(ErrorCode.InvalidArgument);
    expect(takeErrorMessage()).toBe("Invalid ranges [5:3]");
    expect(ValueRange.of(0, INF).issuperset(ValueRange.of(2, 10))).toBe(true);
  });

  it("does interval arithmetic with infinities", () => {
    expect(rangeAdd(ValueRange.of(1, INF), ValueRange.of(-3, 2)).toString()).toBe("VR[-2, int_oo]");
    expect(rangeMul(ValueRange.of(-2, 3), ValueRange.of(0, INF)).toString()).toBe("VR[-int_oo, int_oo]");
    expect(rangeMul(ValueRange.of(0, 3), ValueRange.of(1, INF)).toString()).toBe("VR[0, int_oo]");
    expect(rangeFloorDiv(ValueRange.of(-7, 7), ValueRange.of(2, 2)).toString()).toBe("VR[-4, 3]");
    expect(rangeFloorDiv(ValueRange.of(1, 7), ValueRange.of(-1, 2)).toString()).toBe("VR[-int_oo, int_oo]");
    expect(rangeMod(ValueRange.of(0, INF), ValueRange.of(4, 4)).toString()).toBe("VR[0, 3]");
    expect(rangeMul(ValueRange.of(INF, INF), ValueRange.of(-1, -1)).toString()).toBe("VR[-int_oo, -int_oo]");
  });
});

describe("boundOf", () => {
  it("bounds expressions over symbol ranges", () => {
    const s = symbol("s16", true, true);
    expect(boundOf(mul(integer(2), s), [s], [ValueRange.of(2, 256)]).toString()).toBe("VR[4, 512]");
    expect(boundOf(add(floorDiv(s, integer(2)), integer(1)), [s], [ValueRange.of(2, INF)]).toString()).toBe("VR[2, int_oo]");
    expect(boundOf(s, [], []).toString()).toBe("VR[1, int_oo]");
    expect(boundOf(gt(s, integer(2)), [s], [ValueRange.of(3, 4)]).toString()).toBe("VR[True, True]");
    expect(boundOf(intInfinity(), [], []).toString()).toBe("VR[int_oo, int_oo]");
  });
});

import { sha256, hexOf, sourceHashMod100 } from "../../assembly/sym/shape_env_naming";
import { ShapeEnv, DimDynamic, ConstraintKind } from "../../assembly/sym/shape_env";
import { evaluateBool, evaluateInt, check, maybeEvaluateStatic } from "../../assembly/sym/shape_env_eval";
import { pyPrint } from "../../assembly/sym/guard_print";
import { Kind, NO_EXPR, TRUE, kindOf, payloadOf, symbolName } from "../../assembly/sym/expr_store";
import { integer, sub, mul } from "../../assembly/sym/expr_arith";
import { floorDiv, mod } from "../../assembly/sym/expr_div";
import { eq, ne, gt, ge, le } from "../../assembly/sym/expr_rel";
import { toStr } from "../../assembly/sym/print";
import { takeErrorMessage, hasError } from "../../assembly/errors";

function bytes(s: string): Uint8Array {
  return Uint8Array.wrap(String.UTF8.encode(s));
}

function backed(env: ShapeEnv, source: string, hint: i64): u32 {
  return env.createSymbol(source, hint, DimDynamic.DYNAMIC, ConstraintKind.None, 0, 0, false, false);
}

describe("sha256 naming", () => {
  it("matches the FIPS 180-2 test vectors", () => {
    expect(hexOf(sha256(bytes("")))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(hexOf(sha256(bytes("abc")))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(hexOf(sha256(bytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")))).toBe(
      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
    );
  });

  it("gives PyTorch's ids for source names", () => {
    expect(sourceHashMod100("L['x'].size()[0]")).toBe(77);
    expect(sourceHashMod100("L['x'].size()[1]")).toBe(27);
    expect(sourceHashMod100("L['y'].size()[0]")).toBe(17);
    expect(sourceHashMod100("dx")).toBe(95);
  });
});

describe("ShapeEnv", () => {
  it("creates s77, probes to s78, and specializes 0/1", () => {
    const env = new ShapeEnv(true, false);
    expect(symbolName(backed(env, "L['x'].size()[0]", 4))).toBe("s77");
    expect(symbolName(backed(env, "L['x'].size()[0]", 4))).toBe("s78");
    const one = backed(env, "L['z'].size()[0]", 1);
    expect(kindOf(one)).toBe(Kind.Integer);
    expect(payloadOf(one)).toBe(1);
    expect(env.syms.length).toBe(2);
  });

  it("records guards by the hints and learns ranges and replacements", () => {
    const env = new ShapeEnv(true, false);
    const x = backed(env, "L['x'].size()[0]", 5);
    const y = backed(env, "L['y'].size()[0]", 4);
    expect(evaluateBool(env, gt(x, integer(2)), "")).toBe(1);
    expect(env.rangeOf(x).lo()).toBe(3);
    expect(evaluateBool(env, eq(sub(x, integer(1)), y), "")).toBe(1);
    expect(toStr(env.resolve(x))).toBe("s17 + 1");
    expect(env.guards.length).toBe(2);
    // Decided statically now: no new guard.
    expect(maybeEvaluateStatic(env, eq(sub(x, integer(1)), y), true)).toBe(TRUE);
    expect(evaluateInt(env, mul(y, integer(3)), "")).toBe(12.0);
    expect(payloadOf(env.resolve(x))).toBe(5);
  });

  it("defers checks on unbacked symbols and refuses data-dependent guards", () => {
    const env = new ShapeEnv(true, false);
    const u = env.createUnbacked();
    expect(check(env, ge(u, integer(0)), "", "")).toBe(1);
    expect(check(env, le(u, integer(9)), "", "")).toBe(1);
    expect(env.rangeOf(u).lo()).toBe(0);
    expect(env.rangeOf(u).hi()).toBe(9);
    expect(env.deferred.length).toBe(2);
    expect(evaluateBool(env, eq(u, integer(3)), "")).toBe(-1);
    expect(hasError()).toBe(true);
    expect(takeErrorMessage().startsWith("Could not guard on data-dependent expression Eq(u0, 3)")).toBe(true);
  });

  it("prints guards with sources", () => {
    const env = new ShapeEnv(true, false);
    const h = backed(env, "L['x'].size()[2]", 16);
    const names = ["L['x'].size()[2]"];
    const g = eq(mod(sub(h, integer(2)), integer(2)), integer(0));
    expect(pyPrint(g, env.syms, names)).toBe("(((-2) + L['x'].size()[2]) % 2) == 0");
    const c = ne(floorDiv(sub(floorDiv(h, integer(2)), integer(1)), integer(2)), integer(0));
    // FloorDiv has Mul precedence, like Ne, so it is parenthesized once more.
    expect(pyPrint(c, env.syms, names)).toBe("((((-1) + (L['x'].size()[2] // 2)) // 2)) != 0");
    expect(NO_EXPR).toBe(u32.MAX_VALUE);
  });
});

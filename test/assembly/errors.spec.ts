import { raise, hasError, lastErrorCode, takeErrorMessage, ErrorCode } from "../../assembly/errors";
import { coreVersion } from "../../assembly/version";

describe("error record", () => {
  it("starts empty", () => {
    expect(hasError()).toBe(false);
    expect(lastErrorCode()).toBe(ErrorCode.None);
  });

  it("keeps the first error until it is taken", () => {
    raise(ErrorCode.ZeroDivision, "division by zero");
    raise(ErrorCode.Overflow, "second error is ignored");
    expect(lastErrorCode()).toBe(ErrorCode.ZeroDivision);
    expect(takeErrorMessage()).toBe("division by zero");
    expect(hasError()).toBe(false);
    expect(takeErrorMessage()).toBe("");
  });
});

describe("version", () => {
  it("is a semver string", () => {
    expect(coreVersion().split(".").length).toBe(3);
  });
});

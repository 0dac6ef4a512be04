// The built package, used the way a user's plain Node script uses it.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

function runNode(code: string): string {
  return execFileSync(process.execPath, ["--input-type=module", "-e", code], { cwd: root, encoding: "utf8" });
}

describe("package", () => {
  it("imports by package name from a plain Node script (exports map, node condition)", () => {
    const out = runNode(`import { coreVersion, isInitialized } from "pt2js"; console.log(isInitialized(), coreVersion());`);
    expect(out.trim()).toBe("true 0.1.0");
  });

  it("exports map lists workerd and browser before node", () => {
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
    const conditions = Object.keys(pkg.exports["."]);
    expect(conditions.indexOf("workerd")).toBeLessThan(conditions.indexOf("node"));
    expect(conditions.indexOf("browser")).toBeLessThan(conditions.indexOf("node"));
    expect(conditions[0]).toBe("types");
    expect(pkg.exports["./core.wasm"]).toBe("./build/core.wasm");
  });

  it("ships typings for the bundle", () => {
    const dts = readFileSync(`${root}/build/index.d.ts`, "utf8");
    expect(dts).toMatch(/declare function init/);
  });
});

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

  it("exports a model with a dynamic batch through the bundle (the README's example)", () => {
    const out = runNode(`
      import { torch, nn, F, Dim } from "pt2js";
      class MLP extends nn.Module {
        fc1 = new nn.Linear(16, 32);
        fc2 = new nn.Linear(32, 4);
        forward(x) { return this.fc2(F.relu(this.fc1(x))); }
      }
      const ep = torch.export.export(new MLP().eval(), [torch.randn(8, 16)],
        { dynamic_shapes: { x: { 0: Dim("batch", { min: 1, max: 1024 }) } } });
      console.log(ep.toString());
      console.log("module:", ep.module()(torch.randn(3, 16)).shape.join("x"));
      const bytes = torch.export.save(ep);
      console.log("reloaded:", torch.export.load(bytes).toString() === ep.toString());`);
    expect(out).toContain("module: 3x4");
    expect(out).toContain("reloaded: true");
    expect(out).toContain('x: "f32[s77, 16]"');
    expect(out).toContain("linear_1: \"f32[s77, 4]\" = torch.ops.aten.linear.default(relu, p_fc2_weight, p_fc2_bias)");
    expect(out).toContain("Range constraints: {s77: VR[1, 1024]}");
  });

  it("exports map lists workerd and browser before node", () => {
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, "utf8"));
    const conditions = Object.keys(pkg.exports["."]);
    expect(conditions.indexOf("workerd")).toBeLessThan(conditions.indexOf("node"));
    expect(conditions.indexOf("browser")).toBeLessThan(conditions.indexOf("node"));
    expect(conditions[0]).toBe("types");
    expect(pkg.exports["./core.wasm"]).toBe("./build/core.wasm");
  });

  it("keeps Node-only imports out of the code browsers and edge runtimes load", () => {
    for (const file of ["pt2js.js", "fflate.js", "browser.js", "workerd.js"]) {
      const code = readFileSync(`${root}/build/${file}`, "utf8");
      expect(code, file).not.toMatch(/(from|import)\s*['"]node:/); // minified chunks have no space
      expect(code, file).not.toMatch(/from\s*['"]fflate['"]/); // bundled: no bare specifiers at run time
    }
  });

  it("ships typings for the bundle", () => {
    const dts = readFileSync(`${root}/build/index.d.ts`, "utf8");
    expect(dts).toMatch(/declare function init/);
  });
});

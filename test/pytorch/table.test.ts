// docs/pytorch-tests.md and the README row are generated from the ports and the manifest; they must
// be current (run `node tools/gen-pytorch-tests-table.mjs` after a port changes state).
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("docs/pytorch-tests.md", () => {
  it("is generated from the current ports and manifest", () => {
    const root = new URL("../..", import.meta.url).pathname;
    let error = "";
    try {
      execFileSync("node", ["tools/gen-pytorch-tests-table.mjs", "--check"], { cwd: root, stdio: "pipe" });
    } catch (e) {
      error = String((e as { stderr?: Buffer }).stderr ?? e);
    }
    expect(error).toBe("");
  });
});

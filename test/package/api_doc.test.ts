// docs/api (TypeDoc, `npm run docs:api`) documents every export of the package root: a new export
// without regenerated docs fails here. (Regenerating takes ~1 min, so CI checks names, not text.)
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as root from "../../src/index.js";

const docs = new URL("../../docs/api/", import.meta.url).pathname;
function allMarkdown(dir: string): string {
  return readdirSync(dir)
    .map((f) => join(dir, f))
    .map((p) => (statSync(p).isDirectory() ? allMarkdown(p) : p.endsWith(".md") ? readFileSync(p, "utf8") : ""))
    .join("\n");
}

describe("docs/api", () => {
  it("has a section for every export of the package root", () => {
    const text = allMarkdown(docs);
    const md = (name: string) => name.replace(/_/g, "\\_");
    const missing = Object.keys(root).filter((name) => {
      const n = md(name);
      return !(text.includes(`### ${n}\n`) || text.includes(`### ${n}()\n`) || text.includes(`- [${n}](`));
    });
    expect(missing).toEqual([]);
  });

  it("documents the public surface users call (torch.export, Tensor, Module)", () => {
    const text = allMarkdown(docs);
    // A class whose instances are callable (Module) is headed `Name()`.
    for (const name of ["torch", "Tensor", "ExportedProgram", "Module", "DynamicShapes"]) expect(text).toMatch(new RegExp(`^### ${name}(\\(\\))?$`, "m"));
  });
});

// Every error class pt2js defines can be caught by class from the package root (issue #17).
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import * as pt2js from "../../src/index.js";

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

it("every exported Error class of src/ is exported by the package root", () => {
  const src = new URL("../../src", import.meta.url).pathname;
  const names = new Set<string>();
  for (const f of walk(src)) for (const m of readFileSync(f, "utf8").matchAll(/^export class (\w+Error)\b/gm)) names.add(m[1]!);
  expect(names.size).toBeGreaterThan(30);
  const missing = [...names].filter((n) => !(n in pt2js) && !(n === "NotImplementedError" && "ExportNotImplementedError" in pt2js && !("NotImplementedError" in pt2js)));
  expect(missing).toEqual([]);
  expect(new pt2js.GuardFailedError("x")).toBeInstanceOf(pt2js.Pt2jsError);
});

import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { supportedMarkdown } from "../../tools/supported_doc.js";

it("docs/supported.md lists what the registry and namespaces hold (regenerate: npx tsx tools/gen-supported.ts)", () => {
  expect(readFileSync(new URL("../../docs/supported.md", import.meta.url), "utf8")).toBe(supportedMarkdown());
});

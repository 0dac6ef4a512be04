// docs/conformance.md's generated list of decomposed and kept ops is up to date with the tables.
import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { BEGIN, END, decompositionDocs } from "./decomposition_docs.js";

it("docs/conformance.md lists the ops run_decompositions decomposes and keeps, as the tables say", () => {
  const text = readFileSync(new URL("../../docs/conformance.md", import.meta.url), "utf8");
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  expect(start).toBeGreaterThanOrEqual(0);
  expect(text.slice(start, end + END.length)).toBe(decompositionDocs());
});

// Writes the generated run_decompositions section at the end of docs/conformance.md (replacing the
// previous one): `npx tsx tools/gen-decomposition-docs.ts`.
import { readFileSync, writeFileSync } from "node:fs";
import { BEGIN, END, decompositionDocs } from "../test/program/decomposition_docs.js";

const path = new URL("../docs/conformance.md", import.meta.url);
const text = readFileSync(path, "utf8");
const start = text.indexOf(BEGIN);
const end = text.indexOf(END);
const body = decompositionDocs();
const next = start >= 0 && end > start ? text.slice(0, start) + body + text.slice(end + END.length) : `${text.trimEnd()}\n\n${body}\n`;
writeFileSync(path, next);
console.log(`docs/conformance.md: ${body.split("\n").length} generated lines`);

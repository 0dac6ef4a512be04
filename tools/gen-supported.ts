// Writes docs/supported.md: what pt2js implements, generated from the live registry and namespaces
// (torch.* functions, Tensor methods, F.*, nn modules, ATen overloads with a meta function and
// kernel). Run: npx tsx tools/gen-supported.ts (test/package/supported_doc.test.ts checks it is current).
import { writeFileSync } from "node:fs";
import { supportedMarkdown } from "./supported_doc.js";

writeFileSync(new URL("../docs/supported.md", import.meta.url), supportedMarkdown());

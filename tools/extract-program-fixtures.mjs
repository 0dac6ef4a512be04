// Extracts, from the shared PyTorch 2.11 corpus, each exported program's graph signature specs and
// the signature / range-constraint text of `print(ep)`, into test/fixtures (run by hand).
import { readFileSync, readdirSync, existsSync, writeFileSync } from "node:fs";

const ref = process.argv[2] ?? "../shared/reference/torch-2.11";
const out = {};
for (const group of ["zoo", "shapes", "exportdb", "exportdb_strict", "big"]) {
  for (const name of readdirSync(`${ref}/${group}`).sort()) {
    const path = `${ref}/${group}/${name}/result.json`;
    if (!existsSync(path)) continue;
    const result = JSON.parse(readFileSync(path, "utf8"));
    if (!result.ep) continue;
    const printed = result.ep.printed;
    out[`${group}/${name}`] = {
      input_specs: result.ep.input_specs,
      output_specs: result.ep.output_specs,
      range_constraints: result.ep.range_constraints,
      signature_text: printed.slice(printed.indexOf("Graph signature: \n") + "Graph signature: \n".length, printed.indexOf("Range constraints: ")),
      range_constraints_text: printed.slice(printed.indexOf("Range constraints: ")).replace(/\n$/, ""),
    };
  }
}
writeFileSync("test/fixtures/torch-2.11/program/signatures.json", JSON.stringify(out, null, 1) + "\n");
console.log(`${Object.keys(out).length} programs`);

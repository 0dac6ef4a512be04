// Not part of CI: checks that PyTorch itself loads the archives pt2js writes. Exports the ported
// reference models with pt2js, saves each with torch.export.save (src/program/save_load.ts), and
// loads it with the torch oracle (../shared/tools/torch-oracle, a chroot with Debian's torch; run
// its setup.sh once, as root). Reports, per case, whether torch loaded it and whether torch's
// print of the loaded program equals pt2js's (comment lines removed).
//
//   npx tsx tools/check-with-oracle.ts [case-name-filter]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { init } from "../src/core/loader.js";

const oracle = new URL("../../shared/tools/torch-oracle/", import.meta.url).pathname;
await init(readFileSync(new URL("../build/core.wasm", import.meta.url)));
const { save } = await import("../src/program/save_load.js");
const { EXPORT_CASES, exportCase } = await import("../test/serde_program/exports.js");

const strip = (s: string) => s.split("\n").filter((l) => !l.trim().startsWith("#") && l.trim() !== "").join("\n");
const filter = process.argv[2] ?? "";
const dir = mkdtempSync(join(tmpdir(), "pt2js-oracle-"));
let loaded = 0;
let same = 0;
let total = 0;
try {
  for (const name of EXPORT_CASES.filter((n: string) => n.includes(filter))) {
    total++;
    const ep = exportCase(name);
    const file = join(dir, `${name.replace("/", "__")}.pt2`);
    writeFileSync(file, save(ep));
    let out: string;
    try {
      out = execFileSync(join(oracle, "run.sh"), ["load_pt2.py", file], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const err = (e as { stderr?: string }).stderr ?? String(e);
      console.log(`FAIL   ${name}: ${err.trim().split("\n").slice(-1)[0]}`);
      continue;
    }
    loaded++;
    const equal = strip(out) === strip(ep.toString());
    if (equal) same++;
    console.log(`${equal ? "same  " : "loaded"} ${name}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\ntorch loaded ${loaded} / ${total} pt2js archives; ${same} print the same text`);

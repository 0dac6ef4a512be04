// Not part of CI: checks that PyTorch itself loads the archives pt2js writes. Exports the ported
// reference models with pt2js, saves each with torch.export.save (src/program/save_load.ts), loads
// it with the torch oracle (../shared/tools/torch-oracle: a chroot with Debian's torch 2.6; run its
// setup.sh once, as root) and runs `ep.module()` there on the case's inputs. Reports, per case,
// whether torch loaded the archive and whether its outputs equal pt2js's (`ep.module()` here).
// (torch 2.6 prints programs differently from 2.11 — graph signature repr, keyword arguments — so
// the printed text is not compared.)
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
const { EXPORT_CASES, exportCase, caseInputs } = await import("../test/serde_program/exports.js");
const { Tensor } = await import("../src/tensor/tensor.js");
const { tree_leaves } = await import("../src/pytree/index.js");

const filter = process.argv[2] ?? "";
const dir = mkdtempSync(join(tmpdir(), "pt2js-oracle-"));
let loaded = 0;
let same = 0;
let total = 0;
try {
  for (const name of EXPORT_CASES.filter((n: string) => n.includes(filter))) {
    total++;
    const ep = exportCase(name);
    const { args, kwargs } = caseInputs(name);
    const file = join(dir, `${name.replace("/", "__")}.pt2`);
    writeFileSync(file, save(ep));
    // load_pt2.py calls the module with positional tensors only.
    const flat = [...args, ...Object.values(kwargs ?? {})];
    const runnable = flat.every((a) => a instanceof Tensor);
    const oracleArgs = [join(oracle, "load_pt2.py"), file];
    if (runnable) {
      const inputs = (flat as InstanceType<typeof Tensor>[]).map((t) => ({ dtype: t.dtype.name, shape: t.shape, data: Array.from(t.contiguous()._values()) }));
      writeFileSync(join(dir, "inputs.json"), JSON.stringify(inputs));
      oracleArgs.push(join(dir, "inputs.json"));
    }
    let out: string;
    try {
      out = execFileSync(join(oracle, "run.sh"), oracleArgs, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (e) {
      const err = (e as { stderr?: string }).stderr ?? String(e);
      console.log(`FAIL    ${name}: ${err.trim().split("\n").slice(-1)[0]}`);
      continue;
    }
    loaded++;
    const line = out.split("\n").find((l) => l.startsWith("OUTPUT_JSON "));
    if (!runnable || line === undefined || kwargs !== undefined) {
      console.log(`loaded  ${name} (not run: inputs are not a flat tuple of tensors)`);
      continue;
    }
    const theirs = JSON.parse(line.slice("OUTPUT_JSON ".length)) as number[][];
    const ours = tree_leaves((ep.module() as unknown as (...a: unknown[]) => unknown)(...args)).map((t) =>
      Array.from((t as InstanceType<typeof Tensor>).contiguous()._values()),
    );
    const equal = ours.length === theirs.length && ours.every((o, i) => o.length === theirs[i]!.length && o.every((x, j) => Math.abs(x - theirs[i]![j]!) <= 1e-4 * (1 + Math.abs(x))));
    if (equal) same++;
    console.log(`${equal ? "same   " : "differ "} ${name}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\ntorch loaded ${loaded} / ${total} pt2js archives; ${same} computed pt2js's outputs`);

// Runs every bench/*.bench.ts in turn (`npm run bench`), or the ones named on the command line.
// Benchmarks print their own results; record them with the machine in bench/RESULTS.md.
import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";

const dir = fileURLToPath(new URL(".", import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".bench.ts"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
for (const file of files) {
  console.log(`\n## ${file}`);
  execFileSync(process.execPath, ["--import", "tsx", `${dir}${file}`], { stdio: "inherit" });
}

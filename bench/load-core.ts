// Benchmarks import this first: it loads build/core.wasm (run `npm run build:wasm` before).
import { readFile } from "node:fs/promises";
import { init } from "../src/core/loader.js";

await init(await readFile(new URL("../build/core.wasm", import.meta.url)));

// Node, Bun and Deno: read core.wasm beside this bundle from disk.
import { readFile } from "node:fs/promises";
import { init } from "../core/loader.js";

await init(await readFile(new URL("./core.wasm", import.meta.url)));

export * from "../index.js";

// Node, Bun and Deno: read core.wasm beside this bundle from disk.
import { readFile } from "node:fs/promises";
import { init } from "../core/loader.js";
import { setPt2FileSystem } from "../program/save_load.js";
import * as nodeFiles from "../serde/node-file.js";

await init(await readFile(new URL("./core.wasm", import.meta.url)));
setPt2FileSystem(nodeFiles); // torch.export.save(ep, path) / load(path) use the file system in Node

export * from "../index.js";

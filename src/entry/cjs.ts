// require("pt2js") (CommonJS, Jest): no top-level await; `await init()` reads core.wasm from disk in
// Node, or pass init(source) elsewhere. Node's modules are required when init() runs, not at load.
import { setDefaultCoreSource } from "../core/loader.js";
import { setPt2FileSystem } from "../program/save_load.js";
import { prepare, HINT_BESIDE_BUNDLE } from "./common.js";

declare const require: ((id: string) => unknown) | undefined;
declare const __dirname: string | undefined;

prepare();
setDefaultCoreSource(async () => {
  if (typeof require !== "function" || typeof __dirname !== "string") {
    throw new Error("outside Node there is no file to read core.wasm from; pass init(source)");
  }
  const { readFile } = require("node:fs/promises") as typeof import("node:fs/promises");
  const { join } = require("node:path") as typeof import("node:path");
  // torch.export.save(ep, path) / load(path) use the file system in Node.
  setPt2FileSystem(require("./node-file.cjs") as Parameters<typeof setPt2FileSystem>[0]);
  return new Uint8Array(await readFile(join(__dirname, "..", "core.wasm")));
}, HINT_BESIDE_BUNDLE);

export * from "../index.js";

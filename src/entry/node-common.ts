// The Node entries: core.wasm read from disk beside the bundle; .pt2 paths go to the file system.
import { readFile } from "node:fs/promises";
import { setDefaultCoreSource } from "../core/loader.js";
import { setPt2FileSystem } from "../program/save_load.js";
import * as nodeFiles from "../serde/node-file.js";
import { besideBundle, prepare } from "./common.js";

export function useNodeFiles(base: string | undefined): void {
  prepare();
  setDefaultCoreSource(
    async () => new Uint8Array(await readFile(besideBundle(base))),
    "The package's build/core.wasm must sit beside the entry you import; pass its bytes or a URL to init(source) otherwise",
  );
  setPt2FileSystem(nodeFiles); // torch.export.save(ep, path) / load(path) use the file system in Node
}

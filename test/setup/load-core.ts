// Loads build/core.wasm before the tests, as the package's node entry does for users.
import { readFile } from "node:fs/promises";
import { init } from "../../src/core/loader.js";

await init(await readFile(new URL("../../build/core.wasm", import.meta.url)));

// The quick-start example. For now it loads the WASM core and reports its version; it grows into
// a full export of an MLP with a dynamic batch as the tracer lands.
import { coreVersion } from "pt2js";

console.log(`pt2js core ${coreVersion()} loaded`);

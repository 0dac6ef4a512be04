// The core's public surface for the rest of pt2js.
export { init, isInitialized, core, type CoreSource } from "./loader.js";
export * from "./errors.js";
export { checked, errorFromCore } from "./check.js";
export { coreVersion } from "./version.js";

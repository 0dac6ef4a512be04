import { core } from "./loader.js";

/** The loaded core's version string. */
export function coreVersion(): string {
  return core().coreVersion();
}

/** The core's version, checked by the loader against the facade's. */
export const CORE_VERSION = "0.1.0";

export function coreVersion(): string {
  return CORE_VERSION;
}

/** Gives public names back to the declarations a dts bundle suffixed with `$1` (see the .mjs). */
export function restorePublicNames(code: string): string;
export function dtsPublicNames(): { name: string; renderChunk(code: string): { code: string; map: null } };

// The user's source line for guards and specializations: the first stack frame outside pt2js's
// own sources, formatted as PyTorch formats a guard's sloc (`file:line in fn`).

// pt2js's own code: src/ in development, the package folder when bundled. Found on first use, not
// at load: import.meta.url is missing in CommonJS and script bundles and in workerd before
// compatibility date 2026-11-15, and `new URL("../", undefined)` would stop the whole import.
let own: { prefix: string; path: string } | null = null;

function ownCode(): { prefix: string; path: string } {
  if (own) return own;
  let prefix = "";
  try {
    const base: unknown = import.meta.url;
    if (typeof base === "string" && base !== "") prefix = new URL("../", base).href;
  } catch {
    prefix = "";
  }
  if (prefix === "") prefix = parentOfThisFile();
  own = { prefix, path: safePath(prefix) };
  return own;
}

// Without import.meta.url: the folder above the file this function's own stack frame names.
function parentOfThisFile(): string {
  const line = (new Error().stack ?? "").split("\n").find((l) => FRAME.test(l)) ?? "";
  const file = FRAME.exec(line)?.[2] ?? "";
  try {
    return new URL("../", file).href;
  } catch {
    const cut = file.replace(/[\\/][^\\/]*$/, "").replace(/[\\/][^\\/]*$/, "");
    return cut === file ? file : `${cut}/`;
  }
}

function safePath(href: string): string {
  try {
    return decodeURIComponent(new URL(href).pathname);
  } catch {
    return href;
  }
}

const FRAME = /^\s*at (?:(.*?) \()?(.*?):(\d+):(\d+)\)?$/;

/** `file:line in fn` for the first frame outside pt2js ("" when none is found). */
export function userSourceLine(): string {
  const stack = new Error().stack;
  if (!stack) return "";
  for (const line of stack.split("\n").slice(1)) {
    const m = FRAME.exec(line);
    if (!m) continue;
    const file = m[2];
    const { prefix, path } = ownCode();
    if (file.startsWith(prefix) || file.startsWith(path) || file.startsWith("node:")) continue;
    // Python names the function only (`forward`, not `Proxy.forward` or `MyModel.forward`).
    const fn = (m[1] ?? "<module>").replace(/^(async |new )/, "").replace(/^.*\./, "") || "<module>";
    return `${shorten(file)}:${m[3]} in ${fn}`;
  }
  return "";
}

function shorten(file: string): string {
  const path = file.startsWith("file://") ? safePath(file) : file;
  const parts = path.split("/");
  return parts.slice(-2).join("/");
}

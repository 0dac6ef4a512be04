// The user's source line for guards and specializations: the first stack frame outside pt2js's
// own sources, formatted as PyTorch formats a guard's sloc (`file:line in fn`).

// pt2js's own code: src/ in development, the package folder when bundled.
const OWN_PREFIX = new URL("../", import.meta.url).href;
const OWN_PATH = safePath(OWN_PREFIX);

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
    if (file.startsWith(OWN_PREFIX) || file.startsWith(OWN_PATH) || file.startsWith("node:")) continue;
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

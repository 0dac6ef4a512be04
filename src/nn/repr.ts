// PyTorch's Module.__repr__: `Name(extra_repr)` or one `(child): repr` line per submodule.
import type { Module } from "./module.js";

/** Indents every line but the first by `n` spaces (PyTorch's _addindent). */
function addIndent(s: string, n: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  return [lines[0], ...lines.slice(1).map((l) => " ".repeat(n) + l)].join("\n");
}

export function moduleRepr(m: Module): string {
  const extra = m.extra_repr();
  const extraLines = extra ? extra.split("\n") : [];
  const childLines: string[] = [];
  for (const [key, child] of m._modules) childLines.push(`(${key}): ${addIndent(child === null ? "None" : child.toString(), 2)}`);
  const lines = [...extraLines, ...childLines];
  let s = `${m.constructor.name}(`;
  if (lines.length > 0) {
    if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0];
    else s += `\n  ${lines.join("\n  ")}\n`;
  }
  return s + ")";
}

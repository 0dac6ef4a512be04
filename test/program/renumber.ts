// Printed programs compared up to node numbering (docs/conformance.md): node names renumbered by
// order of appearance per base name (`mul_22` → `mul_#0`). PyTorch numbers the nodes of a
// decomposition after every SymInt and tensor op its Python decompositions traced and later
// dropped (`add_9`, `mul_57`, `sym_size_int_21`, the views functionalization regenerates and
// discards), which pt2js's decompositions do not replay one for one.
export function renumbered(text: string): string {
  const names = new Set<string>();
  for (const m of text.matchAll(/^ {12,}(\w+)(?:: "[^"]*")? = /gm)) names.add(m[1]!);
  const seen = new Map<string, number>();
  const renamed = new Map<string, string>();
  for (const n of names) {
    if (/^[pbc]_/.test(n)) continue;
    const base = n.replace(/_\d+$/, "");
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    renamed.set(n, `${base}_#${k}`);
  }
  return text.replace(/(?<![.\w])\w+\b/g, (w) => renamed.get(w) ?? w);
}

// rollup-plugin-dts gives a name to one declaration per bundle: when two modules declare the same
// name (the serialized schema's `interface ExportedProgram`, `Node`, `SymInt`, ... and the classes
// users hold), the one bundled first keeps it and the other becomes `ExportedProgram$1`; that was
// the public class, so editors' hovers showed `ExportedProgram$1`. This pass gives public names
// back: for every `X$1 as X` in the export list, the other `X` becomes `X$internal` and `X$1`
// becomes `X`. Identifiers are found with TypeScript's scanner (comments, strings and property
// names are left alone); the integration suite's `tsc --strict` (skipLibCheck off) checks the result.
import ts from "typescript";

const K = ts.SyntaxKind;
// Tokens after which a name followed by MEMBER_NEXT names a member or a parameter.
const MEMBER_START = new Set([K.OpenBraceToken, K.SemicolonToken, K.CommaToken, K.OpenParenToken, K.DotDotDotToken,
  K.ReadonlyKeyword, K.StaticKeyword, K.PrivateKeyword, K.ProtectedKeyword, K.PublicKeyword, K.AbstractKeyword, K.GetKeyword, K.SetKeyword]);
const MEMBER_NEXT = new Set([K.ColonToken, K.QuestionToken, K.OpenParenToken, K.LessThanToken]);

export function restorePublicNames(code) {
  const swaps = new Map(); // X -> true for `X$1 as X` (the root's or a namespace's export list)
  for (const m of code.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\$1 as ([A-Za-z_][A-Za-z0-9_]*)\b/g)) {
    if (m[1] === m[2]) swaps.set(m[1], true);
  }
  if (swaps.size === 0) return code;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, /*skipTrivia*/ true, ts.LanguageVariant.Standard, code);
  const tokens = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    tokens.push({ kind, start: scanner.getTokenStart(), end: scanner.getTokenEnd(), text: scanner.getTokenText() });
  }
  const edits = [];
  // Inside `export { ... }` a bare specifier is both the local and the exported name: a renamed
  // local keeps its exported name with `as`.
  let inExportList = false;
  tokens.forEach((t, i) => {
    const prev = tokens[i - 1];
    const next = tokens[i + 1];
    if (t.kind === K.OpenBraceToken && prev?.kind === K.ExportKeyword) inExportList = true;
    if (t.kind === K.CloseBraceToken) inExportList = false;
    if (t.kind !== ts.SyntaxKind.Identifier) return;
    // A member or parameter name (`a.X`, `{ X: T }`, `X?: T`, `(X: T)`, a method `X(...)` or
    // `X<T>(...)` in a class body) is not a reference; `declare const X: T` is a declaration.
    if (prev?.kind === ts.SyntaxKind.DotToken) return;
    const afterMemberStart = prev !== undefined && MEMBER_START.has(prev.kind);
    if (afterMemberStart && next !== undefined && MEMBER_NEXT.has(next.kind)) return;
    // `X$1 as X` in the export list: the exported name stays.
    if (prev?.kind === ts.SyntaxKind.AsKeyword) return;
    const name = t.text;
    let renamed = null;
    if (name.endsWith("$1") && swaps.has(name.slice(0, -2))) renamed = name.slice(0, -2);
    else if (swaps.has(name)) renamed = `${name}$internal`;
    if (renamed === null) return;
    const bareSpecifier = inExportList && next?.kind !== K.AsKeyword;
    edits.push([t.start, t.end, bareSpecifier ? `${renamed} as ${name}` : renamed]);
  });
  let out = "";
  let at = 0;
  for (const [s, e, text] of edits) {
    out += code.slice(at, s) + text;
    at = e;
  }
  out += code.slice(at);
  // `export { X as X }` after the swap reads `X as X`: drop the redundant alias.
  return out.replace(/^\s*export \{([^}]*)\};?\s*$/gm, (line) => line.replace(/(?<![\w$])([A-Za-z_][A-Za-z0-9_$]*) as \1\b/g, "$1"));
}

/** The rollup plugin (dts build). */
export function dtsPublicNames() {
  return {
    name: "pt2js-dts-public-names",
    renderChunk(code) {
      return { code: restorePublicNames(code), map: null };
    },
  };
}

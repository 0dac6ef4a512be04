// build/index.d.ts (made by `npm test`'s build): what editors show a TypeScript user.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { restorePublicNames } from "../../tools/dts-public-names.mjs";
import * as root from "../../src/index.js";

const dts = () => readFileSync(new URL("../../build/index.d.ts", import.meta.url), "utf8");

describe("build/index.d.ts", () => {
  it("declares every root export under its own name (hovers show ExportedProgram, not ExportedProgram$1)", () => {
    const list = dts().match(/^export \{([^}]*)\};?\s*$/m)![1]!;
    const renamed = list.split(",").map((s) => s.trim()).filter((s) => /\$\d+ as /.test(s));
    expect(renamed).toEqual([]);
    // Every runtime export of the package root is exported by the declarations under its name.
    const exported = new Set(list.split(",").map((s) => s.trim().split(/\s+as\s+/).pop()!));
    expect(Object.keys(root).filter((k) => !exported.has(k))).toEqual([]);
    for (const name of ["ExportedProgram", "SymInt", "SymBool", "Tensor"]) expect(dts()).toMatch(new RegExp(`^declare class ${name}\\b`, "m"));
  });

  it("the renaming pass leaves members, parameters and comments alone", () => {
    const code = [
      "interface Node { Node: number; name?: Node; }",
      "declare class Node$1 { /** a Node */ Node(x: Node$1): Node; readonly Graph: Node$1; }",
      "declare const Node$2: (Node: Node$1) => Node;",
      "declare function init(): void;",
      "declare namespace init$1 { }",
      "declare namespace nn { export { init$1 as init }; }",
      "export { Node$1 as Node, init };",
    ].join("\n");
    expect(restorePublicNames(code).split("\n")).toEqual([
      "interface Node$internal { Node: number; name?: Node$internal; }",
      "declare class Node { /** a Node */ Node(x: Node): Node$internal; readonly Graph: Node; }",
      "declare const Node$2: (Node: Node) => Node$internal;",
      "declare function init$internal(): void;",
      "declare namespace init { }",
      "declare namespace nn { export { init as init }; }",
      "export { Node, init$internal as init };",
    ]);
  });
});

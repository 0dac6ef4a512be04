// The random-DAG unflatten tests of test_export.py build chains of modules N0 -> N1 -> ... whose
// forwards are a few kinds of lines. `dagModel` takes each class's forward body as the Python
// test writes it (the lines are copied verbatim) and builds the modules: `x = x + self.<path>.buf`
// (or `.const`), `x = self.<path>(x + 1)`, `self.<path>.buf.add_(1)`, `return x + 1`.
/* eslint-disable @typescript-eslint/no-explicit-any */
import { torch as torchTyped, nn } from "../../src/index.js";

const torch: any = torchTyped;

export interface DagClass {
  /** "buf": a Buffer ones(1); "const": a plain tensor attribute ones(1); null: none. */
  state: "buf" | "const" | null;
  /** The forward body lines (without `def forward`). */
  body: string[];
}

const walk = (m: any, path: string): any => (path === "" ? m : path.split(".").reduce((o, k) => o[k], m));

/** Builds N0 of a chain N0 -> N1 -> ... -> N{k}; classes[i] describes Ni. */
export function dagModel(classes: DagClass[]): () => any {
  const make = (i: number): any => {
    const spec = classes[i]!;
    const child = i + 1 < classes.length ? make(i + 1) : null;
    const m: any = new (class extends nn.Module {
      override forward(x: any): any {
        for (const line of spec.body) {
          let r: RegExpExecArray | null;
          if ((r = /^x = x \+ self\.([\w.]+)\.(buf|const)$/.exec(line))) x = x.add(walk(this, r[1]!)[r[2]!]);
          else if ((r = /^x = self\.([\w.]+)\(x \+ 1\)$/.exec(line))) x = walk(this, r[1]!)(x.add(1));
          else if ((r = /^self\.([\w.]+)\.buf\.add_\(1\)$/.exec(line))) walk(this, r[1]!).buf.add_(1);
          else if (line === "return x + 1") return x.add(1);
          else throw new Error(`dagModel: unknown line ${line}`);
        }
        throw new Error("dagModel: no return");
      }
    })();
    if (spec.state === "buf") m.register_buffer("buf", torch.ones(1));
    if (spec.state === "const") m.const = torch.ones(1);
    if (child !== null) m[`n${i + 1}`] = child;
    return m;
  };
  return () => make(0);
}

// node.meta["stack_trace"] through the built bundle in plain Node: the fast path (structured call
// sites, used when Node formats stacks itself) must give exactly what parsing `.stack` gives (used
// under source maps or a user's Error.prepareStackTrace).
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));

const SCRIPT = `
import { torch, nn, F } from "pt2js";
class MLP extends nn.Module {
  fc1 = new nn.Linear(16, 32);
  fc2 = new nn.Linear(32, 4);
  forward(x) { return this.fc2(F.relu(this.fc1(x))); }
}
class Helper extends nn.Module {
  inner = new MLP();
  forward(x) { const f = (t) => F.relu(t); return this.inner(f(x)).add(1); }
}
class Outer extends nn.Module {
  h = new Helper();
  forward(x) { return this.h(x).mul(2); }
}
// Deep enough that the capture limit is exceeded at first (the retry path).
class Deep extends nn.Module {
  constructor(n) { super(); this.n = n; if (n > 0) this.child = new Deep(n - 1); }
  forward(x) { return this.n > 0 ? this.child(x).add(this.n) : x.relu(); }
}
const cases = [[new MLP(), [torch.randn(8, 16)]], [new Outer(), [torch.randn(8, 16)]], [new Deep(12), [torch.randn(3)]]];
const dump = () => cases.map(([m, x]) => { const ep = torch.export.export(m, x); return [ep.toString(), ...ep.graph.nodes.map((n) => String(n.meta.stack_trace))].join("|"); });
function forward() { return dump(); } // a caller named forward, outside export(): never in a trace
const fast = forward();
const node = Error.prepareStackTrace;
Error.prepareStackTrace = function formatAsNodeDoes(e, sites) { return node ? node(e, sites) : String(e) + sites.map((s) => "\\n    at " + s).join(""); };
const slow = forward();
console.log(JSON.stringify({ fast, slow }));
`;

describe("stack traces through the bundle", () => {
  it("the structured fast path matches parsing .stack, frame for frame", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", SCRIPT], { cwd: root, encoding: "utf8" });
    const { fast, slow } = JSON.parse(out) as { fast: string[]; slow: string[] };
    expect(fast).toEqual(slow);
    // Outer's first op (relu, in Helper's arrow): Outer.forward's line, then Helper.forward's — and
    // not the caller named forward further out.
    const relu = fast[1]!.split("|").find((t) => t.includes("line 10"))!;
    expect(relu).toMatch(/^File ".*\[eval1\]", line 14, in forward\n    \.\.\.\n  File ".*\[eval1\]", line 10, in forward\n    \.\.\.$/);
    // Deep(12): the innermost op sits under 13 nested forwards.
    expect(Math.max(...fast[2]!.split("|").map((t) => t.match(/in forward/g)?.length ?? 0))).toBe(13);
  });
});

// Checks node.meta["stack_trace"] through the BUILT bundle: the structured fast path (call sites,
// with the per-module-call cache of outer frames) must give exactly what parsing `.stack` gives
// (the path under source maps or a user's Error.prepareStackTrace), node for node, on the bench
// models and on shapes that stress the cache: helpers and arrows called from forward, a
// plain-function model, a module called twice, forward called directly, cond branches calling
// modules, deep nesting, and a second export from inside a forward. Run:
//   npm run build && node bench/bundle/stack_traces_check.mjs
import * as pt2js from "pt2js";
import { defineModels } from "./models.mjs";

const { torch, nn, F, Dim } = pt2js;
const m = defineModels(pt2js);

class MLP extends nn.Module {
  fc1 = new nn.Linear(16, 32);
  fc2 = new nn.Linear(32, 16);
  forward(x) { return this.fc2(F.relu(this.fc1(x))); }
}
function helper(mod, x) { return mod(x).sigmoid(); }
class Helpers extends nn.Module {
  a = new MLP();
  b = new MLP();
  forward(x) {
    const f = (t) => F.relu(t).add(1);
    const y = helper(this.a, f(x));
    return this.b.forward(this.a(y)).mul(2); // b.forward directly: no module call
  }
}
class Twice extends nn.Module {
  inner = new Helpers();
  forward(x) { return this.inner(this.inner(x)); }
}
class Deep extends nn.Module {
  constructor(n) { super(); this.n = n; if (n > 0) this.child = new Deep(n - 1); }
  forward(x) { return this.n > 0 ? this.child(x).add(this.n) : x.relu(); }
}
class Cond extends nn.Module {
  a = new MLP();
  forward(x) {
    return torch.cond(x.sum().gt(0), (t) => this.a(t).cos(), (t) => helper(this.a, t), [x]);
  }
}
// A module-like object that is not an nn.Module, holding modules.
const inner = new MLP();
const plain = {
  mlp: inner,
  forward(x) { return this.mlp(x.relu()).neg(); },
  named_parameters: () => [...inner.named_parameters()].map(([k, v]) => [`mlp.${k}`, v]),
  named_buffers: () => [],
  named_modules: () => [...inner.named_modules()].map(([k, v]) => [k ? `mlp.${k}` : "mlp", v]),
};
class Nested extends nn.Module {
  a = new MLP();
  forward(x) {
    torch.export.export(new MLP(), [torch.randn(2, 16)]); // an export inside the trace
    return this.a(x).add(1);
  }
}

// forward as an anonymous function set on the prototype, and as a named function set on an instance.
class Anon extends nn.Module { a = new MLP(); }
Anon.prototype.forward = function (x) { return this.a(x).tanh(); };
class Renamed extends nn.Module {
  a = new Anon();
  constructor() { super(); this.a.forward = function impl(x) { return x.exp(); }; }
  forward(x) { return this.a(x).add(this.a(x)); }
}
Object.defineProperty(MLP.prototype, "extra", { value: function (x) { return this.fc1(x); } });

const cases = [
  ["anon", () => new Anon(), () => [torch.randn(4, 16)]],
  ["renamed", () => new Renamed(), () => [torch.randn(4, 16)]],
  ["mlp", () => new MLP(), () => [torch.randn(4, 16)]],
  ["helpers", () => new Helpers(), () => [torch.randn(4, 16)]],
  ["twice", () => new Twice(), () => [torch.randn(4, 16)]],
  ["deep25", () => new Deep(25), () => [torch.randn(3)]],
  ["deep40", () => new Deep(40), () => [torch.randn(3)]], // past the 200-frame capture: truncated alike
  ["cond", () => new Cond(), () => [torch.randn(4, 16)]],
  ["plain", () => plain, () => [torch.randn(4, 16)]],
  ["nested", () => new Nested(), () => [torch.randn(4, 16)]],
  ["cnn", () => new m.CNN().eval(), () => [torch.randn(2, 3, 16, 16)]],
  ["tinygpt", () => new m.TinyGPT().eval(), () => [torch.randint(0, 128, [2, 16], { dtype: torch.int64 })],
    () => ({ idx: { 0: Dim("batch", { min: 1, max: 1024 }), 1: Dim("seq", { min: 1, max: 64 }) } })],
  ["resnet18", () => new m.ResNet(m.BasicBlock, [2, 2, 2, 2]).eval(), () => [torch.randn(2, 3, 64, 64)]],
  ["resnet50", () => new m.ResNet(m.Bottleneck, [3, 4, 6, 3]).eval(), () => [torch.randn(1, 3, 64, 64)]],
];

const traces = (ep) => {
  const out = [];
  const walk = (gm) => {
    for (const n of gm.graph.nodes) out.push(`${n.name}: ${n.meta.stack_trace}`);
    for (const [, child] of gm.named_children?.() ?? []) walk(child);
  };
  walk(ep.graph_module);
  return out;
};
const run = () => cases.map(([name, make, inputs, shapes]) => [name, traces(torch.export.export(make(), inputs(), { dynamic_shapes: shapes?.() }))]);
function forward() { return run(); } // a caller named forward, outside export(): never in a trace
const fast = forward();
const again = forward(); // warm: the capture limits have adapted
const prev = Error.prepareStackTrace;
Error.prepareStackTrace = function formatAsNodeDoes(e, sites) { return prev ? prev(e, sites) : String(e) + sites.map((s) => "\n    at " + s).join(""); };
const slow = forward();
Error.prepareStackTrace = prev;
let bad = 0;
slow.forEach(([name, s], k) => {
  for (const f of [fast, again]) {
    const t = f[k][1];
    const diff = s.findIndex((line, i) => line !== t[i]);
    if (diff >= 0 || s.length !== t.length) {
      bad++;
      console.log(`MISMATCH ${name} at node ${diff}:\n  slow: ${JSON.stringify(s[diff])}\n  fast: ${JSON.stringify(t[diff])}`);
    }
  }
  const withTrace = s.filter((l) => !l.endsWith(": null") && !l.endsWith(": undefined")).length;
  console.log(`${name}: ${s.length} nodes, ${withTrace} with a stack trace, max depth ${Math.max(...s.map((l) => l.match(/in forward/g)?.length ?? 0))}`);
});
console.log(bad === 0 ? "OK: fast path == .stack path" : `${bad} mismatches`);
process.exitCode = bad === 0 ? 0 : 1;

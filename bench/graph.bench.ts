// Graph store benchmarks, run by hand (after build:wasm):
//   node --expose-gc --import tsx bench/graph.bench.ts [nodes]      (or `npx tsx ...`)
//   1. memory per node: JS heap and WASM linear memory growth with 5 graphs alive
//   2. build an N-node graph through the fx API (placeholders, call_function with node/int/list
//      args, tensor metadata and stack traces, output): µs per node (target < 2)
//   3. print it (GraphModule.print_readable): µs per node (target < 5)
//   4. a full edit pass: replace_all_uses_with on every other node, then DCE and lint
//   5. dropped graphs give their WASM slots back (needs --expose-gc)
// Times are the best of 15 runs, wall clock and process CPU time.
import "./load-core.js";
import { core } from "../src/core/loader.js";
import { Graph, GraphModule, makeTarget, tuple, type Node } from "../src/fx/index.js";

const N = Number(process.argv[2] ?? 10_000);
const add = makeTarget("torch.ops.aten.add.Tensor", "add");
const view = makeTarget("torch.ops.aten.view.default", "view");
const relu = makeTarget("torch.ops.aten.relu.default", "relu");

class Sym {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}
const s77 = new Sym("s77");

function build(n: number): GraphModule {
  const g = new Graph();
  const x = g.placeholder("x");
  x.meta.val = { dtype: "float32", shape: [s77, 16] };
  const w = g.placeholder("p_weight");
  w.meta.val = { dtype: "float32", shape: [16] };
  let prev: Node = x;
  const trace = 'File "model.ts", line 12, in forward\n    x = x + w';
  for (let i = 0; i < n - 3; i++) {
    const node =
      i % 3 === 0
        ? g.call_function(add, [prev, w])
        : i % 3 === 1
          ? g.call_function(view, [prev, [s77, 16]])
          : g.call_function(relu, [prev]);
    node.meta.val = { dtype: "float32", shape: [s77, 16] };
    node.meta.stack_trace = i % 10 === 0 ? trace : null;
    prev = node;
  }
  g.output(tuple(prev));
  return new GraphModule(g);
}

/** Best wall time and best process CPU time (user + system, ms) over `reps` runs. CPU time is
 * the steadier figure on a shared machine (it excludes time spent waiting for a core), though it
 * also counts V8's background GC threads. */
function best(fn: () => void, reps = 15): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < reps; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall = Math.min(wall, performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu = Math.min(cpu, (c.user + c.system) / 1000);
  }
  return { wall, cpu };
}

function perNode(label: string, t: { wall: number; cpu: number }, target: string): void {
  console.log(
    `${label}: ${((t.wall * 1000) / N).toFixed(2)} µs/node wall, ${((t.cpu * 1000) / N).toFixed(2)} µs/node CPU  [target ${target}]`,
  );
}

function memoryPerNode(): void {
  // Measured first, in a fresh core: keep 5 graphs alive and divide the growth by their nodes.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const wasm0 = core().memory.buffer.byteLength;
  const kept: GraphModule[] = [];
  for (let i = 0; i < 5; i++) kept.push(build(N));
  gc?.();
  const heap1 = process.memoryUsage().heapUsed;
  const wasm1 = core().memory.buffer.byteLength;
  const total = 5 * N;
  console.log(
    `memory: JS heap ${((heap1 - heap0) / total).toFixed(0)} B/node, WASM ${((wasm1 - wasm0) / total).toFixed(0)} B/node ` +
      "(WASM grows in 64 KiB pages and arrays double, so this is an upper bound)" +
      (gc ? "" : "; run with `node --expose-gc --import tsx` for a steadier heap figure"),
  );
  for (const m of kept) m.graph.dispose();
}

memoryPerNode();

// Warm up the JIT on a smaller graph first.
for (let i = 0; i < 3; i++) build(2000).print_readable();

console.log(`nodes: ${N}, load average ${(await import("node:os")).loadavg()[0]!.toFixed(1)}`);
{
  // Graphs are disposed after the timed region (disposal is not part of building).
  const built: GraphModule[] = [];
  perNode("build", best(() => void built.push(build(N))), "< 2");
  for (const m of built) m.graph.dispose();
}
const gm = build(N);
perNode("print", best(() => void gm.print_readable()), "< 5");

perNode("build + replace_all_uses_with on half + DCE + lint", best(() => {
  const m = build(N);
  const g = m.graph;
  const nodes = g.nodes;
  for (let i = 3; i < nodes.length - 1; i += 2) {
    const n = nodes[i]!;
    if (n.op === "call_function") n.replace_all_uses_with(n.args[0] as Node);
  }
  g.eliminate_dead_code();
  g.lint();
  g.dispose();
}, 3), "none");

// Dropped graphs give their slots back (FinalizationRegistry): building and dropping more
// graphs after a warm round should not grow WASM memory.
{
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc) {
    const round = async (): Promise<void> => {
      for (let i = 0; i < 10; i++) build(N);
      gc();
      await new Promise((r) => setTimeout(r, 10));
      gc();
      await new Promise((r) => setTimeout(r, 10));
    };
    await round();
    const before = core().memory.buffer.byteLength;
    await round();
    await round();
    const after = core().memory.buffer.byteLength;
    console.log(`dropped graphs: WASM memory ${before >> 20} MiB -> ${after >> 20} MiB after 20 more ${N}-node graphs`);
  }
}

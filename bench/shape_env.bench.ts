// ShapeEnv costs from TypeScript. Run by hand:
//   npm run build:wasm && npx tsx bench/shape_env.bench.ts
// Prints µs per createSymbol / evaluateGuard / SymInt op, and WASM memory before and after
// creating and freeing 10,000 shape environments.
import "./load-core.js";
import { core } from "../src/core/loader.js";
import { ShapeEnv } from "../src/core/shape_env.js";
import { SymInt, sizeEq, sizeMul } from "../src/symbolic/index.js";

function bench(name: string, n: number, fn: (i: number) => void): void {
  for (let i = 0; i < Math.min(n, 1000); i++) fn(i); // warm up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) fn(i);
  const us = ((performance.now() - t0) * 1000) / n;
  console.log(`${name.padEnd(56)} ${us.toFixed(3)} µs/op`);
}

// createSymbol: a fresh environment every 50 symbols keeps the id probing realistic (inputs of
// a model have a handful of dynamic dims each).
{
  let env = new ShapeEnv();
  bench("createSymbol (L['x'].size()[i], hint 8)", 100_000, (i) => {
    if (i % 50 === 0) {
      env.free();
      env = new ShapeEnv();
    }
    env.createSymbol(`L['x'].size()[${i % 50}]`, 8);
  });
  env.free();
}

{
  const env = new ShapeEnv();
  const s = env.createSymbol("L['x'].size()[0]", 8);
  const t = env.createSymbol("L['y'].size()[0]", 6);
  const decided = s.ge(2); // statically true from the range
  bench("evaluateGuard, decided by ranges (no guard)", 200_000, () => {
    env.evaluateGuard(decided);
  });
  const axiom = s.gt(t); // recorded once, then answered by axioms
  env.evaluateGuard(axiom);
  bench("evaluateGuard, decided by an earlier guard", 200_000, () => {
    env.evaluateGuard(axiom);
  });
  env.free();
}

{
  // A new guard each time: a fresh environment per 20 guards so the guard list stays short.
  let env = new ShapeEnv();
  let s = env.createSymbol("L['x'].size()[0]", 1000);
  bench("evaluateGuard, new guard recorded (s77 > c)", 50_000, (i) => {
    if (i % 20 === 0) {
      env.free();
      env = new ShapeEnv();
      s = env.createSymbol("L['x'].size()[0]", 1000);
    }
    env.evaluateGuard(s.gt(i % 20));
  });
  env.free();
}

{
  const env = new ShapeEnv();
  const s = SymInt.of(env, env.createSymbol("L['x'].size()[0]", 8)) as SymInt;
  bench("SymInt mul (2*s77, hash-consed)", 200_000, () => {
    s.mul(2);
  });
  bench("sizeMul(number, number) fast path", 1_000_000, (i) => {
    sizeMul(i & 255, 3);
  });
  bench("sizeEq(s77, 1) decided statically", 200_000, () => {
    sizeEq(s, 1);
  });
  env.free();
}

{
  const c = core();
  const round = (n: number) => {
    for (let i = 0; i < n; i++) {
      const env = new ShapeEnv();
      const a = env.createSymbol("L['x'].size()[0]", 8);
      const b = env.createSymbol("L['y'].size()[0]", 8);
      env.evaluateGuard(a.eq(b));
      env.free();
    }
  };
  round(1000);
  c.__collect();
  const before = c.memory.buffer.byteLength;
  const t0 = performance.now();
  round(10_000);
  const ms = performance.now() - t0;
  c.__collect();
  const after = c.memory.buffer.byteLength;
  console.log(
    `10,000 ShapeEnvs created, used and freed: ${ms.toFixed(1)} ms; WASM memory ${before} -> ${after} bytes` +
      (after === before ? " (flat)" : " (GREW)"),
  );
}

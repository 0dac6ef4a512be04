// The packed package (`npm pack`) used by fresh apps with the real tools: Node ESM and CommonJS,
// tsc --strict, esbuild / vite / webpack / rollup production bundles in headless Chromium, the
// workerd binary (a 2025 compatibility date and its newest), Bun and Deno. Every target runs the
// README's example and the test checks the printed program and the saved archive.
// Run with `npm run test:integration` (after `npm run build`); CI runs it from .ci/run.
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { unzipSync, strFromU8 } from "fflate";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPECTED_PROGRAM, exampleSource } from "./example.js";
import { bin, ok, prepareWorkspace, repoRoot, serveStatic, sh, workspace, writeApp } from "./harness.js";

const CHROMIUM = process.env.PT2JS_CHROMIUM ?? "/usr/bin/chromium";
const NODE_RESULT = 'console.log("PT2JS_RESULT " + JSON.stringify(result));';
const PAGE_RESULT = "window.pt2jsResult = result;";
const pkgDir = join(workspace, "node_modules", "pt2js");

let apps = "";
let server: { base: string; close(): Promise<void> } | null = null;
let browser: Browser | null = null;

beforeAll(async () => {
  ({ apps } = await prepareWorkspace());
  server = await serveStatic(apps);
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

type Result = Record<string, unknown> & { program?: string; error?: string };

function nodeResult(stdout: string): Result {
  const line = stdout.split("\n").find((l) => l.startsWith("PT2JS_RESULT "));
  if (!line) throw new Error(`the app printed no result:\n${stdout.slice(-3000)}`);
  return JSON.parse(line.slice("PT2JS_RESULT ".length)) as Result;
}

/** What every target must give: PyTorch's program text, the guard, the archive's contents. */
/**
 * `comments`: "exact" where the app and pt2js are separate files; "ignored" where a bundle puts
 * both in one file (pt2js cannot tell its own stack frames from the app's there, so the `# File:`
 * comments differ) and under Bun (see below). The code lines are compared exactly everywhere.
 */
function checkExample(r: Result, production: boolean, comments: "exact" | "ignored" = "exact"): void {
  expect(r.error, String(r.error)).toBeUndefined();
  // `# File:` lines name the app's own file and line, which differ per target.
  const drop = (l: string) => l.trimStart().startsWith("# File:") || (comments === "ignored" && (l.trimStart().startsWith("#  ") || l.includes("# No stacktrace found") || l.trim() === ""));
  const strip = (text: string) => text.split("\n").filter((l) => !drop(l)).join("\n");
  expect(strip(String(r.program))).toBe(strip(EXPECTED_PROGRAM));
  expect(r.shape).toBe("3x4");
  expect(r.guard).toBe("GuardFailedError: Guard failed: x.size()[0] <= 1024");
  expect(r.reloaded).toBe(true);
  // pt2js's own classes keep their names through a minifier.
  expect(r.linear).toBe("Linear(in_features=2, out_features=3, bias=True)");
  if (production) {
    // The dict form in a minified bundle: the error says what happened and how to fix it.
    expect(r.dictForm).toMatch(/^UserError: When `dynamic_shapes` is specified as a dict/);
    expect(r.dictForm).toContain("A bundler or minifier renames parameters.");
    expect(r.dictForm).toMatch(/must be the arg names \['\w+'\] of `inputs`, but here they are \['x'\]/);
    expect(r.dictForm).toContain('forwardArgNames = ["x"]');
  }
  checkArchive(Uint8Array.from(Buffer.from(String(r.archive), "base64")));
}

/** `root`: the archive's top folder (PyTorch names it after the file: mlp.pt2 → mlp/). */
function checkArchive(bytes: Uint8Array, root = "archive"): void {
  const files = unzipSync(bytes);
  const names = Object.keys(files).sort();
  expect(names).toEqual(
    expect.arrayContaining([
      `${root}/archive_format`,
      `${root}/models/model.json`,
      `${root}/data/weights/model_weights_config.json`,
      `${root}/data/weights/weight_0`,
      `${root}/data/weights/weight_3`,
    ]),
  );
  expect(strFromU8(files[`${root}/archive_format`]!)).toBe("pt2");
  const model = JSON.parse(strFromU8(files[`${root}/models/model.json`]!));
  expect(model.range_constraints).toEqual({ s77: { min_val: 1, max_val: 1024 } });
  expect(model.graph_module.graph.nodes.map((n: { target: string }) => n.target)).toEqual([
    "torch.ops.aten.linear.default",
    "torch.ops.aten.relu.default",
    "torch.ops.aten.linear.default",
  ]);
  expect(model.graph_module.signature.input_specs[4]).toEqual({ user_input: { arg: { as_tensor: { name: "x" } } } });
  const stacks = model.graph_module.graph.nodes.map((n: { metadata: Record<string, string> }) => n.metadata.nn_module_stack);
  expect(stacks[0]).toBe("L__self__,,__main__.MLP;L__self__fc1,fc1,torch.nn.modules.linear.Linear");
  // 16*32 + 32 + 32*4 + 4 float32 weights
  const weightBytes = [0, 1, 2, 3].reduce((n, i) => n + files[`${root}/data/weights/weight_${i}`]!.length, 0);
  expect(weightBytes).toBe((16 * 32 + 32 + 32 * 4 + 4) * 4);
}

async function page(app: string, file = "index.html"): Promise<Result> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set PT2JS_CHROMIUM)`);
  }
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
  const tab = await browser.newPage();
  const errors: string[] = [];
  tab.on("pageerror", (e) => errors.push(e.message));
  // Failed requests are logged as console errors too; the esbuild-esm app asks for a missing file on purpose.
  tab.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  try {
    await tab.goto(`${server!.base}/${app}/${file}`);
    const handle = await tab.waitForFunction(() => (window as { pt2jsResult?: unknown }).pt2jsResult, undefined, { timeout: 60_000 });
    const result = (await handle.jsonValue()) as Result;
    expect(errors).toEqual([]);
    return result;
  } catch (error) {
    throw new Error(`${app}: ${(error as Error).message}\npage errors: ${errors.join("\n")}`);
  } finally {
    await tab.close();
  }
}

const html = (script: string, module = false) =>
  `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><script ${module ? 'type="module" ' : ""}src="${script}"></script></body></html>\n`;

function size(path: string): number {
  return statSync(path).size;
}

describe("Node", () => {
  it("ESM: import from 'pt2js' (auto-initialised), README example with dict dynamic_shapes", async () => {
    const dir = writeApp(apps, "node-esm", {
      "main.mjs": exampleSource({ importLine: 'import { torch, nn, F, Dim } from "pt2js";', emit: NODE_RESULT }),
    });
    checkExample(nodeResult(await ok(process.execPath, ["main.mjs"], dir)), false);
  });

  it("the README's quick start, copy-pasted into a fresh project, runs", async () => {
    const readme = readFileSync(join(repoRoot, "README.md"), "utf8");
    const block = /<!-- quick-start[^\n]*-->\n```js\n([\s\S]*?)\n```/.exec(readme);
    expect(block, "README.md has no quick-start block").not.toBeNull();
    const dir = writeApp(apps, "readme", { "main.mjs": block![1]! });
    const out = await ok(process.execPath, ["main.mjs"], dir);
    const printed = out.split("\n").filter((l) => !l.trimStart().startsWith("# File:")).join("\n");
    expect(printed).toContain(EXPECTED_PROGRAM);
    expect(out).toContain("[ 3, 4 ]");
    checkArchive(readFileSync(join(dir, "mlp.pt2")), "mlp");
  });

  it("console.log prints tensors, modules and programs as PyTorch's repr does", async () => {
    const dir = writeApp(apps, "node-inspect", {
      "main.mjs": `import { torch, nn } from "pt2js";
const m = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU());
console.log(torch.ones(2, 2));
console.log(m);
console.log(torch.export.export(m, [torch.ones(1, 2)]).graph_module);
`,
    });
    const out = await ok(process.execPath, ["main.mjs"], dir);
    expect(out).toContain("tensor([[1., 1.],\n        [1., 1.]])\nSequential(\n  (0): Linear(in_features=2, out_features=3, bias=True)\n  (1): ReLU()\n)\n");
    expect(out).toContain("class GraphModule(torch.nn.Module):");
  });

  it("CommonJS: require('pt2js') and await init(); .pt2 files on disk", async () => {
    const dir = writeApp(apps, "node-cjs", {
      "main.cjs": exampleSource({
        importLine: 'const { torch, nn, F, Dim, init } = require("pt2js");',
        initCall: "await init();",
        emit: NODE_RESULT,
      }),
      "files.cjs": `const { torch, nn, init, isInitialized } = require("pt2js");
console.log("before init:", isInitialized());
init().then(async () => {
  class Affine extends nn.Module { fc = new nn.Linear(3, 2); forward(x) { return this.fc(x); } }
  const ep = torch.export.export(new Affine(), [torch.randn(4, 3)]);
  await torch.export.save(ep, "m.pt2");
  const again = await torch.export.load("m.pt2");
  console.log("same:", again.toString() === ep.toString(), require("node:fs").statSync("m.pt2").size > 0);
});
`,
      "inline.cjs": `const { init, coreVersion } = require("pt2js/inline");
init().then(() => console.log("inline:", coreVersion()));
`,
    });
    checkExample(nodeResult(await ok(process.execPath, ["main.cjs"], dir)), false);
    expect(await ok(process.execPath, ["files.cjs"], dir)).toBe("before init: false\nsame: true true\n");
    expect(await ok(process.execPath, ["inline.cjs"], dir)).toBe("inline: 0.1.0\n");
  });

  it("an uncaught pt2js error prints under 2 KB with a readable frame (ESM and CommonJS)", async () => {
    const body = `class M extends nn.Module { forward(x) { return x.relu(); } }
torch.export.export(new M(), [torch.randn(3)], { dynamic_shapes: { y: { 0: Dim("b") } } });
`;
    const dir = writeApp(apps, "node-uncaught", {
      "esm.mjs": `import { torch, nn, Dim } from "pt2js";\n${body}`,
      "cjs.cjs": `const { torch, nn, Dim, init } = require("pt2js");\ninit().then(() => {\n${body}});\n`,
    });
    for (const [file, bundle] of [["esm.mjs", "build/pt2js.js"], ["cjs.cjs", "build/cjs/pt2js.cjs"]] as const) {
      const r = await sh(process.execPath, [file], dir);
      expect(r.code, file).toBe(1);
      const stderr = r.stderr.slice(0, r.stderr.lastIndexOf("\nCommand failed:"));
      expect(Buffer.byteLength(stderr), `${file}:\n${stderr}`).toBeLessThan(2048);
      expect(stderr).toContain("UserError: When `dynamic_shapes` is specified as a dict");
      // The frame names a function in pt2js's bundle, on a short line that Node prints above it.
      expect(stderr).toMatch(new RegExp(`at \\w[\\w.$]* \\(.*node_modules/pt2js/${bundle.replace(/[./]/g, "\\$&")}:\\d+:\\d+\\)`));
    }
  });

  it("the shipped bundles carry source maps with the TypeScript sources", () => {
    for (const file of ["build/pt2js.js", "build/cjs/pt2js.cjs"]) {
      const code = readFileSync(join(pkgDir, file), "utf8");
      expect(code).toMatch(/\/\/# sourceMappingURL=pt2js\.c?js\.map\s*$/);
      expect(code.split("\n").length).toBeGreaterThan(10_000); // lines kept, not one 600 KB line
      const map = JSON.parse(readFileSync(join(pkgDir, `${file}.map`), "utf8"));
      const i = map.sources.findIndex((s: string) => s.endsWith("src/export/arg_names.ts"));
      expect(i).toBeGreaterThanOrEqual(0);
      expect(map.sourcesContent[i]).toContain("export function parameterList");
    }
  });

  it("ships no dead build files", () => {
    for (const dead of ["build/core.js", "build/core.d.ts", "build/reports"]) expect(existsSync(join(pkgDir, dead)), dead).toBe(false);
    for (const file of ["LICENSE", "CHANGELOG.md", "README.md", "build/core.wasm", "build/index.d.ts", "build/cjs/index.d.cts"]) {
      expect(existsSync(join(pkgDir, file)), file).toBe(true);
    }
  });
});

describe("TypeScript", () => {
  it("tsc --strict type-checks the README example (ESM and .cts), and the output runs", async () => {
    const dir = writeApp(apps, "tsc", {
      "tsconfig.json": JSON.stringify({
        compilerOptions: {
          strict: true,
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          lib: ["ES2022", "DOM"],
          types: ["node"],
          skipLibCheck: false,
          outDir: "dist",
        },
        include: ["src"],
      }),
      "src/main.ts": exampleSource({
        importLine: 'import { torch, nn, F, Dim } from "pt2js";',
        emit: NODE_RESULT,
        typescript: true,
      }),
      // Types a user relies on: ep.module() has forward's types, dynamic_shapes is checked against the
      // inputs, option names are checked. Each @ts-expect-error fails the build if the error vanishes.
      "src/types.ts": `import { torch, nn, Dim, type Tensor, type DynamicShapes, type ExportedProgram } from "pt2js";
class Two extends nn.Module {
  override forward(x: Tensor, n: number): Tensor {
    return x.mul(n);
  }
}
const x = torch.randn(4, 3);
const ep = torch.export.export(new Two(), [x, 2], { dynamic_shapes: [{ 0: Dim("b") }, null] });
const prog: ExportedProgram<[x: Tensor, n: number], Tensor> = ep;
const y: Tensor = prog.module()(x, 2);
const spec: DynamicShapes<[Tensor, number]> = [[Dim.AUTO, 3], Dim.DYNAMIC];
torch.export.export(new Two(), [x, 2], { dynamic_shapes: spec });
torch.export.export(new Two(), [x, 2], { dynamic_shapes: { x: { 0: Dim("b", { max: 64 }) }, n: null } });
// @ts-expect-error forward takes a Tensor first
ep.module()("x", 2);
// @ts-expect-error forward returns a Tensor
const s: string = ep.module()(x, 2);
// @ts-expect-error the keyword is dynamic_shapes
torch.export.export(new Two(), [x, 2], { dynamic_shape: {} });
// @ts-expect-error a tensor's spec holds dims, not strings
torch.export.export(new Two(), [x, 2], { dynamic_shapes: [["batch"], null] });
// @ts-expect-error an int input's spec is one Dim, not a list of dims
torch.export.export(new Two(), [x, 2], { dynamic_shapes: [null, [Dim("n")]] });
export const shapes = [y.shape, s];
`,
      "src/cjs.cts": `import pt2js = require("pt2js");
const { torch, init, GuardError } = pt2js;
void init().then(() => {
  const t: pt2js.Tensor = torch.ones(2, 3);
  const e: typeof GuardError = GuardError;
  console.log(t.shape.join("x"), e.name);
});
`,
    });
    const r = await sh(bin("tsc"), ["-p", "."], dir);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    checkExample(nodeResult(await ok(process.execPath, ["dist/main.js"], dir)), false);
    expect(await ok(process.execPath, ["dist/cjs.cjs"], dir)).toBe("2x3 GuardError\n");
  });
});

describe("browser bundles in headless Chromium", () => {
  it("esbuild --minify, IIFE (no top-level await) with 'pt2js/inline'", async () => {
    const dir = writeApp(apps, "esbuild-iife", {
      "main.js": exampleSource({
        importLine: 'import { torch, nn, F, Dim, init } from "pt2js/inline";',
        initCall: "await init();",
        production: true,
        emit: PAGE_RESULT,
      }),
      "dist/index.html": html("app.js"),
    });
    await ok(bin("esbuild"), ["main.js", "--bundle", "--minify", "--format=iife", "--platform=browser", "--outfile=dist/app.js", "--log-level=warning"], dir);
    checkExample(await page("esbuild-iife/dist"), true, "ignored");
  });

  it("esbuild --minify, ESM with 'pt2js/init': a wrong core.wasm URL is a catchable error that names the fix", async () => {
    const dir = writeApp(apps, "esbuild-esm", {
      "main.js": exampleSource({
        importLine: 'import { torch, nn, F, Dim, init, CoreError } from "pt2js/init";',
        initCall: `let missing = "";
  try { await init("./missing.wasm"); } catch (e) { missing = (e instanceof CoreError ? "CoreError " : "other ") + e.message; }
  if (!/HTTP 404/.test(missing) || !missing.includes("'pt2js/inline'")) throw new Error("unexpected: " + missing);
  await init(new URL("./core.wasm", import.meta.url));`,
        production: true,
        emit: PAGE_RESULT,
      }),
      "dist/index.html": html("app.js", true),
    });
    await ok(bin("esbuild"), ["main.js", "--bundle", "--minify", "--format=esm", "--platform=browser", "--outfile=dist/app.js", "--log-level=warning"], dir);
    copyFileSync(join(pkgDir, "build/core.wasm"), join(dir, "dist/core.wasm")); // the docs' recipe for pt2js/init
    checkExample(await page("esbuild-esm/dist"), true, "ignored");
  });

  it("vite build (default entry: core.wasm emitted as an asset)", async () => {
    const dir = writeApp(apps, "vite", {
      "index.html": html("./main.js", true),
      "main.js": exampleSource({ importLine: 'import { torch, nn, F, Dim } from "pt2js";', production: true, emit: PAGE_RESULT }),
      "vite.config.mjs": `export default { base: "./", logLevel: "warn", build: { target: "es2022", outDir: "dist" } };\n`,
    });
    await ok(bin("vite"), ["build"], dir);
    checkExample(await page("vite/dist"), true, "ignored");
  });

  it("webpack production (default entry: core.wasm emitted as an asset)", async () => {
    const dir = writeApp(apps, "webpack", {
      "main.js": exampleSource({ importLine: 'import { torch, nn, F, Dim } from "pt2js";', production: true, emit: PAGE_RESULT }),
      "build.mjs": `import webpack from "webpack";
import { fileURLToPath } from "node:url";
webpack({
  mode: "production",
  context: fileURLToPath(new URL(".", import.meta.url)),
  entry: "./main.js",
  output: { path: fileURLToPath(new URL("./dist", import.meta.url)), filename: "app.js" },
  performance: { hints: false },
}, (err, stats) => {
  if (err || stats.hasErrors()) { console.error(err ?? stats.toString("errors-only")); process.exit(1); }
});
`,
      "dist/index.html": html("app.js"),
    });
    await ok(process.execPath, ["build.mjs"], dir);
    checkExample(await page("webpack/dist"), true, "ignored");
  });

  it("rollup + terser (default entry; core.wasm copied beside the bundle, as the docs say)", async () => {
    const dir = writeApp(apps, "rollup", {
      "main.js": exampleSource({ importLine: 'import { torch, nn, F, Dim } from "pt2js";', production: true, emit: PAGE_RESULT }),
      "rollup.config.mjs": `import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
export default { input: "main.js", output: { dir: "dist", format: "es", entryFileNames: "app.js" }, plugins: [nodeResolve({ browser: true }), terser()] };
`,
      "dist/index.html": html("app.js", true),
    });
    await ok(bin("rollup"), ["-c", "--silent"], dir);
    copyFileSync(join(pkgDir, "build/core.wasm"), join(dir, "dist/core.wasm"));
    checkExample(await page("rollup/dist"), true, "ignored");
  });

  it("tree-shaking: measured, Dim alone vs the whole API (esbuild --minify)", async () => {
    const dir = writeApp(apps, "treeshake", {
      "dim.js": 'import { Dim } from "pt2js/init";\nconsole.log(Dim("batch"));\n',
      "all.js": 'import * as pt2js from "pt2js/init";\nconsole.log(pt2js);\n',
    });
    for (const f of ["dim", "all"]) {
      await ok(bin("esbuild"), [`${f}.js`, "--bundle", "--minify", "--format=esm", "--platform=browser", `--outfile=dist/${f}.js`, "--log-level=error"], dir);
    }
    const dim = size(join(dir, "dist/dim.js"));
    const all = size(join(dir, "dist/all.js"));
    console.log(`tree-shaking (esbuild --minify): Dim only ${dim} bytes, everything ${all} bytes`);
    expect(dim).toBeLessThan(all);
  });
});

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, "127.0.0.1", resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe("workerd (the npm binary, offline)", () => {
  let dir = "";
  beforeAll(async () => {
    dir = writeApp(apps, "workerd", {
      "worker.js": `${exampleSource({ importLine: 'import { torch, nn, F, Dim } from "pt2js";', emit: null })}
export default { async fetch() { try { return Response.json(await example()); } catch (e) { return Response.json({ error: String(e && e.stack || e) }); } } };
`,
    });
    // As wrangler does: esbuild, the workerd condition, .wasm left as a module of its own.
    await ok(bin("esbuild"), ["worker.js", "--bundle", "--format=esm", "--platform=browser", "--conditions=workerd,worker", "--external:*.wasm", "--outfile=dist/worker.js", "--log-level=warning"], dir);
    copyFileSync(join(pkgDir, "build/core.wasm"), join(dir, "dist/core.wasm"));
  });

  async function runWorker(date: string): Promise<Result> {
    const port = await freePort();
    const config = join(dir, `config-${date}.capnp`);
    writeFileSync(
      config,
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "dist/worker.js"),
    (name = "core.wasm", wasm = embed "dist/core.wasm"),
  ],
  compatibilityDate = "${date}",
);
`,
    );
    const { spawn } = await import("node:child_process");
    const child = spawn(bin("workerd"), ["serve", config], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    try {
      for (let i = 0; i < 150; i++) {
        if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${output}`);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/`);
          const result = (await res.json()) as Result;
          if (output.includes("Uncaught")) throw new Error(`workerd reported:\n${output}`);
          return result;
        } catch (error) {
          if (!/fetch failed|ECONNREFUSED/.test(String((error as Error).message) + String((error as { cause?: unknown }).cause))) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      throw new Error(`workerd did not answer:\n${output}`);
    } finally {
      child.kill("SIGTERM");
    }
  }

  it("compatibility date 2025-06-01 (no import.meta.url in modules)", async () => {
    checkExample(await runWorker("2025-06-01"), false, "ignored");
  });

  it("its newest compatibility date", async () => {
    const version = await ok(bin("workerd"), ["--version"], dir); // "workerd 2026-11-23"
    const date = /\d{4}-\d{2}-\d{2}/.exec(version)?.[0];
    expect(date, version).toBeDefined();
    checkExample(await runWorker(date!), false, "ignored");
  });
});

describe("Next.js edge route (next build with Turbopack, next start)", () => {
  it("an edge route exports the example with core.wasm imported as a module", async () => {
    const dir = writeApp(apps, "next", {
      "app/layout.js": "export default function RootLayout({ children }) { return <html><body>{children}</body></html>; }\n",
      "app/page.js": "export default function Page() { return <p>pt2js</p>; }\n",
      // The docs' recipe: core.wasm copied into the app, imported with ?module (a compiled module).
      "app/api/export/route.js": `${exampleSource({
        importLine: 'import { torch, nn, F, Dim, init } from "pt2js/init";\nimport wasm from "./core.wasm?module";',
        initCall: "await init(wasm);",
        production: true, // next build minifies the route
        emit: null,
      })}
export const runtime = "edge";
export async function GET() {
  try { return Response.json(await example()); } catch (e) { return Response.json({ error: String(e && e.stack || e) }); }
}
`,
    });
    copyFileSync(join(pkgDir, "build/core.wasm"), join(dir, "app/api/export/core.wasm"));
    const env = { NEXT_TELEMETRY_DISABLED: "1" };
    await ok(bin("next"), ["build"], dir, 400_000, env);
    const port = await freePort();
    const { spawn } = await import("node:child_process");
    const child = spawn(bin("next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: dir,
      detached: true, // its own process group, stopped as a whole below
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, ...env },
    });
    let output = "";
    child.stdout!.on("data", (c: Buffer) => (output += c));
    child.stderr!.on("data", (c: Buffer) => (output += c));
    try {
      let result: Result | null = null;
      for (let i = 0; i < 150 && result === null; i++) {
        if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${output}`);
        try {
          const res = await fetch(`http://127.0.0.1:${port}/api/export`);
          if (!res.ok) throw new Error(`HTTP ${res.status}:\n${output.slice(-3000)}`);
          result = (await res.json()) as Result;
        } catch (error) {
          if (!/fetch failed|ECONNREFUSED/.test(String((error as Error).message) + String((error as { cause?: unknown }).cause))) throw error;
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      if (result === null) throw new Error(`next start did not answer:\n${output}`);
      checkExample(result, true, "ignored");
    } finally {
      process.kill(-child.pid!, "SIGTERM");
    }
  });
});

describe("Bun and Deno (their npm packages)", () => {
  let dir = "";
  beforeAll(() => {
    dir = writeApp(apps, "bun-deno", {
      "main.mjs": exampleSource({ importLine: 'import { torch, nn, F, Dim } from "pt2js";', emit: NODE_RESULT }),
      "cjs.cjs": exampleSource({
        importLine: 'const { torch, nn, F, Dim, init } = require("pt2js");',
        initCall: "await init();",
        emit: NODE_RESULT,
      }),
    });
  });

  it("bun runs the ESM and the CommonJS example", async () => {
    // Known difference: under Bun (JavaScriptCore stack traces) the second linear's node has no
    // stack trace, so its `# File:` comment reads "# No stacktrace found"; the code lines are exact.
    checkExample(nodeResult(await ok(bin("bun"), ["main.mjs"], dir)), false, "ignored");
    checkExample(nodeResult(await ok(bin("bun"), ["cjs.cjs"], dir)), false, "ignored");
  });

  it("deno runs the example (deno condition, node_modules from npm)", async () => {
    const out = await ok(bin("deno"), ["run", "--allow-read", "--allow-env", "--allow-sys", "main.mjs"], dir, 300_000, { DENO_NO_UPDATE_CHECK: "1" });
    checkExample(nodeResult(out), false);
  });
});


// Bundles src/ into build/: ESM entries per runtime sharing chunks, a CommonJS build (build/cjs/)
// for `require`, Jest and script-style users, source maps for all of it, and one .d.ts (+ .d.cts).
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import typescript from "@rollup/plugin-typescript";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { dts } from "rollup-plugin-dts";
import { dtsPublicNames } from "./tools/dts-public-names.mjs";

// ESM entries. The auto-initialising ones (node, browser, workerd) load core.wasm with top-level
// await; init, init-node and inline do not: the user awaits init() (catchable, no TLA needed).
const esmEntries = {
  node: "src/entry/node.ts",
  browser: "src/entry/browser.ts",
  workerd: "src/entry/workerd.ts",
  init: "src/entry/init.ts",
  "init-node": "src/entry/init-node.ts",
  inline: "src/entry/inline.ts",
};
// CommonJS: require("pt2js") and require("pt2js/inline"); node-file is required by init() in Node.
const cjsEntries = {
  index: "src/entry/cjs.ts",
  inline: "src/entry/inline.ts",
  "node-file": "src/serde/node-file.ts",
};

// Chunks: the entries stay tiny; fflate (only used to read deflated archives) is its own module
// because V8 runs the top-level code of a very large module slowly (fflate's 32K-entry table loop
// took ~16 ms inside the one big chunk and ~2.5 ms as a module of its own); core.wasm as base64 is
// its own module (one long line that no stack frame points into); the rest is "pt2js".
const INLINE_WASM = "\0pt2js-core-wasm-base64";
function chunkOf(id) {
  if (id === INLINE_WASM) return "core-wasm-base64";
  if (id.includes("/src/entry/") && !id.endsWith("/common.ts")) return undefined;
  if (id.includes("/node-file.")) return undefined;
  if (id.includes("/node_modules/fflate/")) return "fflate";
  return "pt2js";
}

// core.wasm inlined as base64 for the 'pt2js/inline' entry (bundlers that do not copy assets).
const inlineWasm = {
  name: "pt2js-core-wasm-base64",
  resolveId: (id) => (id === "virtual:pt2js-core-wasm-base64" ? INLINE_WASM : null),
  load(id) {
    if (id !== INLINE_WASM) return null;
    this.addWatchFile("build/core.wasm");
    return `export default ${JSON.stringify(readFileSync("build/core.wasm").toString("base64"))};\n`;
  },
};

// fflate's bit-reversal table loop declares `var x` at the top level of its module. A user's bundler
// that scope-hoists pt2js next to the user's code (esbuild, wrangler) then renames the user's
// `forward(x)` to `forward(x2)`, and `dynamic_shapes: { x: ... }` stops matching. The loop's
// variable gets a name no user picks.
const fflateNoTopLevelX = {
  name: "pt2js-fflate-no-top-level-x",
  transform(code, id) {
    if (!id.includes("/node_modules/fflate/")) return null;
    const start = code.indexOf("for (var i = 0; i < 32768; ++i) {");
    if (start < 0) return null;
    const end = code.indexOf("\n}", start);
    const loop = code.slice(start, end).replace(/\bx\b/g, "fflate_rev_x");
    return { code: code.slice(0, start) + loop + code.slice(end), map: null };
  },
};

// Not minified: the bundles keep the compiled sources' lines, names and comments, so a stack trace
// points at a named function on a short line, and Node prints a readable source line for an
// uncaught error (a one-line 635 KB bundle printed all of it). Names matter at run time too:
// forward() parameter names are read with Function.prototype.toString, and stack traces look for
// the function named __pt2js_trace_root__. Users' bundlers minify for production; the names pt2js
// prints survive that (src/entry/common.ts). Source maps ship with the sources inlined.
function plugins() {
  return [
    inlineWasm,
    fflateNoTopLevelX,
    // fflate is bundled (its browser build, plain ESM) so the bundles need no resolver at run time.
    nodeResolve({ browser: true, exportConditions: ["browser", "import", "default"] }),
    typescript({
      tsconfig: "./tsconfig.json",
      noEmit: false,
      noEmitOnError: true,
      declaration: false,
      sourceMap: true,
      removeComments: true,
      inlineSources: true,
      include: ["src/**/*.ts"],
      exclude: ["test/**", "bench/**", "examples/**"],
    }),
  ];
}

// Both builds run the same TypeScript once each; Node builtins stay imports (node entries only).
const external = [/core\.wasm$/, /^node:/, /\/node-file\.cjs$/];

export default [
  {
    input: esmEntries,
    output: {
      dir: "build",
      format: "es",
      entryFileNames: "[name].js",
      chunkFileNames: "[name].js",
      manualChunks: chunkOf,
      sourcemap: true,
    },
    external,
    plugins: plugins(),
  },
  {
    input: cjsEntries,
    output: {
      dir: "build/cjs",
      format: "cjs",
      entryFileNames: "[name].cjs",
      chunkFileNames: "[name].cjs",
      manualChunks: chunkOf,
      sourcemap: true,
      exports: "named",
      interop: "auto",
    },
    external,
    plugins: plugins(),
  },
  {
    input: "src/index.ts",
    output: { file: "build/index.d.ts", format: "es" },
    plugins: [
      dts(),
      // Public classes keep their names in hovers (not `ExportedProgram$1`): tools/dts-public-names.mjs.
      dtsPublicNames(),
      {
        // The same declarations for require(): TypeScript reads a .d.cts as CommonJS.
        name: "pt2js-dcts",
        writeBundle() {
          mkdirSync("build/cjs", { recursive: true });
          copyFileSync("build/index.d.ts", "build/cjs/index.d.cts");
        },
      },
    ],
  },
];

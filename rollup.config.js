// Bundles src/ into build/ as ESM: one entry per runtime, sharing chunks, plus one .d.ts.
import typescript from "@rollup/plugin-typescript";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";
import { dts } from "rollup-plugin-dts";

const entries = {
  node: "src/entry/node.ts",
  browser: "src/entry/browser.ts",
  workerd: "src/entry/workerd.ts",
};

// Chunks: the entries stay tiny; fflate (only used to read deflated archives) is its own module
// because V8 runs the top-level code of a very large module slowly (fflate's 32K-entry table loop
// took ~16 ms inside the one big chunk and ~2.5 ms as a module of its own); the rest is "pt2js".
function chunkOf(id) {
  if (id.includes("/src/entry/") || id.includes("/node-file.")) return undefined;
  if (id.includes("/node_modules/fflate/")) return "fflate";
  return "pt2js";
}

// Minified for start-up time (the bundle is read, decoded and parsed on every import), but only
// whitespace and comments go: no mangling and no compression, so the code that runs is the code
// that was written. Names matter at run time: forward() parameter names are read with
// Function.prototype.toString (exporting nn.Linear directly names its placeholder `input`), error
// classes and modules print their constructor's name, and stack traces look for the function named
// __pt2js_trace_root__ (compression would inline it into an anonymous arrow). ASCII-only output:
// Node decodes an ASCII file several times faster, and V8 keeps the source one-byte.
const minifier = terser({
  ecma: 2020,
  module: true,
  mangle: false,
  compress: false,
  keep_fnames: true,
  keep_classnames: true,
  format: { comments: false, ascii_only: true },
});
// The shared chunks only: the entries are a few lines each, and tests read them as written
// (workerd.js must show `import x from './core.wasm'`).
const minify = {
  name: "terser-shared-chunks",
  renderChunk(code, chunk, outputOptions) {
    return chunk.isEntry ? null : minifier.renderChunk.call(this, code, chunk, outputOptions);
  },
};

export default [
  {
    input: entries,
    output: { dir: "build", format: "es", entryFileNames: "[name].js", chunkFileNames: "[name].js", manualChunks: chunkOf },
    // core.wasm is loaded at run time (or imported by the edge runtime): never bundled.
    external: [/core\.wasm$/, /^node:/],
    plugins: [
      // fflate is bundled (its browser build, plain ESM) so the bundles need no resolver at run time.
      nodeResolve({ browser: true, exportConditions: ["browser", "import", "default"] }),
      typescript({
        tsconfig: "./tsconfig.json",
        noEmit: false,
        noEmitOnError: true,
        declaration: false,
        include: ["src/**/*.ts"],
        exclude: ["test/**", "bench/**", "examples/**"],
      }),
      ...(process.env.PT2JS_NO_MINIFY ? [] : [minify]),
    ],
  },
  {
    input: "src/index.ts",
    output: { file: "build/index.d.ts", format: "es" },
    plugins: [dts()],
  },
];

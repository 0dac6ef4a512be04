// Bundles src/ into build/ as ESM: one entry per runtime, sharing chunks, plus one .d.ts.
import typescript from "@rollup/plugin-typescript";
import { nodeResolve } from "@rollup/plugin-node-resolve";
import { dts } from "rollup-plugin-dts";

const entries = {
  node: "src/entry/node.ts",
  browser: "src/entry/browser.ts",
  workerd: "src/entry/workerd.ts",
};

export default [
  {
    input: entries,
    output: { dir: "build", format: "es", entryFileNames: "[name].js", chunkFileNames: "[name].js", manualChunks: (id) => (id.includes("/src/entry/") || id.includes("/node-file.") ? undefined : "pt2js") },
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
    ],
  },
  {
    input: "src/index.ts",
    output: { file: "build/index.d.ts", format: "es" },
    plugins: [dts()],
  },
];

import { defineConfig } from "vitest/config";

// Unit and conformance tests in Node, against the TypeScript sources and build/core.wasm.
export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["test/browser/**", "node_modules/**"],
    setupFiles: ["test/setup/load-core.ts"],
    // Checking mode: pt2js's own code converting a SymInt implicitly (`*`, `Math.floor`, ...) throws.
    env: { PT2JS_CHECK_SYMINT: "1" },
    reporters: ["default", "json"],
    outputFile: { json: "build/reports/vitest.json" },
    testTimeout: 60_000,
  },
});

import { defineConfig } from "vitest/config";

// Integration suite: the packed package in fresh apps with the real tools (test/integration/).
// Needs `npm run build` first; installs the tools once into $PT2JS_INTEGRATION_DIR (a temp folder).
export default defineConfig({
  test: {
    include: ["test/integration/**/*.spec.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "build/reports/vitest-integration.json" },
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 900_000,
  },
});

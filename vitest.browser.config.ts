import { defineConfig } from "vitest/config";

// Browser suite: drives Debian's chromium with playwright-core against the built bundle.
export default defineConfig({
  test: {
    include: ["test/browser/**/*.test.ts"],
    reporters: ["default", "json"],
    outputFile: { json: "build/reports/vitest-browser.json" },
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});

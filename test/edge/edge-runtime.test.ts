// Edge runtimes (Cloudflare Workers, Vercel edge) forbid compiling WASM from bytes. Here the
// compile entry points throw as workerd's do, and the loader must work from a precompiled Module.
import { readFile } from "node:fs/promises";
import { afterEach, describe, expect, it, vi } from "vitest";

const disallowed = () => {
  throw new WebAssembly.CompileError("WebAssembly.compile(): Wasm code generation disallowed by embedder");
};

async function edgeLoader() {
  vi.resetModules();
  return import("../../src/core/loader.js");
}

afterEach(() => vi.restoreAllMocks());

describe("edge runtime", () => {
  it("instantiates a precompiled module when compiling from bytes is forbidden", async () => {
    const module = await WebAssembly.compile(new Uint8Array(await readFile(new URL("../../build/core.wasm", import.meta.url))));
    vi.spyOn(WebAssembly, "compile").mockImplementation(disallowed);
    vi.spyOn(WebAssembly, "compileStreaming").mockImplementation(disallowed);
    const loader = await edgeLoader();
    await loader.init(module);
    expect(loader.core().coreVersion()).toBe("0.1.0");
    expect(WebAssembly.compile).not.toHaveBeenCalled();
  });

  it("explains what to do when given bytes there", async () => {
    const bytes = await readFile(new URL("../../build/core.wasm", import.meta.url));
    vi.spyOn(WebAssembly, "compile").mockImplementation(disallowed);
    const loader = await edgeLoader();
    await expect(loader.init(bytes)).rejects.toThrow(/precompiled WebAssembly.Module/);
  });

  it("the workerd bundle imports core.wasm as a module instead of fetching it", async () => {
    const source = await readFile(new URL("../../build/workerd.js", import.meta.url), "utf8");
    expect(source).toMatch(/import \w+ from '\.\/core\.wasm'/);
    expect(source).not.toMatch(/fetch\(|readFile/);
  });
});

import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const wasmUrl = new URL("../../build/core.wasm", import.meta.url);
let bytes: Uint8Array<ArrayBuffer>;
let server: Server;
let base: string;

// A fresh copy of the loader module, so each test starts with no core loaded.
async function freshLoader() {
  vi.resetModules();
  return import("../../src/core/loader.js");
}

beforeAll(async () => {
  bytes = new Uint8Array(await readFile(wasmUrl));
  server = createServer((req, res) => {
    if (req.url === "/core.wasm") res.writeHead(200, { "content-type": "application/wasm" });
    else if (req.url === "/wrong-mime.wasm") res.writeHead(200, { "content-type": "text/plain" });
    else return res.writeHead(404).end("not found");
    res.end(bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("loader", () => {
  it("loads from bytes and reports the core version", async () => {
    const loader = await freshLoader();
    expect(loader.isInitialized()).toBe(false);
    const exports = await loader.init(bytes);
    expect(exports.coreVersion()).toBe(loader.EXPECTED_CORE_VERSION);
    expect(loader.isInitialized()).toBe(true);
  });

  it("loads from a precompiled WebAssembly.Module", async () => {
    const loader = await freshLoader();
    const module = await WebAssembly.compile(bytes);
    await loader.init(module);
    expect(loader.core().coreVersion()).toBe("0.1.0");
  });

  it("loads from a URL with streaming compilation", async () => {
    const loader = await freshLoader();
    await loader.init(new URL(`${base}/core.wasm`));
    expect(loader.isInitialized()).toBe(true);
  });

  it("falls back to bytes when the server sends the wrong MIME type", async () => {
    const loader = await freshLoader();
    await loader.init(fetch(`${base}/wrong-mime.wasm`));
    expect(loader.isInitialized()).toBe(true);
  });

  it("loads from a Response", async () => {
    const loader = await freshLoader();
    await loader.init(await fetch(`${base}/core.wasm`));
    expect(loader.isInitialized()).toBe(true);
  });

  it("is idempotent: a second init returns the first instance", async () => {
    const loader = await freshLoader();
    const [a, b] = await Promise.all([loader.init(bytes), loader.init(bytes)]);
    expect(a).toBe(b);
    const c = await loader.init(new Uint8Array([0, 1, 2]));
    expect(c).toBe(a);
  });

  it("reports HTTP failures and lets a later init succeed", async () => {
    const loader = await freshLoader();
    await expect(loader.init(`${base}/missing.wasm`)).rejects.toThrow(/HTTP 404/);
    expect(loader.isInitialized()).toBe(false);
    await loader.init(bytes);
    expect(loader.isInitialized()).toBe(true);
  });

  it("rejects bytes that are not WASM with a typed error", async () => {
    const loader = await freshLoader();
    const { CoreError } = await import("../../src/core/errors.js");
    await expect(loader.init(new Uint8Array([1, 2, 3, 4]))).rejects.toBeInstanceOf(CoreError);
  });

  it("rejects sources of the wrong kind", async () => {
    const loader = await freshLoader();
    await expect(loader.init(42 as never)).rejects.toThrow(/init\(\) takes/);
  });

  it("refuses use before loading with a clear message", async () => {
    const loader = await freshLoader();
    expect(() => loader.core()).toThrow(/core is not loaded/);
  });
});

// The built bundle in headless Chromium (Debian's package), served from localhost.
import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.PT2JS_CHROMIUM ?? "/usr/bin/chromium";
const buildDir = fileURLToPath(new URL("../../build/", import.meta.url));
const pageDir = fileURLToPath(new URL("./pages/", import.meta.url));
const mime: Record<string, string> = {
  ".js": "text/javascript",
  ".html": "text/html",
  ".wasm": "application/wasm",
};

let server: Server;
let base: string;
let browser: Browser;

function serve(root: string, path: string, wrongWasmMime: boolean) {
  const file = normalize(join(root, path));
  if (!file.startsWith(root) || !existsSync(file)) return null;
  const type = wrongWasmMime && file.endsWith(".wasm") ? "application/octet-stream" : mime[extname(file)];
  return { type: type ?? "application/octet-stream", body: readFileSync(file) };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. Install Debian's package: apt-get install -y chromium ` +
        "(or set PT2JS_CHROMIUM to a Chromium binary).",
    );
  }
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://localhost");
    // /build/* serves the bundle; /build-wrong-mime/* the same files with core.wasm's MIME type wrong.
    const [, top, ...rest] = url.pathname.split("/");
    const found =
      top === "build" ? serve(buildDir, rest.join("/"), false)
      : top === "build-wrong-mime" ? serve(buildDir, rest.join("/"), true)
      : serve(pageDir, [top, ...rest].join("/"), false);
    if (!found) return res.writeHead(404).end();
    res.writeHead(200, { "content-type": found.type }).end(found.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
});

async function runPage(bundle: string): Promise<unknown> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${base}/index.html?bundle=${bundle}`);
  const handle = await page.waitForFunction(() => (window as { pt2jsResult?: unknown }).pt2jsResult);
  const result = await handle.jsonValue();
  await page.close();
  expect(errors).toEqual([]);
  return result;
}

describe("chromium", () => {
  const expected = {
    version: "0.1.0",
    loaded: true,
    range: "Range constraints: {s77: VR[1, 1024]}",
    outShape: "3x4",
    reloaded: true,
  };

  it("loads the browser bundle, exports, runs, saves and loads a model", async () => {
    expect(await runPage("build")).toEqual(expected);
  });

  it("still works when the server sends core.wasm with the wrong MIME type", async () => {
    expect(await runPage("build-wrong-mime")).toEqual(expected);
  });
});

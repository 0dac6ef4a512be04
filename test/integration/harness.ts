// The integration suite's workspace: the package packed with `npm pack`, one install of the real
// tools (vite, webpack, rollup, esbuild, TypeScript, workerd, Bun, Deno) reused between runs and
// apps, fresh app folders per run, a static server on 127.0.0.1 and headless Chromium.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const run = promisify(execFile);
export const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/** Where the tools are installed once and the apps are written: kept between runs. */
export const workspace = process.env.PT2JS_INTEGRATION_DIR ?? join(tmpdir(), "pt2js-integration");

/** The tools, pinned. Every app resolves them (and pt2js) from the workspace's node_modules. */
export const TOOLS: Record<string, string> = {
  "@rollup/plugin-node-resolve": "16.0.3",
  "@rollup/plugin-terser": "1.0.2",
  "@types/node": "20.19.43",
  bun: "1.4.5",
  deno: "2.9.6",
  esbuild: "0.28.2",
  next: "16.5.0",
  react: "19.3.1",
  "react-dom": "19.3.1",
  rollup: "4.69.3",
  typescript: "5.9.3",
  vite: "8.4.1",
  webpack: "5.113.0",
  workerd: "1.20261123.1",
};

export interface Cmd {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs a command; never throws on a non-zero exit (the test asserts on it). */
export async function sh(cmd: string, args: string[], cwd: string, timeoutMs = 300_000, env: NodeJS.ProcessEnv = {}): Promise<Cmd> {
  try {
    const { stdout, stderr } = await run(cmd, args, {
      cwd,
      timeout: timeoutMs,
      maxBuffer: 64 << 20,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; code?: number | string; message: string };
    return { stdout: e.stdout ?? "", stderr: `${e.stderr ?? ""}\n${e.message}`, code: typeof e.code === "number" ? e.code : 1 };
  }
}

/** `cmd` must succeed; its output otherwise makes the failure readable. */
export async function ok(cmd: string, args: string[], cwd: string, timeoutMs?: number, env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await sh(cmd, args, cwd, timeoutMs, env);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} failed in ${cwd} (exit ${r.code}):\n${r.stdout.slice(-4000)}\n${r.stderr.slice(-4000)}`);
  return r.stdout;
}

export const bin = (name: string) => join(workspace, "node_modules", ".bin", name);

// The npm that came with Node: a test runner puts node_modules/.bin first on PATH, and a package
// there may ship an old npm.
const npm = existsSync(join(dirname(process.execPath), "npm")) ? join(dirname(process.execPath), "npm") : "npm";

/**
 * Packs the built package (`npm pack`, build/ must be current), installs it with the tools into the
 * workspace, and gives a fresh folder for this run's apps. The first run downloads the tools
 * (~30 s); later runs reuse node_modules and npm's cache, and only pt2js is reinstalled.
 */
export async function prepareWorkspace(): Promise<{ apps: string; tarball: string }> {
  if (!existsSync(join(repoRoot, "build", "pt2js.js"))) throw new Error("build/ is missing: run `npm run build` first");
  mkdirSync(workspace, { recursive: true });
  const packed = (await ok(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", workspace], repoRoot)).trim();
  const packedFile = join(workspace, (JSON.parse(packed) as { filename: string }[])[0]!.filename);
  const hash = createHash("sha256").update(readFileSync(packedFile)).digest("hex").slice(0, 16);
  // A new name per content: npm reinstalls a file: dependency only when its spec changes.
  const tarball = join(workspace, `pt2js-${hash}.tgz`);
  renameSync(packedFile, tarball);
  for (const old of readdirSync(workspace)) {
    if (/^pt2js-.*\.tgz$/.test(old) && join(workspace, old) !== tarball) rmSync(join(workspace, old));
  }
  const pkg = {
    name: "pt2js-integration",
    private: true,
    type: "module",
    dependencies: { pt2js: `file:./${tarball.split(/[\\/]/).pop()}` },
    devDependencies: TOOLS,
  };
  writeFileSync(join(workspace, "package.json"), JSON.stringify(pkg, null, 2));
  const stamp = join(workspace, "node_modules", ".pt2js-stamp");
  const want = `${hash} ${JSON.stringify(TOOLS)}`;
  if (!existsSync(stamp) || readFileSync(stamp, "utf8") !== want) {
    await ok(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], workspace, 600_000);
    writeFileSync(stamp, want);
  }
  const apps = join(workspace, "apps", `run-${process.pid}`);
  rmSync(join(workspace, "apps"), { recursive: true, force: true });
  mkdirSync(apps, { recursive: true });
  return { apps, tarball };
}

/** Writes `files` (path → text) into a fresh app folder under `apps`. */
export function writeApp(apps: string, name: string, files: Record<string, string>): string {
  const dir = join(apps, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

const MIME: Record<string, string> = {
  ".js": "text/javascript",
  ".mjs": "text/javascript",
  ".html": "text/html",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".map": "application/json",
};

/** A static file server on 127.0.0.1 for built apps: /<app>/... serves apps/<app>/<dist>/... */
export async function serveStatic(root: string): Promise<{ base: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://127.0.0.1").pathname);
    let file = normalize(join(root, path));
    if (file.endsWith("/")) file = join(file, "index.html");
    if (!file.startsWith(root) || !existsSync(file)) return res.writeHead(404).end("not found");
    res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" }).end(readFileSync(file));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

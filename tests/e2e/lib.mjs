// lib.mjs — starts a ptdv server on the demo city for the e2e tests, and small helpers.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const PTDV = process.env.PTDV_BIN || join(dirname(fileURLToPath(import.meta.url)), "../../build/ptdv");
export const PASSWORD = "demo-bac-ninh";
export const ARTIFACTS = process.env.PTDV_ARTIFACTS || join(dirname(fileURLToPath(import.meta.url)), "artifacts");
const TODAY = "2026-11-27";

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

// Creates a demo database (until TODAY) and serves it; returns { url, db, stop }.
export async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), "ptdv-e2e-"));
  const db = join(dir, "demo.db");
  const env = { ...process.env, PTDV_TODAY: TODAY };
  execFileSync(PTDV, ["demo", "--db", db, "--until", TODAY], { env, stdio: "pipe" });
  const port = await freePort();
  const proc = spawn(PTDV, ["serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--threads", "2"], {
    env, stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  proc.stderr.on("data", (d) => { log += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(url + "/healthz");
      if (r.ok) break;
    } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, db, log: () => log,
    stop: async () => {
      proc.kill("SIGTERM");
      await new Promise((r) => proc.on("exit", r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// A minimal cookie-keeping HTTP client for one user.
export class Client {
  constructor(base) { this.base = base; this.cookies = new Map(); }
  cookieHeader() { return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "); }
  keep(res) {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair.indexOf("=");
      const k = pair.slice(0, i), v = pair.slice(i + 1);
      if (v === "" || /Max-Age=0/.test(line)) this.cookies.delete(k); else this.cookies.set(k, v);
    }
  }
  async get(path) {
    const res = await fetch(this.base + path, { headers: { cookie: this.cookieHeader() }, redirect: "manual" });
    this.keep(res);
    return { res, text: await res.text() };
  }
  async post(path, form) {
    const res = await fetch(this.base + path, {
      method: "POST", redirect: "manual",
      headers: { cookie: this.cookieHeader(), "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(form).toString(),
    });
    this.keep(res);
    return { res, text: await res.text() };
  }
  async postJson(path, obj, csrf) {
    const res = await fetch(this.base + path, {
      method: "POST", redirect: "manual",
      headers: { cookie: this.cookieHeader(), "content-type": "application/json", "x-csrf-token": csrf },
      body: JSON.stringify(obj),
    });
    this.keep(res);
    return { res, text: await res.text() };
  }
  static csrfOf(html) {
    const m = html.match(/name="csrf" value="([0-9a-f]+)"/);
    return m ? m[1] : null;
  }
  async login(login, password = PASSWORD) {
    const page = await this.get("/login");
    const csrf = Client.csrfOf(page.text);
    return this.post("/login", { csrf, login, password, next: "/" });
  }
}

export async function launchBrowser() {
  const { chromium } = await import("playwright-core");
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.PTDV_CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}

// picker.test.mjs — the org picker of the dashboard on a tree too large to list whole: the
// orgs of the national generator at 1% (619 above the cells, more than the picker's 400):
// the levels from the top that fit (the nation, provinces, communes), the chosen org's
// superiors and its direct subordinates, never the base organisations of another commune.
// And the tree page /orgs on it: the levels from the top that fit in 1,000 (3,119 orgs with
// the cells), how many are left out, and /orgs?org= to see an org's own tree.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { Client, PTDV, freePort } from "./lib.mjs";

let dir, proc, url, orgs;
before(async () => {
  dir = mkdtempSync(join(tmpdir(), "ptdv-picker-"));
  execFileSync(join(dirname(PTDV), "ptdv-gen"), ["--national", "--scale", "0.01", "--out", dir], { stdio: "pipe" });
  const db = join(dir, "p.db");
  execFileSync(PTDV, ["import", "orgs", join(dir, "orgs.csv"), "--db", db], { stdio: "pipe" });
  execFileSync(PTDV, ["user", "add", "quoc", "--name", "Cán bộ trung ương", "--role", "admin", "--org", "TW",
    "--password-stdin", "--db", db], { input: "picker-password-1\n", stdio: ["pipe", "pipe", "pipe"] });
  execFileSync(PTDV, ["user", "add", "tinh", "--name", "Cán bộ tỉnh", "--role", "staff", "--org", "P01",
    "--password-stdin", "--db", db], { input: "picker-password-1\n", stdio: ["pipe", "pipe", "pipe"] });
  // code -> parent code, from the file the generator wrote
  orgs = new Map(readFileSync(join(dir, "orgs.csv"), "utf8").trim().split("\n").slice(1)
    .map((l) => l.split(",")).map((f) => [f[0], { kind: f[2], parent: f[3] }]));
  const port = await freePort();
  proc = spawn(PTDV, ["serve", "--db", db, "--listen", `127.0.0.1:${port}`, "--threads", "2"], { stdio: "ignore" });
  url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url + "/healthz")).ok) break; } catch { /* not up yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
});
after(async () => {
  proc.kill("SIGTERM");
  await new Promise((r) => proc.on("exit", r));
  rmSync(dir, { recursive: true, force: true });
});

// The codes of the picker's options, and the selected one.
function options(html) {
  const all = [...html.matchAll(/<option value="([^"]+)"( selected)?>/g)];
  return { codes: new Set(all.map((m) => m[1])), selected: all.filter((m) => m[2]).map((m) => m[1]) };
}

test("the nation's dashboard lists the levels that fit, not 550 base organisations", async () => {
  const c = new Client(url);
  await c.login("quoc", "picker-password-1");
  const page = await c.get("/");
  assert.equal(page.res.status, 200);
  const { codes, selected } = options(page.text);
  const superiors = [...orgs].filter(([, o]) => o.kind === "Đảng bộ cấp trên").map(([k]) => k);
  assert.equal(superiors.length, 69);
  for (const k of superiors) assert.ok(codes.has(k), `${k} listed`);
  assert.equal(codes.size, 69, "no base organisation listed");
  assert.deepEqual(selected, ["TW"]);
});

test("choosing a commune lists its base organisations and only those", async () => {
  const c = new Client(url);
  await c.login("quoc", "picker-password-1");
  const { codes, selected } = options((await c.get("/?org=X0000")).text);
  const mine = [...orgs].filter(([, o]) => o.parent === "X0000" && o.kind !== "Chi bộ trực thuộc").map(([k]) => k);
  const other = [...orgs].find(([, o]) => o.kind === "Đảng bộ cơ sở" && o.parent !== "X0000")[0];
  assert.ok(mine.length > 5);
  for (const k of mine) assert.ok(codes.has(k), `${k} listed`);
  assert.ok(!codes.has(other), `${other} (another commune's) not listed`);
  assert.equal(codes.size, 69 + mine.length);
  assert.deepEqual(selected, ["X0000"]);
  // a base organisation chosen: its superiors stay, it is selected
  const base = options((await c.get(`/?org=${mine[0]}`)).text);
  assert.ok(base.codes.has("X0000") && base.codes.has("P01") && base.codes.has(mine[0]));
  assert.deepEqual(base.selected, [mine[0]]);
});

// The codes of the rows of /orgs, and of the rows that link to their own tree.
function treeRows(html) {
  return {
    codes: [...html.matchAll(/<li class="d\d+"><a href="\/org\/([^"]+)">/g)].map((m) => m[1]),
    more: [...html.matchAll(/<a href="\/orgs\?org=([^"]+)">xem cấp dưới<\/a>/g)].map((m) => m[1]),
  };
}
const vnInt = (n) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ".");
// Every org under code (not itself).
function below(code) {
  const out = [];
  for (const [k, o] of orgs) if (o.parent === code) out.push(k, ...below(k));
  return out;
}

test("/orgs on the nation's tree lists the levels that fit in 1,000, not 3,119 orgs", async () => {
  const c = new Client(url);
  await c.login("quoc", "picker-password-1");
  const page = await c.get("/orgs");
  assert.equal(page.res.status, 200);
  const { codes, more } = treeRows(page.text);
  const cells = [...orgs].filter(([, o]) => o.kind === "Chi bộ trực thuộc").map(([k]) => k);
  const committees = [...orgs].filter(([, o]) => o.kind === "Đảng bộ cơ sở").map(([k]) => k);
  assert.equal(orgs.size, 3119);
  assert.equal(codes.length, orgs.size - cells.length, "every org above the cells, no cell");
  assert.ok(!codes.includes(cells[0]));
  assert.equal(codes[0], "TW");
  assert.match(page.text, new RegExp(`<p>${vnInt(orgs.size)} tổ chức trong phạm vi của đồng chí.</p>`));
  assert.match(page.text, new RegExp(`Còn ${vnInt(cells.length)} tổ chức cấp dưới không hiện ở đây`));
  // the deepest level listed links to its own trees, where there can be subordinates
  assert.deepEqual(more.sort(), committees.sort());
  assert.ok(page.text.length < 200000, `${page.text.length} bytes`);
});

test("/orgs?org= lists an org's own tree, within the scope", async () => {
  const c = new Client(url);
  await c.login("quoc", "picker-password-1");
  const page = await c.get("/orgs?org=B00000");
  assert.equal(page.res.status, 200);
  const { codes, more } = treeRows(page.text);
  assert.deepEqual(codes.slice(1).sort(), below("B00000").sort());
  assert.equal(codes[0], "B00000");
  assert.deepEqual(more, [], "whole: nothing left out");
  assert.doesNotMatch(page.text, /không hiện ở đây/);
  assert.match(page.text, /tổ chức thuộc <a href="\/org\/B00000">/);
  // a province's staff: its own tree whole; another province's is not found
  const p = new Client(url);
  await p.login("tinh", "picker-password-1");
  const own = treeRows((await p.get("/orgs")).text).codes;
  assert.deepEqual(own.slice(1).sort(), below("P01").sort());
  assert.equal((await p.get("/orgs?org=P02")).res.status, 404);
  assert.equal((await p.get("/orgs?org=TW")).res.status, 404);
  // an unknown code: not found, and the page names it
  const nope = await p.get("/orgs?org=NOPE");
  assert.equal(nope.res.status, 404);
  assert.match(nope.text, /Không tìm thấy tổ chức có mã (&#39;|')NOPE(&#39;|')/);
});

test("an org's page lists its direct subordinates only", async () => {
  const c = new Client(url);
  await c.login("quoc", "picker-password-1");
  const page = await c.get("/org/X0000");
  assert.equal(page.res.status, 200);
  const listed = [...page.text.split("Tổ chức trực thuộc")[1].matchAll(/<li><a href="\/org\/([^"]+)">/g)].map((m) => m[1]);
  const mine = [...orgs].filter(([, o]) => o.parent === "X0000").map(([k]) => k).sort();
  assert.deepEqual(listed, mine);
});

// scope.test.mjs — every route of the route table (ptdv serve --list-routes, so a new route
// cannot skip it), walked by the secretary of Đảng bộ phường Vệ An (BN-P05) asking for
// objects of another ward (BN-P01): always 404 (403 for an admin-only page), never data.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startServer, Client, PTDV } from "./lib.mjs";

let srv, routes, outside;
before(async () => {
  srv = await startServer();
  routes = execFileSync(PTDV, ["serve", "--list-routes"]).toString().trim().split("\n").map((l) => JSON.parse(l));
  // Objects of BN-P01, found by a staff account that sees the whole city.
  const staff = new Client(srv.url);
  await staff.login("bantochuc");
  const m = JSON.parse((await staff.get("/api/v1/members?org=BN-P01&per_page=1")).text).members[0];
  const board = (await staff.get("/pipeline?org=BN-P01")).text;
  const cand = board.match(/href="\/candidate\/(\d+)">([^<]+)</);
  assert.ok(m && cand, "the demo has members and cases in BN-P01");
  outside = { code: "BN-P01", person: String(m.id), personName: m.name, candidate: cand[1], candidateName: cand[2] };
});
after(async () => { await srv.stop(); });

// The out-of-scope value for each route parameter.
function fill(pattern) {
  return pattern.replace(/:code/g, outside.code).replace(/:id/g, () =>
    pattern.startsWith("/person") ? outside.person : outside.candidate);
}

test("the route table is not empty and every protected route was walked", () => {
  assert.ok(routes.length >= 15);
});

test("a secretary of BN-P05 gets nothing of BN-P01 from any route", async () => {
  const sec = new Client(srv.url);
  await sec.login("bithu.vean");
  const home = await sec.get("/");
  const csrf = Client.csrfOf(home.text);
  const secrets = [outside.personName, outside.candidateName, "Đảng bộ phường Vũ Ninh"];
  let walked = 0;
  for (const rt of routes) {
    if (rt.public || rt.pattern === "/logout") continue;
    // A report route's :name is a report, asked for the other ward's org.
    const pattern = rt.pattern.replace(/:name/g, "progress");
    const hasParam = pattern.includes(":");
    // Routes without an object parameter are asked with ?org= of the other ward.
    const path = hasParam ? fill(pattern) : pattern + "?org=" + outside.code;
    const r = rt.method === "GET" ? await sec.get(path)
      : rt.api ? await sec.postJson(path, { org: outside.code, year: 2026, registered: 1, name: "X", gender: "Nam",
        birth_date: "2000-01-01", date: "2026-11-01", kind: "leave" }, csrf)
      : await sec.post(path, { csrf, kind: "helper", date: "01/01/2026", name: "X", gender: "Nam", org: outside.code, source: "1" });
    walked++;
    const want = rt.admin ? [403] : [404];
    // A route that takes no org (the org tree, new-case form) answers for her own scope:
    // it may be 200, but must not show BN-P01's data.
    if (!hasParam && !["/", "/members", "/pipeline"].includes(rt.pattern) && !rt.api && !rt.pattern.includes(":name")) want.push(200);
    // Lists that take no org answer for her own scope (the API org list, the report list).
    if (["/api/v1/orgs", "/api/v1/reports"].includes(rt.pattern)) want.push(200);
    if (rt.method === "POST" && rt.pattern === "/candidates/new") want.push(200);
    // Importing files is not a secretary's (authz.test.mjs holds the full matrix).
    if (rt.pattern.startsWith("/import")) want.push(403);
    assert.ok(want.includes(r.res.status), `${rt.method} ${path}: ${r.res.status}`);
    for (const s of secrets) assert.ok(!r.text.includes(s), `${rt.method} ${path} shows '${s}'`);
  }
  assert.ok(walked >= 12);
});

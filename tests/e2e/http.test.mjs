// http.test.mjs — the web server's front line over plain HTTP: security headers, login,
// sessions, CSRF, throttling, and scope (a secretary sees only her own organisation).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, Client } from "./lib.mjs";

let srv;
before(async () => { srv = await startServer(); });
after(async () => { await srv.stop(); });

test("every response carries the security headers", async () => {
  const c = new Client(srv.url);
  for (const path of ["/login", "/", "/static/style.css", "/nope"]) {
    const { res } = await c.get(path);
    assert.match(res.headers.get("content-security-policy"), /default-src 'self'/);
    assert.match(res.headers.get("content-security-policy"), /frame-ancestors 'none'/);
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("referrer-policy"), "same-origin");
  }
});

test("pages need a session; login sets a HttpOnly SameSite=Strict cookie", async () => {
  const c = new Client(srv.url);
  let r = await c.get("/");
  assert.equal(r.res.status, 303);
  assert.equal(r.res.headers.get("location"), "/login?next=%2F");
  r = await c.login("admin");
  assert.equal(r.res.status, 303);
  const cookie = r.res.headers.getSetCookie().find((l) => l.startsWith("ptdv_session="));
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Strict/);
  assert.match(cookie, /^ptdv_session=[0-9a-f]{64};/);
  r = await c.get("/");
  assert.equal(r.res.status, 200);
  assert.match(r.text, /Đảng bộ thành phố Bắc Ninh/);
});

test("a wrong password gets one Vietnamese message, the same as an unknown login", async () => {
  const c = new Client(srv.url);
  const a = await c.login("admin", "sai-mat-khau-123");
  const b = await c.login("khongtontai", "sai-mat-khau-123");
  assert.equal(a.res.status, 403);
  assert.equal(b.res.status, 403);
  assert.match(a.text, /tên đăng nhập hoặc mật khẩu không đúng/);
  assert.match(b.text, /tên đăng nhập hoặc mật khẩu không đúng/);
});

test("a POST without the right CSRF token is refused", async () => {
  const c = new Client(srv.url);
  await c.login("bantochuc");
  let r = await c.post("/logout", {});
  assert.equal(r.res.status, 403);
  r = await c.post("/logout", { csrf: "0".repeat(64) });
  assert.equal(r.res.status, 403);
  const home = await c.get("/");
  assert.equal(home.res.status, 200); // still logged in
  // The login form itself needs its token too.
  const anon = new Client(srv.url);
  r = await anon.post("/login", { login: "admin", password: "demo-bac-ninh" });
  assert.equal(r.res.status, 403);
});

test("after logout the old session cookie no longer works", async () => {
  const c = new Client(srv.url);
  await c.login("admin");
  const stolen = c.cookies.get("ptdv_session");
  const home = await c.get("/");
  const csrf = Client.csrfOf(home.text);
  const r = await c.post("/logout", { csrf });
  assert.equal(r.res.status, 303);
  const thief = new Client(srv.url);
  thief.cookies.set("ptdv_session", stolen);
  const again = await thief.get("/");
  assert.equal(again.res.status, 303);
});

test("a secretary sees her organisation and nothing else (404, never data)", async () => {
  const c = new Client(srv.url);
  await c.login("bithu.vean");
  let r = await c.get("/org/BN-P05");
  assert.equal(r.res.status, 200);
  assert.match(r.text, /Đảng bộ phường Vệ An/);
  for (const path of ["/org/BN-P01", "/org/TP-BN", "/members?org=BN-P01", "/?org=TP-BN",
    "/api/v1/summary?org=TP-BN"]) {
    r = await c.get(path);
    assert.equal(r.res.status, 404, path);
    assert.doesNotMatch(r.text, /Vũ Ninh|thành phố Bắc Ninh \(mã/, path);
  }
  r = await c.get("/api/v1/summary?org=BN-P01");
  assert.deepEqual(JSON.parse(r.text).error.code, "not_found");
  // Her member list holds only her organisation's cells.
  r = await c.get("/members");
  const codes = [...r.text.matchAll(/href="\/org\/([^"]+)"/g)].map((m) => decodeURIComponent(m[1]));
  assert.ok(codes.length > 0);
  for (const code of codes) assert.ok(code.startsWith("BN-P05"), code);
});

test("the JSON API answers the summary of the article's date", async () => {
  const c = new Client(srv.url);
  await c.login("lanhdao");
  const r = await c.get("/api/v1/summary?org=TP-BN&as_of=2024-04-22");
  assert.equal(r.res.status, 200);
  const s = JSON.parse(r.text);
  assert.deepEqual(s.base_orgs, { total: 68, dang_bo_co_so: 28, chi_bo_co_so: 40 });
  assert.equal(s.term.admitted, 652);
  assert.equal(s.term.admitted_women, 438);
  assert.equal(s.share_of_superior_pct, 16.1);
});

test("static files have an ETag and a long cache; a matching If-None-Match gets 304", async () => {
  const r = await fetch(srv.url + "/static/style.css");
  assert.equal(r.status, 200);
  const etag = r.headers.get("etag");
  assert.match(r.headers.get("cache-control"), /max-age=31536000/);
  const again = await fetch(srv.url + "/static/style.css", { headers: { "if-none-match": etag } });
  assert.equal(again.status, 304);
});

test("an oversized body is refused with 413", async () => {
  const big = "x=" + "a".repeat(2 * 1024 * 1024);
  const r = await fetch(srv.url + "/login", { method: "POST", body: big,
    headers: { "content-type": "application/x-www-form-urlencoded" } });
  assert.equal(r.status, 413);
});

test("admins read the audit log, which records logins; other roles get 403", async () => {
  const admin = new Client(srv.url);
  await admin.login("admin");
  let r = await admin.get("/audit");
  assert.equal(r.res.status, 200);
  // The city admin sees the city's events (logins here), not the operator's (CLI).
  assert.match(r.text, /<td>login<\/td>/);
  assert.doesNotMatch(r.text, /user\.add/);
  const sec = new Client(srv.url);
  await sec.login("bithu.vean");
  r = await sec.get("/audit");
  assert.equal(r.res.status, 403);
  r = await sec.get("/users");
  assert.equal(r.res.status, 403);
});

test("a person's page: in scope 200 with history, out of scope 404", async () => {
  const lead = new Client(srv.url);
  await lead.login("bantochuc");
  const inside = JSON.parse((await lead.get("/api/v1/members?org=BN-P05&per_page=1")).text).members[0];
  const outside = JSON.parse((await lead.get("/api/v1/members?org=BN-P01&per_page=1")).text).members[0];
  let r = await lead.get(`/person/${outside.id}`);
  assert.equal(r.res.status, 200);
  assert.match(r.text, /Quá trình sinh hoạt đảng/);
  const sec = new Client(srv.url);
  await sec.login("bithu.vean");
  r = await sec.get(`/person/${inside.id}`);
  assert.equal(r.res.status, 200);
  r = await sec.get(`/person/${outside.id}`);
  assert.equal(r.res.status, 404);
  assert.ok(!r.text.includes(outside.name), "no data of an out-of-scope person");
  r = await sec.get("/person/999999999");
  assert.equal(r.res.status, 404);
});

test("pages are gzip-compressed for clients that accept it", async () => {
  const c = new Client(srv.url);
  await c.login("bantochuc");
  const res = await fetch(srv.url + "/?org=TP-BN", { headers: { cookie: c.cookieHeader(), "accept-encoding": "gzip" } });
  assert.equal(res.headers.get("content-encoding"), "gzip");
  assert.match(await res.text(), /Đảng bộ thành phố Bắc Ninh/);
  const plain = await fetch(srv.url + "/?org=TP-BN", { headers: { cookie: c.cookieHeader(), "accept-encoding": "identity" } });
  assert.equal(plain.headers.get("content-encoding"), null);
});

test("targets: staff assign, a secretary registers but may not assign", async () => {
  const staff = new Client(srv.url);
  await staff.login("bantochuc");
  let page = await staff.get("/targets?year=2027");
  assert.equal(page.res.status, 200);
  let r = await staff.post("/targets", { csrf: Client.csrfOf(page.text), org: "BN-P05", year: "2027", assigned: "15", women: "9" });
  assert.equal(r.res.status, 303);
  page = await staff.get("/targets?year=2027");
  assert.match(page.text, /Đảng bộ phường Vệ An<\/a><\/td><td class="num">[^<]*<\/td><td class="num">15<\/td><td class="num">9<\/td>/);
  const sec = new Client(srv.url);
  await sec.login("bithu.vean");
  page = await sec.get("/targets?year=2027");
  assert.doesNotMatch(page.text, /name="assigned"/);
  r = await sec.post("/targets", { csrf: Client.csrfOf(page.text), org: "BN-P05", year: "2027", assigned: "99" });
  assert.match(r.text, /chỉ cán bộ Ban Tổ chức hoặc quản trị được giao chỉ tiêu/);
  r = await sec.post("/targets", { csrf: Client.csrfOf(page.text), org: "BN-P05", year: "2027", registered: "12" });
  assert.equal(r.res.status, 303);
});

// Last: it locks lanhdao out for the rest of the run.
test("login is throttled after 5 failures for an account", async () => {
  const c = new Client(srv.url);
  for (let i = 0; i < 5; i++) await c.login("lanhdao", "sai-mat-khau-" + i);
  const r = await c.login("lanhdao"); // the right password, too late
  assert.equal(r.res.status, 403);
  assert.match(r.text, /đăng nhập sai quá nhiều lần/);
});

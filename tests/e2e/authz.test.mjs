// authz.test.mjs — the authorization matrix: every route of the route table (ptdv serve
// --list-routes, so a new route cannot skip it) × every role (admin, staff, secretary,
// liaison, viewer — all five accounts of Đảng bộ phường Vệ An, BN-P05 — and anonymous) × an
// object in scope (of BN-P05) and one out of scope (of Đảng bộ phường Vũ Ninh, BN-P01) →
// the status the table EXPECT below says, and no body that names anything of BN-P01.
// The liaison speaks for the Đoàn Thanh niên (--source youth): its in-scope case is a youth
// referral of BN-P05; it may refer (add a case) but not record a step; member records are
// not for it (403).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { startServer, Client, PTDV, PASSWORD } from "./lib.mjs";

const ROLES = ["admin", "staff", "secretary", "liaison", "viewer", "anonymous"];
const LOGINS = { admin: "authz.admin", staff: "authz.staff", secretary: "bithu.vean",
  liaison: "authz.liaison", viewer: "authz.viewer" };
const WRITERS = new Set(["admin", "staff", "secretary"]);

// Route kinds. A route's kind comes from its flags and whether it takes an object
// (":code", ":id", ":name") or reads ?org=; the few routes that differ are named here, and a
// public route that is not named fails the test (it must be given its own row).
const NAMED = {
  "GET /healthz": "health", "GET /login": "login-form", "POST /login": "login-post",
  "POST /logout": "logout", "GET /candidates/new": "page-writer", "POST /candidates/new": "form-create",
  // The party's member records: every role but the liaison, which sees its referrals only.
  "GET /members": "members", "GET /person/:id": "members", "GET /api/v1/members": "api-members",
  // Pages and lists that take no org: they answer for the account's own scope. (/orgs takes
  // ?org= for an org's own tree: a page-org like the dashboard.)
  "GET /targets": "page-own", "GET /reports": "page-own",
  "GET /api/v1/orgs": "api-own", "GET /api/v1/reports": "api-own",
  // Importing files: administrators and committee staff only; a job is its owner's alone
  // (an unknown or another account's job: 404).
  "GET /import": "importer", "POST /import": "importer", "GET /import/template/:entity": "importer",
  "GET /import/job/:id": "import-job", "POST /import/job/:id/confirm": "import-job",
  "POST /import/job/:id/cancel": "import-job",
  // The pipeline through the API: a new case answers 201; a step answers 201, or 400 when
  // a rule of the pipeline refuses it (the matrix sends each writer's step in turn to one
  // case, so later ones meet a closed case) — either way after authorization passed.
  "POST /api/v1/candidates": "api-create", "POST /api/v1/candidates/:id/steps": "api-step",
};
function kindOf(rt) {
  const key = `${rt.method} ${rt.pattern}`;
  if (NAMED[key]) return NAMED[key];
  if (rt.public) throw new Error(`public route ${key} has no row in the authorization table`);
  const obj = rt.pattern.includes(":");
  if (rt.admin) return rt.api ? "api-admin" : "page-admin";
  if (rt.method === "POST") return rt.api ? "api-write" : "form-write";
  if (rt.api) return obj ? "api-object" : "api-org";
  return obj ? "page-object" : "page-org";
}

// The expected answer: "IN/OUT" (in scope / out of scope) per role. LOGIN = a redirect
// (302/303) to /login; W = the write succeeded: 303 after a form, except a case's step form,
// which is sent without a step and answered 200 with the form and its reasons.
const EXPECT = {
  //               admin        staff        secretary    liaison      viewer       anonymous
  "health":      ["200/200",   "200/200",   "200/200",   "200/200",   "200/200",   "200/200"],
  "login-form":  ["303/303",   "303/303",   "303/303",   "303/303",   "303/303",   "200/200"],
  "login-post":  ["400/400",   "400/400",   "400/400",   "400/400",   "400/400",   "400/400"],
  "logout":      ["303/303",   "303/303",   "303/303",   "303/303",   "303/303",   "LOGIN"],
  "page-org":    ["200/404",   "200/404",   "200/404",   "200/404",   "200/404",   "LOGIN"],
  "page-own":    ["200/200",   "200/200",   "200/200",   "200/200",   "200/200",   "LOGIN"],
  "page-object": ["200/404",   "200/404",   "200/404",   "200/404",   "200/404",   "LOGIN"],
  "page-writer": ["200/200",   "200/200",   "200/200",   "200/200",   "403/403",   "LOGIN"],
  "page-admin":  ["200/200",   "403/403",   "403/403",   "403/403",   "403/403",   "LOGIN"],
  "form-create": ["W/404",     "W/404",     "W/404",     "W/404",     "403/403",   "LOGIN"],
  "members":     ["200/404",   "200/404",   "200/404",   "403/403",   "200/404",   "LOGIN"],
  "api-members": ["200/404",   "200/404",   "200/404",   "403/403",   "200/404",   "401/401"],
  "form-write":  ["W/404",     "W/404",     "W/404",     "403/403",   "403/403",   "LOGIN"],
  "api-org":     ["200/404",   "200/404",   "200/404",   "200/404",   "200/404",   "401/401"],
  "api-own":     ["200/200",   "200/200",   "200/200",   "200/200",   "200/200",   "401/401"],
  "api-object":  ["200/404",   "200/404",   "200/404",   "200/404",   "200/404",   "401/401"],
  "api-admin":   ["200/200",   "403/403",   "403/403",   "403/403",   "403/403",   "401/401"],
  "api-write":   ["200/404",   "200/404",   "200/404",   "403/403",   "403/403",   "401/401"],
  "api-create":  ["W/404",     "W/404",     "W/404",     "W/404",     "403/403",   "401/401"],
  "api-step":    ["W/404",     "W/404",     "W/404",     "403/403",   "403/403",   "401/401"],
  "importer":    ["200/200",   "200/200",   "403/403",   "403/403",   "403/403",   "LOGIN"],
  "import-job":  ["404/404",   "404/404",   "403/403",   "403/403",   "403/403",   "LOGIN"],
};

let srv, routes, objs, secrets, clients;
const run = (args, input) => execFileSync(PTDV, [...args, "--db", srv.db],
  { input, env: { ...process.env, PTDV_TODAY: "2026-11-27" } }).toString();

before(async () => {
  srv = await startServer();
  routes = execFileSync(PTDV, ["serve", "--list-routes"]).toString().trim().split("\n").map((l) => JSON.parse(l));
  for (const [role, login] of Object.entries(LOGINS))
    if (login.startsWith("authz."))
      run(["user", "add", login, "--role", role, "--org", "BN-P05", "--name", `Thử quyền ${role}`,
        ...(role === "liaison" ? ["--source", "youth"] : []), "--password-stdin"], PASSWORD + "\n");
  // Data of BN-P01 that must never reach an account of BN-P05: an account, its login
  // (an audit event in BN-P01's scope) and a case with names found nowhere else.
  run(["user", "add", "authz.vuninh", "--role", "secretary", "--org", "BN-P01", "--name", "Đinh Bí Mật Vũ", "--password-stdin"], PASSWORD + "\n");
  const out = run(["candidate", "add", "--org", "BN-P01-C01", "--name", "Lê Thị Ngoài Phạm Vi", "--gender", "Nữ",
    "--birth", "01/01/2000", "--date", "01/11/2026"]);
  const outCase = out.match(/hồ sơ số (\d+)/)[1];
  await new Client(srv.url).login("authz.vuninh");
  // Objects, found by the committee staff, who sees the whole city.
  const staff = new Client(srv.url);
  await staff.login("bantochuc");
  const find = async (code) => {
    const m = JSON.parse((await staff.get(`/api/v1/members?org=${code}&per_page=1`)).text).members[0];
    const board = (await staff.get(`/pipeline?org=${code}`)).text;
    const cand = board.match(/href="\/candidate\/(\d+)">/)[1];
    const cell = JSON.parse((await staff.get(`/api/v1/orgs/${code}`)).text).orgs.find((o) => o.kind === "Chi bộ trực thuộc").code;
    return { code, person: String(m.id), name: m.name, candidate: cand, cell };
  };
  objs = { in: await find("BN-P05"), out: await find("BN-P01") };
  objs.out.candidate = outCase;
  // The case in scope is a Đoàn Thanh niên referral, so the liaison (youth) sees it too; a
  // women's-union referral of the same cell is one the liaison must not see.
  objs.in.candidate = caseOf("Trần Văn Đoàn Viên", "youth");
  // The out-of-scope member's name is a secret only if no one of BN-P05 bears it.
  const same = JSON.parse((await staff.get(`/api/v1/members?org=BN-P05&q=${encodeURIComponent(objs.out.name)}`)).text).total;
  secrets = ["Vũ Ninh", "Lê Thị Ngoài Phạm Vi", "Đinh Bí Mật Vũ", "authz.vuninh"];
  if (same === 0) secrets.push(objs.out.name);
  // The secrets are there to be found: the staff of the city sees each of them.
  const cityView = (await staff.get("/orgs")).text + (await staff.get(`/candidate/${outCase}`)).text;
  for (const s of ["Vũ Ninh", "Lê Thị Ngoài Phạm Vi"]) assert.ok(cityView.includes(s), `the city sees '${s}'`);
  clients = { anonymous: new Client(srv.url) };
  for (const [role, login] of Object.entries(LOGINS)) {
    clients[role] = new Client(srv.url);
    const r = await clients[role].login(login);
    assert.equal(r.res.status, 303, `login ${login}`);
    clients[role].csrf = Client.csrfOf((await clients[role].get("/reports")).text);
  }
  clients.anonymous.csrf = Client.csrfOf((await clients.anonymous.get("/login")).text);
});
after(async () => { await srv.stop(); });

// A new case in the in-scope cell referred by source; its number.
const caseOf = (name, source) => run(["candidate", "add", "--org", objs.in.cell, "--name", name, "--gender", "Nam",
  "--birth", "01/01/2000", "--date", "01/11/2026", "--source", source]).match(/hồ sơ số (\d+)/)[1];

// The request of a route for one role and scope: path, and a body for a POST.
function request(rt, role, o) {
  let path = rt.pattern.replace(/:code/g, o.code).replace(/:name/g, "progress").replace(/:entity/g, "members")
    .replace(/:id/g, rt.pattern.startsWith("/person") ? o.person : o.candidate);
  if (rt.method === "GET" && rt.pattern !== "/login" && rt.pattern !== "/healthz")
    path += "?org=" + o.code;
  const bodies = {
    "/login": { login: "", password: "" },
    "/logout": {},
    "/targets": { org: o.code, year: "2027", registered: "3" },
    "/candidate/:id": { kind: "", date: "" },
    "/candidates/new": { name: `Thử quyền ${role}`, gender: "Nam", birth: "01/01/2000", org: o.cell,
      date: "01/11/2026", source: "1", education: "" },
    "/api/v1/targets": { org: o.code, year: 2027, registered: 3 },
    "/api/v1/candidates": { name: `Thử quyền ${role}`, gender: "Nam", birth_date: "2000-01-01", org: o.cell,
      date: "2026-11-01", source: "cell" },
    "/api/v1/candidates/:id/steps": { kind: "leave", date: "2026-11-26", text: "thử quyền" },
  };
  return { path, body: bodies[rt.pattern] };
}

async function send(rt, role, o) {
  const { path, body } = request(rt, role, o);
  let c = clients[role];
  if (rt.pattern === "/logout" && role !== "anonymous") { // a session of its own, ended
    c = new Client(srv.url);
    await c.login(LOGINS[role]);
    c.csrf = Client.csrfOf((await c.get("/reports")).text);
  }
  if (rt.method === "GET") return { path, ...(await c.get(path)) };
  if (rt.api) return { path, ...(await c.postJson(path, body, c.csrf)) };
  return { path, ...(await c.post(path, { csrf: c.csrf, ...body })) };
}

function want(rt, kind, role, scope) {
  const cell = EXPECT[kind][ROLES.indexOf(role)];
  if (cell === "LOGIN") return "LOGIN";
  const [i, o] = cell.split("/");
  const w = scope === "in" ? i : o;
  if (w !== "W") return Number(w);
  if (kind === "api-create") return 201;
  if (kind === "api-step") return [201, 400];
  return rt.pattern === "/candidate/:id" ? 200 : 303;
}

test("authorization matrix: every route × role × scope gives the expected status and no out-of-scope data", async () => {
  const jobs = [];
  for (const rt of routes) {
    const kind = kindOf(rt);
    assert.ok(EXPECT[kind], `no expectation row for ${kind}`);
    for (const role of ROLES) for (const scope of ["in", "out"]) jobs.push({ rt, kind, role, scope });
  }
  const unexpected = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const j = jobs[next++];
      const r = await send(j.rt, j.role, objs[j.scope]);
      const w = want(j.rt, j.kind, j.role, j.scope);
      const got = r.res.status;
      const ok = w === "LOGIN"
        ? [302, 303].includes(got) && /^\/login/.test(r.res.headers.get("location") || "")
        : Array.isArray(w) ? w.includes(got) : got === w;
      if (!ok) unexpected.push(`${j.role} ${j.rt.method} ${r.path} (${j.kind}, ${j.scope}): ${got}, expected ${w}`);
      for (const s of secrets)
        if (r.text.includes(s)) unexpected.push(`${j.role} ${j.rt.method} ${r.path}: the body shows '${s}'`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  console.log(`authz: ${routes.length} routes × ${ROLES.length} roles × 2 scopes = ${jobs.length} requests, ${unexpected.length} unexpected`);
  assert.deepEqual(unexpected, []);
  assert.ok(jobs.length >= routes.length * 12);
});

test("the table has a row for every kind it names, and a new public route fails the matrix", () => {
  assert.throws(() => kindOf({ method: "GET", pattern: "/new-public", public: true }), /no row/);
  for (const k of Object.values(NAMED)) assert.ok(EXPECT[k], k);
});

test("a youth liaison sees its referral, not a women's-union referral of the same cell, and no member records", async () => {
  const liaison = clients.liaison, secretary = clients.secretary;
  // Open cases of their own (the matrix's steps closed the one above).
  const youth = caseOf("Phan Văn Thanh Niên", "youth"), women = caseOf("Nguyễn Thị Hội Viên", "women");
  // Both cases are there: the cell's secretary sees each.
  const board = (await secretary.get("/pipeline?org=BN-P05")).text;
  for (const n of ["Phan Văn Thanh Niên", "Nguyễn Thị Hội Viên"]) assert.ok(board.includes(n), `the secretary sees '${n}'`);
  assert.equal((await secretary.get(`/candidate/${women}`)).res.status, 200);
  // The liaison: its own referral on the board, on its page and in the API; the other one nowhere.
  const own = await liaison.get(`/candidate/${youth}`);
  assert.equal(own.res.status, 200);
  assert.ok(own.text.includes("Phan Văn Thanh Niên"));
  const other = await liaison.get(`/candidate/${women}`);
  assert.equal(other.res.status, 404);
  assert.ok(!other.text.includes("Nguyễn Thị Hội Viên"));
  assert.equal((await liaison.get(`/api/v1/candidates/${women}`)).res.status, 404);
  const lboard = (await liaison.get("/pipeline?org=BN-P05")).text;
  assert.ok(lboard.includes("Phan Văn Thanh Niên"));
  assert.ok(!lboard.includes("Nguyễn Thị Hội Viên"));
  const list = JSON.parse((await liaison.get("/api/v1/candidates?org=BN-P05")).text);
  const all = JSON.parse((await secretary.get("/api/v1/candidates?org=BN-P05")).text);
  const rows = (j) => j.candidates || j.cases || j.items || [];
  assert.ok(rows(list).length >= 1 && rows(list).length < rows(all).length, "the liaison's list is a part of the cell's");
  assert.ok(!JSON.stringify(list).includes("Nguyễn Thị Hội Viên"));
  const due = (await liaison.get("/report/due?org=BN-P05")).text;
  assert.ok(!due.includes("Nguyễn Thị Hội Viên"));
  // Member records: 403.
  assert.equal((await liaison.get("/members")).res.status, 403);
  assert.equal((await liaison.get("/members?org=BN-P05")).res.status, 403);
  assert.equal((await liaison.get(`/person/${objs.in.person}`)).res.status, 403);
  assert.equal((await liaison.get("/api/v1/members?org=BN-P05")).res.status, 403);
  // A referral takes the liaison's own source whatever the form says (3 = Hội LHPN).
  const form = await liaison.get("/candidates/new");
  assert.equal(form.res.status, 200);
  assert.ok(form.text.includes("Đoàn Thanh niên") && !form.text.includes("Hội Liên hiệp Phụ nữ"));
  const r = await liaison.post("/candidates/new", { csrf: liaison.csrf, name: "Lê Văn Được Giới Thiệu", gender: "Nam",
    birth: "01/01/2001", org: objs.in.cell, date: "02/11/2026", source: "3", education: "" });
  assert.equal(r.res.status, 303);
  const id = r.res.headers.get("location").split("/").pop();
  // The liaison sees it — it sees youth referrals only (the 404 above), so its source is youth.
  assert.equal((await liaison.get(`/candidate/${id}`)).res.status, 200);
  assert.equal((await secretary.get(`/candidate/${id}`)).res.status, 200);
  // Every other step stays refused.
  const step = await liaison.postJson(`/api/v1/candidates/${id}/steps`, { kind: "leave", date: "2026-11-26", text: "thử" }, liaison.csrf);
  assert.equal(step.res.status, 403);
});

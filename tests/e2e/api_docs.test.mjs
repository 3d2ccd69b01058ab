// api_docs.test.mjs — runs every ```sh example of docs/api.md against a demo server and
// checks its output against the example answer that follows it: the same JSON keys at the
// top level (values may differ where the demo's date moves them) or the same text.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startServer, PTDV } from "./lib.mjs";

const doc = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "../../docs/api.md"), "utf8");
const blocks = [...doc.matchAll(/```(\w*)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1], body: m[2] }));
const examples = [];
for (let i = 0; i < blocks.length; i++) {
  if (blocks[i].lang === "sh" && blocks[i].body.includes("$PTDV")) examples.push({ cmd: blocks[i].body, want: blocks[i + 1] });
}

let srv, token, staffToken;
before(async () => {
  srv = await startServer();
  token = execFileSync(PTDV, ["user", "token", "lanhdao", "--label", "api docs", "--db", srv.db]).toString().trim();
  staffToken = execFileSync(PTDV, ["user", "token", "bantochuc", "--label", "api docs", "--db", srv.db]).toString().trim();
});
after(async () => { await srv.stop(); });

test("docs/api.md has examples", () => assert.ok(examples.length >= 4));

for (const ex of examples) {
  test(ex.cmd.trim(), () => {
    const out = execFileSync("bash", ["-c", ex.cmd], { env: { ...process.env, PTDV: srv.url, TOKEN: token, STAFF_TOKEN: staffToken } }).toString();
    if (ex.want.lang === "json") {
      const got = JSON.parse(out);
      const want = JSON.parse(ex.want.body.replace(/, "\.\.\."/g, ""));
      assert.deepEqual(Object.keys(got).sort(), Object.keys(want).sort());
      if (want.base_orgs) assert.deepEqual(got.base_orgs, want.base_orgs);
      if (want.term) assert.equal(got.term.admitted, want.term.admitted);
      if (want.error) assert.deepEqual(got, want);
      // A write's answer: the figures sent are the figures stored.
      if (want.assigned !== undefined) {
        for (const k of ["org", "year", "registered", "assigned", "women"]) assert.equal(got[k], want[k]);
      }
      // Lists: the demo's people may change with the generator; there must be some, and
      // every row has the example's fields.
      if (want.total !== undefined) assert.ok(got.total > 0);
      for (const [k, v] of Object.entries(want)) {
        if (Array.isArray(v) && v.length && typeof v[0] === "object")
          assert.deepEqual(Object.keys(got[k][0]).sort(), Object.keys(v[0]).sort(), `the rows of '${k}'`);
      }
    } else {
      assert.equal(out.trim(), ex.want.body.trim());
    }
  });
}

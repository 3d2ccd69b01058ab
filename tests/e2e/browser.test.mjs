// browser.test.mjs — the user journeys in a real browser (Debian's chromium driven by
// playwright-core): log in, read the dashboard as of the article's date, search members
// with and without diacritics, browse organisations. Every page is screenshotted into
// artifacts/ and must log no console error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startServer, launchBrowser, ARTIFACTS, PASSWORD } from "./lib.mjs";

let srv, browser, page;
const consoleErrors = [];

before(async () => {
  srv = await startServer();
  browser = await launchBrowser();
  const ctx = await browser.newContext({ locale: "vi-VN", viewport: { width: 1280, height: 900 } });
  page = await ctx.newPage();
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("pageerror", (e) => consoleErrors.push(String(e)));
});

after(async () => {
  await browser?.close();
  await srv?.stop();
});

// PTDV_GUIDE_IMG=docs/img (make guide) also writes the user guide's pictures there.
async function shot(name) {
  await page.screenshot({ path: join(ARTIFACTS, name + ".png"), fullPage: true });
  if (process.env.PTDV_GUIDE_IMG) {
    await page.screenshot({ path: join(process.env.PTDV_GUIDE_IMG, name + ".png"), fullPage: false });
  }
}

test("log in with the demo admin", async () => {
  await page.goto(srv.url + "/");
  assert.match(page.url(), /\/login\?next=/);
  await shot("login");
  await page.getByLabel("Tên đăng nhập").fill("admin");
  await page.getByLabel("Mật khẩu").fill(PASSWORD);
  await page.getByRole("button", { name: "Đăng nhập" }).click();
  await page.waitForURL(srv.url + "/");
  assert.match(await page.textContent("h1"), /Tổng quan — Đảng bộ thành phố Bắc Ninh/);
  await shot("dashboard");
});

test("the dashboard as of 22/04/2024 shows the article's figures", async () => {
  await page.goto(srv.url + "/?org=TP-BN&as_of=2024-04-22");
  const figures = await page.textContent(".figures");
  assert.match(figures, /68/);
  assert.match(figures, /28 đảng bộ cơ sở, 40 chi bộ cơ sở/);
  assert.match(figures, /652/);
  assert.match(figures, /16,1%/);
  const lead = await page.textContent(".lead");
  assert.match(lead, /438 đảng viên nữ \(67,2%\)/);
  const row2023 = await page.locator("table.data tr", { hasText: "2023" }).textContent();
  assert.match(row2023, /209/);
  await shot("dashboard-2024-04-22");
});

test("member search ignores accents and case", async () => {
  await page.goto(srv.url + "/members");
  await page.getByLabel("Họ tên").fill("nguyen van");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.waitForURL(/q=nguyen/);
  const plain = await page.textContent("main p");
  const firstNames = await page.locator("table.data tbody tr td:first-child").allTextContents();
  assert.ok(firstNames.length > 0, "no result for 'nguyen van'");
  for (const n of firstNames) assert.match(n, /Nguyễn Văn/);
  await shot("members-search");
  await page.getByLabel("Họ tên").fill("NGUYỄN VĂN");
  await page.getByRole("button", { name: "Tìm" }).click();
  await page.waitForLoadState();
  assert.equal(await page.textContent("main p"), plain, "same count with diacritics and capitals");
});

test("a member's page from the list", async () => {
  await page.goto(srv.url + "/members?q=nguyen+van+an");
  await page.locator("table.data tbody tr td:first-child a").first().click();
  await page.waitForURL(/\/person\/\d+$/);
  assert.match(await page.textContent("h1"), /Đảng viên Nguyễn Văn An/);
  assert.match(await page.textContent("main"), /Quá trình sinh hoạt đảng/);
  await shot("person");
});

test("the audit log for the administrator", async () => {
  await page.goto(srv.url + "/audit");
  assert.match(await page.textContent("h1"), /Nhật ký/);
  await shot("audit");
});

test("organisation tree and an organisation's page", async () => {
  await page.goto(srv.url + "/orgs");
  await shot("orgs");
  await page.getByRole("link", { name: "Đảng bộ phường Vệ An" }).click();
  await page.waitForURL(/\/org\/BN-P05$/);
  assert.match(await page.textContent("h1"), /Đảng bộ phường Vệ An/);
  await shot("org-BN-P05");
});

test("a phone-sized screen still reads the dashboard", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(srv.url + "/");
  assert.ok(await page.isVisible(".figures"));
  await shot("dashboard-phone");
  await page.setViewportSize({ width: 1280, height: 900 });
});

test("no page logged a console error", () => {
  assert.deepEqual(consoleErrors, []);
});

// browser.test.mjs — the user journeys in a real browser (Debian's chromium driven by
// playwright-core): log in, read the dashboard as of the article's date, search members
// with and without diacritics, browse organisations. Every page is screenshotted into
// artifacts/ and must log no console error.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { writeFileSync } from "node:fs";
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

test("the pipeline: add a person, a rule refuses a step in Vietnamese, a helper is assigned", async () => {
  // A secretary works in her own ward.
  const ctx = await browser.newContext({ locale: "vi-VN", viewport: { width: 1280, height: 900 } });
  const p2 = await ctx.newPage();
  p2.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  await p2.goto(srv.url + "/login");
  await p2.getByLabel("Tên đăng nhập").fill("bithu.vean");
  await p2.getByLabel("Mật khẩu").fill(PASSWORD);
  await p2.getByRole("button", { name: "Đăng nhập" }).click();
  await p2.waitForURL(srv.url + "/");
  await p2.goto(srv.url + "/pipeline");
  assert.match(await p2.textContent(".board"), /Dự bị/);
  await p2.screenshot({ path: join(ARTIFACTS, "pipeline.png"), fullPage: true });
  if (process.env.PTDV_GUIDE_IMG) await p2.screenshot({ path: join(process.env.PTDV_GUIDE_IMG, "pipeline.png") });
  // An official member of the cell, to be the helper.
  const api = await (await p2.request.get(srv.url + "/api/v1/members?org=BN-P05-C01&per_page=200")).json();
  const helper = api.members.find((m) => m.official_date && m.card_no && m.official_date < "2020-01-01");
  assert.ok(helper, "an official member with a card in BN-P05-C01");
  // Add a person to the source list.
  await p2.getByRole("link", { name: "Thêm người vào danh sách nguồn" }).click();
  await p2.getByLabel("Họ và tên").fill("Đinh Thị Hồng Nhung");
  await p2.getByLabel("Giới tính").selectOption("Nữ");
  await p2.getByLabel("Ngày sinh").fill("14/02/2001");
  await p2.getByLabel("Trình độ học vấn").fill("Đại học");
  await p2.getByLabel("Chi bộ (mã)").fill("BN-P05-C01");
  await p2.getByLabel("Ngày vào danh sách nguồn").fill("02/03/2026");
  await p2.getByRole("button", { name: "Thêm" }).click();
  await p2.waitForURL(/\/candidate\/\d+$/);
  assert.match(await p2.textContent("h1"), /Đinh Thị Hồng Nhung/);
  // A helper who is not an official member is refused, in Vietnamese.
  await p2.getByLabel("Bước").selectOption({ label: "Phân công đảng viên giúp đỡ" });
  await p2.getByLabel("Ngày", { exact: true }).fill("10/03/2026");
  await p2.getByLabel("Đảng viên (giúp đỡ, giới thiệu): số thẻ hoặc số CCCD").fill("99999999");
  await p2.getByRole("button", { name: "Ghi" }).click();
  await p2.waitForLoadState();
  const refusal = await p2.textContent(".error");
  assert.match(refusal, /Chưa ghi được bước này/);
  await p2.screenshot({ path: join(ARTIFACTS, "candidate-refused.png"), fullPage: true });
  // With an official member of the cell the helper is recorded.
  await p2.getByLabel("Bước").selectOption({ label: "Phân công đảng viên giúp đỡ" });
  await p2.getByLabel("Ngày", { exact: true }).fill("10/03/2026");
  await p2.getByLabel("Đảng viên (giúp đỡ, giới thiệu): số thẻ hoặc số CCCD").fill(helper.card_no);
  await p2.getByRole("button", { name: "Ghi" }).click();
  await p2.waitForLoadState();
  assert.equal(await p2.locator(".error").count(), 0, await p2.textContent("main"));
  assert.match(await p2.textContent("table.data"), /Phân công đảng viên giúp đỡ/);
  assert.match(await p2.textContent("main"), /giai đoạn hiện tại: Giúp đỡ/);
  await p2.screenshot({ path: join(ARTIFACTS, "candidate.png"), fullPage: true });
  if (process.env.PTDV_GUIDE_IMG) await p2.screenshot({ path: join(process.env.PTDV_GUIDE_IMG, "candidate.png"), fullPage: true });
  await ctx.close();
});

test("reports: progress as of 22/04/2024 adds up to the summary, and downloads in every format", async () => {
  await page.goto(srv.url + "/reports");
  await page.getByRole("link", { name: "Tiến độ thực hiện chỉ tiêu" }).click();
  await page.getByLabel("Tính đến ngày").fill("22/04/2024");
  await page.getByRole("button", { name: "Xem" }).click();
  await page.waitForURL(/as_of=22%2F04%2F2024/);
  const caption = await page.locator("table.data caption").first().innerText();
  assert.match(caption, /\(69 dòng\)/); // 68 base organisations and the total row
  const total = page.locator("table.data tr.total td");
  // Columns: code, name, target, admitted, …: the city's 43 admissions of 2024 (the summary's).
  assert.equal((await total.nth(3).innerText()).trim(), "43");
  await shot("report-progress");
  for (const [label, type] of [["Excel (.xlsx)", "spreadsheetml"], ["PDF", "application/pdf"], ["CSV", "text/csv"]]) {
    const href = await page.getByRole("link", { name: label }).getAttribute("href");
    const res = await page.request.get(srv.url + href);
    assert.equal(res.status(), 200, label);
    assert.match(res.headers()["content-type"], new RegExp(type), label);
    assert.match(res.headers()["content-disposition"], /attachment; filename="ptdv-progress-TP-BN-2024-04-22\./);
    assert.ok((await res.body()).length > 500, label);
  }
  await page.goto(srv.url + "/report/yoy?org=TP-BN&as_of=22/04/2024");
  const img = page.locator("figure.chart img");
  await img.waitFor();
  assert.ok(await img.evaluate((el) => el.complete && el.naturalWidth > 0), "the chart (SVG) loads");
  await shot("report-yoy");
});

test("import: a file with a bad row is refused with its reasons; a good one is checked, confirmed and written", async () => {
  const dir = process.env.PTDV_ARTIFACTS || ARTIFACTS;
  const bad = join(dir, "chi-tieu-loi.csv"), good = join(dir, "chi-tieu.csv");
  const head = "Mã tổ chức,Năm,Chỉ tiêu đăng ký,Chỉ tiêu giao,Trong đó nữ\n";
  writeFileSync(bad, head + "BN-P05,2027,5,6,3\nBN-XX,2027,1,1,1\nBN-P01,20x7,1,1,1\n");
  writeFileSync(good, head + "BN-P05,2027,5,7,3\n");
  await page.goto(srv.url + "/import");
  await page.getByLabel("Tệp chứa").selectOption("targets");
  await page.getByLabel("Tệp (.xlsx hoặc .csv)").setInputFiles(bad);
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await page.locator("#errors").waitFor();
  const errs = await page.locator("#errors tbody").innerText();
  assert.match(errs, /3\s+Mã tổ chức\s+không tìm thấy tổ chức có mã 'BN-XX'/);
  assert.match(errs, /4\s+Năm\s+năm '20x7' không hợp lệ/);
  assert.equal(await page.getByRole("button", { name: "Xác nhận nhập tệp này" }).count(), 0);
  await shot("import-errors");
  await page.goto(srv.url + "/import");
  await page.getByLabel("Tệp chứa").selectOption("targets");
  await page.getByLabel("Tệp (.xlsx hoặc .csv)").setInputFiles(good);
  await page.getByRole("button", { name: "Kiểm tra tệp" }).click();
  await page.getByRole("button", { name: "Xác nhận nhập tệp này" }).waitFor();
  await shot("import-preview");
  await page.getByRole("button", { name: "Xác nhận nhập tệp này" }).click();
  await page.getByText("Đã nhập xong; dữ liệu đã được ghi.").waitFor();
  const t = await (await page.request.get(srv.url + "/api/v1/targets?org=BN-P05&year=2027")).json();
  const mine = t.targets.find((x) => x.org === "BN-P05");
  assert.deepEqual([mine.registered, mine.assigned, mine.women], [5, 7, 3]);
  // The targets page also lists the referral targets of the mass organisations.
  await page.goto(srv.url + "/targets?year=2026");
  const refs = page.locator("table", { hasText: "Chỉ tiêu giới thiệu quần chúng ưu tú" });
  assert.match(await refs.innerText(), /Đảng bộ thành phố Bắc Ninh\s+Đoàn Thanh niên\s+\d+/);
  await shot("targets");
  // The template of each entity downloads as a workbook.
  const res = await page.request.get(srv.url + "/import/template/members");
  assert.equal(res.status(), 200);
  assert.equal((await res.body()).subarray(0, 2).toString(), "PK");
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

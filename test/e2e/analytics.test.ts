/**
 * Analytics and case documents in a real browser against the real server, once per engine:
 * central opens the dashboard on the generated demo data and sees the count and staff-hours
 * rankings as the data has them, downloads the annual PDF and an XLSX that opens with Japanese
 * intact; a supervisor issues a warning letter from an incident (adding the missing address on the
 * way) and registers a restriction; staff opening a new contact with that counterpart see it.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import type { Browser, Page } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { Client } from "../helpers/server.ts";
import { expectAccessible, launchBrowser, login, openPage } from "./helpers/browser.ts";
import { DEMO_PASSWORD, type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 20_000 };

async function firstRow(page: Page, title: string): Promise<string> {
  const card = page.locator("section.chart-card").filter({ has: page.getByRole("heading", { level: 3, name: title, exact: true }) });
  await card.getByText("データ表で見る").click();
  const text = (await card.locator("tbody tr").first().locator("th").textContent()) ?? "";
  return text.replace(/^\d+\.\s*/, "").trim();
}

for (const engine of ENGINES) {
  describe(`analytics and case documents [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test("central sees both department rankings as the data has them and downloads the annual PDF and an XLSX", async () => {
      const api = await new Client(server.baseUrl).login("central", DEMO_PASSWORD);
      const figures = (await api.get("/api/analytics/dashboard")).body;
      assert.ok(figures.totals.received > 0, "the demo start generated incidents in the current fiscal year");
      const { page, external } = await openPage(browser, server.baseUrl, { locale: "ja-JP" });
      await login(page, "central");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "集計・報告" }).click(TIMEOUT);
      await page.getByRole("heading", { level: 1, name: "集計・報告" }).waitFor(TIMEOUT);
      await page.getByRole("heading", { level: 2, name: figures.period.label.ja }).waitFor(TIMEOUT);
      assert.match(figures.period.label.ja, /^令和\d+年度\(\d{4}年度\)$/);
      assert.equal(await page.getByTestId("total-received").textContent(), String(figures.totals.received));
      assert.equal(await page.getByTestId("total-harassment").textContent(), String(figures.totals.harassment));
      const byCount = await firstRow(page, "件数の多い所属");
      const byHours = await firstRow(page, "職員時間の多い所属");
      assert.equal(byCount, figures.departments.byCount[0].label.ja);
      assert.equal(byHours, figures.departments.byHours[0].label.ja);
      const countOrder = figures.departments.byCount.map((d: { departmentId: string }) => d.departmentId).join();
      const hoursOrder = figures.departments.byHours.map((d: { departmentId: string }) => d.departmentId).join();
      if (countOrder !== hoursOrder) {
        const rows = async (title: string) =>
          (await page.locator("section.chart-card").filter({ has: page.getByRole("heading", { level: 3, name: title, exact: true }) }).locator("tbody tr th").allTextContents()).map((s) => s.replace(/^\d+\.\s*/, ""));
        assert.notDeepEqual(await rows("件数の多い所属"), await rows("職員時間の多い所属"), "the two rankings differ on screen as they do in the data");
      }
      await expectAccessible(page, "the dashboard");

      const [pdfDownload] = await Promise.all([page.waitForEvent("download", TIMEOUT), page.getByTestId("report-annual").click()]);
      const pdf = fs.readFileSync((await pdfDownload.path()) as string);
      assert.equal(pdf.subarray(0, 5).toString(), "%PDF-");
      assert.ok(pdf.includes("BIZUDPGothic"), "the Japanese font is embedded");

      const [xlsxDownload] = await Promise.all([page.waitForEvent("download", TIMEOUT), page.getByTestId("export-xlsx").click()]);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile((await xlsxDownload.path()) as string);
      const ws = wb.worksheets[0];
      assert.ok(ws);
      assert.equal(ws.name, "事案一覧");
      assert.equal(ws.getRow(1).getCell(1).value, "事案番号");
      assert.equal(ws.rowCount, figures.totals.received + 1);
      const departments = new Set(figures.departments.byCount.map((d: { label: { ja: string } }) => d.label.ja));
      assert.ok(departments.has(String(ws.getRow(2).getCell(3).value)), "department names in Japanese, intact");
      assert.deepEqual(external, []);
    });

    test("a supervisor issues a warning letter and registers a restriction; staff opening a new contact see it", async () => {
      const staffApi = await new Client(server.baseUrl).login("staff", DEMO_PASSWORD);
      const filed = await staffApi.post("/api/incidents", {
        channel: "counter",
        summary: "【E2E】窓口で職員を怒鳴りつけた",
        codes: ["mental_attack"],
        counterpart: { type: "resident", name: "泉 四郎", phone: "090-5555-6666" },
        report: true,
      });
      assert.equal(filed.status, 201, filed.text);
      const counterpartId = filed.body.counterpart.id;

      const { page } = await openPage(browser, server.baseUrl, { locale: "ja-JP" });
      await login(page, "supervisor");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto(`/incidents/${filed.body.id}`);
      await page.getByRole("heading", { level: 2, name: "文書(警告書・お知らせ)" }).waitFor(TIMEOUT);
      await page.getByLabel("文書の種類").selectOption("warning");
      await page.getByRole("button", { name: "文面を作成する" }).click();
      await page.getByRole("alert").filter({ hasText: "住所" }).waitFor(TIMEOUT);
      await page.getByLabel("郵便番号").fill("981-3100");
      await page.getByLabel("住所", { exact: true }).fill("仙台市泉区泉中央1-1-1");
      await page.getByRole("button", { name: "送付先を保存する" }).click();
      const body = page.getByLabel("本文(必要に応じて修正してください)");
      await body.waitFor(TIMEOUT);
      assert.match(await body.inputValue(), /精神的な攻撃/);
      await page.getByRole("button", { name: "発行する(PDFを事案に保存)" }).click();
      await page.getByRole("status").filter({ hasText: "警告書を発行しました" }).waitFor(TIMEOUT);
      await page.getByRole("link", { name: "PDFを開く" }).first().waitFor(TIMEOUT);

      const form = page.getByRole("form", { name: "対応制限を登録する" });
      await form.getByLabel("制限の種類").selectOption("written_only");
      await form.getByLabel("内容(どの窓口・どの範囲か)").fill("戸籍住民課への連絡は文書(郵送)のみとします");
      await form.getByLabel("理由", { exact: true }).fill("窓口での暴言が繰り返されたため");
      await form.getByLabel("見直し日").fill("2027-06-30");
      await form.getByRole("button", { name: /^登録する/ }).click();
      await page.getByRole("status").filter({ hasText: "対応制限を登録しました" }).waitFor(TIMEOUT);

      // Staff open a new contact with the same person: the restriction shows at once.
      const next = await staffApi.post("/api/incidents", { channel: "phone", summary: "【E2E】再度の電話", counterpartId });
      assert.equal(next.status, 201, next.text);
      const staffSession = await openPage(browser, server.baseUrl, { locale: "ja-JP" });
      await login(staffSession.page, "staff");
      await staffSession.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await staffSession.page.goto(`/incidents/${next.body.id}`);
      const notice = staffSession.page.getByTestId("restriction-notice");
      await notice.waitFor(TIMEOUT);
      assert.match((await notice.textContent()) ?? "", /文書のみでの対応.*文書\(郵送\)のみ/);
      assert.match((await notice.textContent()) ?? "", /権利は制限されません/);
    });
  });
}

/**
 * The incident screens in a real browser against the real server, once per database engine: staff
 * files an incident on a phone-sized screen, the supervisor of the department judges it, central
 * finds it by a 2-character word, and staff of another department can neither open nor list it.
 */
import assert from "node:assert/strict";
import fs from "node:fs";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser, login, openPage } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const WORDS = "お前は無能だ、上司を出せ";
const NARRATIVE = "【E2E試験】住民票の交付手数料について電話で苦情。説明後も同じ要求を繰り返し、大声で罵倒した。";
const TIMEOUT = { timeout: 15_000 };
const FIRST_START = "2026-11-03T10:00";
const SECOND_START = "2026-11-10T10:00";
const RULE = "暴言・脅迫は即時報告";

for (const engine of ENGINES) {
  describe(`incident screens [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;
    let incidentPath = "";
    let incidentNumber = "";

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test("staff files an incident on a 390×844 screen; the draft survives a reload; a double tap files it once", async () => {
      const { context, page, external } = await openPage(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "事案" }).waitFor();
      await page
        .getByRole("main")
        .getByRole("link", { name: /事案を記録/ })
        .click();
      await page.getByRole("heading", { level: 1, name: "事案を記録" }).waitFor(TIMEOUT);

      // An empty submit says what is missing.
      await page.getByRole("button", { name: "報告する" }).click();
      await page.getByRole("alert").filter({ hasText: "対応の方法を選んでください" }).waitFor(TIMEOUT);

      await page.getByRole("radio", { name: "電話", exact: true }).check();
      assert.ok((await page.getByLabel("始まった日時").inputValue()).length >= 16, "the start defaults to now");
      // Recorded a little later: the start is set by hand (10:00 here is 19:00 the same day in Japan).
      await page.getByLabel("始まった日時").fill(FIRST_START);
      await page.getByLabel("相手の電話番号").fill("090-1234-5678");
      await page.getByLabel("何があったか").fill(NARRATIVE);
      await page.getByLabel("言葉 1", { exact: true }).fill(WORDS);
      await page.getByRole("button", { name: "言葉を追加する" }).click();
      await page.getByLabel("言葉 2", { exact: true }).fill("二度と来るな");
      await page.getByRole("checkbox", { name: /^2 / }).check();

      // A reload loses nothing.
      await page.reload();
      await page.getByRole("status").filter({ hasText: "前回の入力内容を復元しました" }).waitFor(TIMEOUT);
      assert.equal(await page.getByLabel("言葉 1", { exact: true }).inputValue(), WORDS);
      assert.equal(await page.getByLabel("言葉 2", { exact: true }).inputValue(), "二度と来るな");
      assert.equal(await page.getByLabel("何があったか").inputValue(), NARRATIVE);
      assert.ok(await page.getByRole("radio", { name: "電話", exact: true }).isChecked());
      assert.ok(await page.getByRole("checkbox", { name: /^2 / }).isChecked());
      assert.equal(await page.getByLabel("相手の電話番号").inputValue(), "090-1234-5678");

      await expectAccessible(page, "the quick form");
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the form is ${overflow}px wider than the screen`);

      await page.getByRole("button", { name: "報告する" }).dblclick();
      const h1 = page.getByRole("heading", { level: 1, name: /^事案 / });
      await h1.waitFor(TIMEOUT);
      incidentNumber = ((await h1.textContent()) ?? "").replace(/^事案 /, "").trim();
      incidentPath = new URL(page.url()).pathname;
      assert.match(incidentPath, /^\/incidents\/[0-9a-f-]{36}$/);
      await page
        .getByRole("status")
        .filter({ hasText: `事案 ${incidentNumber} を記録し、報告しました。` })
        .waitFor(TIMEOUT);
      // Complaint received, not yet judged: never labelled harassment.
      assert.equal((await page.getByTestId("outcome").textContent())?.trim(), "判断結果: 未判断(苦情・申出として受付)");
      await page.getByRole("main").getByText(WORDS).waitFor();
      // The server decides what this user may do next: staff cannot take it under review.
      await page.getByText("あなたが今できる状態の変更はありません。").waitFor();
      assert.equal(await page.getByRole("button", { name: "「確認中」にする" }).count(), 0);
      // The draft is gone after the submit.
      assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("mamoru.incident-draft.")).length), 0);

      await page.getByRole("link", { name: "事案一覧に戻る" }).click();
      await page.getByRole("heading", { level: 1, name: "事案一覧" }).waitFor(TIMEOUT);
      const rows = page.getByRole("table", { name: "事案一覧(新しい順)" }).getByRole("row").filter({ hasText: "【E2E試験】" });
      await rows.first().waitFor(TIMEOUT);
      assert.equal(await rows.count(), 1, "a double tap files one incident");
      const text = (await rows.first().textContent()) ?? "";
      assert.match(text, /報告済/);
      assert.match(text, /未判断/);
      assert.doesNotMatch(text, /該当/);
      assert.deepEqual(external, []);
      await context.close();
    });

    test("central sets a reporting rule: group 2 goes to central at once", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "central");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto("/incidents");
      await page.getByRole("link", { name: "総務局への報告", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "総務局への報告(規則とキュー)" }).waitFor(TIMEOUT);
      await page.getByLabel("規則の名前").fill(RULE);
      await page.getByRole("checkbox", { name: "2 暴行・暴言・威嚇・脅迫" }).check();
      await page.getByRole("button", { name: "規則を追加する" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: `規則「${RULE}」を追加しました。` })
        .waitFor(TIMEOUT);
      await page.getByRole("row").filter({ hasText: RULE }).waitFor();
      await expectAccessible(page, "the reporting rules and queue");
      await context.close();
    });

    test("staff adds the rest of the record later on the phone: it saves itself, survives a dropped connection and a reload", async () => {
      assert.ok(incidentPath, "filed in the previous test");
      const { context, page } = await openPage(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto(incidentPath);
      await page.getByRole("link", { name: "記録を追記・編集する" }).click();
      await page.getByRole("heading", { level: 1, name: `事案 ${incidentNumber} の記録` }).waitFor(TIMEOUT);
      await page.getByLabel("要求の内容").fill("住民票の交付手数料を無料にすること");
      await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor(TIMEOUT);

      // The connection drops: what is typed stays, and is saved once it is back.
      await context.setOffline(true);
      await page.getByLabel("これまでの回答").fill("手数料は条例で定められており、免除はできないと説明した。");
      await page.getByRole("alert").filter({ hasText: "サーバーに接続できません" }).waitFor(TIMEOUT);
      assert.ok(
        await page.evaluate(() =>
          Object.keys(localStorage).some((k) => k.startsWith("mamoru.incident-edit.") && (localStorage.getItem(k) ?? "").includes("免除はできない")),
        ),
        "kept on the device while offline",
      );
      await context.setOffline(false);
      await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor({ timeout: 20_000 });
      await page.getByLabel("管理監督者").selectOption({ label: "宮城 誠(戸籍住民課長)" });
      await page.getByRole("checkbox", { name: "職員に被害があった" }).check();
      await page.getByLabel("被害の内容").fill("応対後に動悸が続いた");
      await page.getByRole("status").filter({ hasText: "保存しました" }).waitFor(TIMEOUT);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the record form is ${overflow}px wider than the screen`);
      await expectAccessible(page, "the full record form");

      await page.reload();
      await page.getByRole("heading", { level: 1, name: `事案 ${incidentNumber} の記録` }).waitFor(TIMEOUT);
      assert.equal(await page.getByLabel("要求の内容").inputValue(), "住民票の交付手数料を無料にすること");
      assert.equal(await page.getByLabel("これまでの回答").inputValue(), "手数料は条例で定められており、免除はできないと説明した。");
      assert.equal(await page.getByLabel("被害の内容").inputValue(), "応対後に動悸が続いた");
      assert.equal(await page.getByLabel("管理監督者").locator("option:checked").textContent(), "宮城 誠(戸籍住民課長)");
      assert.equal(await page.getByLabel("職員 1", { exact: true }).locator("option:checked").textContent(), "泉 さくら");
      assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("mamoru.incident-edit.")).length), 0, "nothing left unsaved");
      await page.getByRole("link", { name: "事案に戻る" }).click();
      await page.getByRole("main").getByText("住民票の交付手数料を無料にすること").waitFor(TIMEOUT);
      await context.close();
    });

    test("the supervisor of the department judges it on the three axes; the detail shows the outcome", async () => {
      assert.ok(incidentPath, "filed in the previous test");
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "supervisor");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto(incidentPath);
      await page.getByRole("heading", { level: 1, name: `事案 ${incidentNumber}` }).waitFor(TIMEOUT);
      await page.getByRole("heading", { level: 2, name: "判断(3つの観点)" }).waitFor();
      await page.getByRole("complementary", { name: "方針の定義" }).waitFor();
      await expectAccessible(page, "the incident detail with the judgement form");

      // Without reasons the server says which one is missing.
      await page.getByRole("button", { name: "「確認中」にする" }).waitFor();
      await page.getByRole("button", { name: "判断を記録する" }).click();
      await page.getByRole("alert").filter({ hasText: "理由を記入してください(未記入: ① 要求内容は妥当か)" }).waitFor(TIMEOUT);

      await page.getByRole("radio", { name: "妥当でない", exact: true }).check();
      await page.getByLabel("理由(① 要求内容は妥当か)").fill("手数料は条例どおりで、市に落ち度はない。");
      await page.getByRole("radio", { name: "相当でない", exact: true }).check();
      await page.getByLabel("理由(② 手段・態様は社会通念上相当か)").fill("「無能」などの侮辱と大声の罵倒を繰り返した。");
      await page.getByRole("radio", { name: "害された", exact: true }).check();
      await page.getByLabel("理由(③ 職員の就業環境が害されたか)").fill("応対した職員が強い不安を訴え、窓口業務が30分止まった。");
      await page.getByLabel("一線を越えた時点").fill("2026-11-03T10:05");
      await page.getByText("この回答から導かれる結論: カスハラに該当(判断済)").waitFor();
      await page.getByRole("button", { name: "判断を記録する" }).click();

      await page.getByRole("status").filter({ hasText: "判断を記録しました。結論: カスハラに該当(判断済)" }).waitFor(TIMEOUT);
      assert.equal((await page.getByTestId("outcome").textContent())?.trim(), "判断結果: カスハラに該当(判断済)");
      await page.getByRole("heading", { level: 2, name: "判断結果" }).waitFor();
      await page.getByRole("main").getByText("手数料は条例どおりで、市に落ち度はない。").first().waitFor();
      const crossed = page.getByRole("region", { name: "判断結果" }).getByRole("definition").filter({ hasText: "2026/11/03" });
      await crossed.waitFor(TIMEOUT);
      const expected = await page.evaluate(() =>
        new Intl.DateTimeFormat("ja-JP", {
          timeZone: "Asia/Tokyo",
          year: "numeric",
          month: "2-digit",
          day: "2-digit",
          hour: "2-digit",
          minute: "2-digit",
        }).format(new Date("2026-11-03T10:05")),
      );
      assert.ok(((await crossed.textContent()) ?? "").includes(expected), `the moment it crossed the line (${expected}, Japan time)`);
      const timeline = page.getByRole("table", { name: "この事案の経過(古い順)" });
      await timeline.getByRole("row").filter({ hasText: "判断を記録" }).filter({ hasText: "宮城 誠" }).waitFor(TIMEOUT);
      await context.close();
    });

    test("central finds it by searching 無能; the list is accessible", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "central");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "事案" }).click();
      await page.getByRole("heading", { level: 1, name: "事案一覧" }).waitFor(TIMEOUT);
      // The rule sent the group-2 incident to central when staff added to it: a notification and the queue.
      await page
        .getByRole("region", { name: "お知らせ" })
        .getByText(`事案 ${incidentNumber} が総務局への報告対象になりました(規則: ${RULE})。`)
        .waitFor(TIMEOUT);
      await page.getByRole("link", { name: "総務局への報告", exact: true }).click();
      const queue = page.getByRole("table", { name: "規則で総務局に届いた事案(古い順)" });
      await queue.getByRole("row").filter({ hasText: incidentNumber }).waitFor(TIMEOUT);
      await queue.getByRole("button", { name: `事案 ${incidentNumber} の対応を始めた` }).click();
      await page
        .getByRole("status")
        .filter({ hasText: `事案 ${incidentNumber} を対応済みにしました。` })
        .waitFor(TIMEOUT);
      await page.getByText("未対応の報告はありません。").waitFor(TIMEOUT);
      await page.goto("/incidents");
      await page.getByRole("heading", { level: 1, name: "事案一覧" }).waitFor(TIMEOUT);
      await page.getByLabel("キーワード検索").fill("無能");
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/incidents?") && r.url().includes("q="), TIMEOUT),
        page.getByRole("button", { name: "絞り込む" }).click(),
      ]);
      const found = (await res.json()) as { incidents: Array<{ number: string }> };
      assert.ok(
        found.incidents.some((i) => i.number === incidentNumber),
        "the search finds it",
      );
      const row = page.getByRole("table", { name: "事案一覧(新しい順)" }).getByRole("row").filter({ hasText: incidentNumber });
      await row.waitFor(TIMEOUT);
      assert.match((await row.textContent()) ?? "", /カスハラに該当\(判断済\)/);
      await expectAccessible(page, "the incident list");
      await row.getByRole("link", { name: incidentNumber }).click();
      await page.getByRole("heading", { level: 1, name: `事案 ${incidentNumber}` }).waitFor(TIMEOUT);
      await context.close();
    });

    test("staff of another department gets the not-found page and does not see it in the list", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "staff2");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto(incidentPath);
      await page.getByRole("heading", { level: 1, name: "ページが見つかりません" }).waitFor(TIMEOUT);
      assert.equal(await page.getByText(WORDS).count(), 0);
      await page.goto("/incidents");
      await page.getByRole("heading", { level: 1, name: "事案一覧" }).waitFor(TIMEOUT);
      await page.getByLabel("キーワード検索").fill("無能");
      const [res] = await Promise.all([
        page.waitForResponse((r) => r.url().includes("/api/incidents?") && r.url().includes("q="), TIMEOUT),
        page.getByRole("button", { name: "絞り込む" }).click(),
      ]);
      const found = (await res.json()) as { incidents: Array<{ number: string }> };
      assert.ok(!found.incidents.some((i) => i.number === incidentNumber), "another department's incident is not listed");
      await page
        .getByRole("status")
        .filter({ hasText: /件中|条件に合う事案はありません/ })
        .waitFor(TIMEOUT);
      assert.equal(await page.getByText(incidentNumber, { exact: true }).count(), 0);
      await context.close();
    });

    test("a second incident for the same phone number written differently shows the earlier contact and the ready-made line", async () => {
      const { context, page } = await openPage(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto("/incidents/new");
      await page.getByRole("heading", { level: 1, name: "事案を記録" }).waitFor(TIMEOUT);
      await page.getByRole("radio", { name: "電話", exact: true }).check();
      await page.getByLabel("始まった日時").fill(SECOND_START);
      await page.getByLabel("何があったか").fill("【E2E試験】先週と同じ手数料の件で再度電話。同じ説明を繰り返し求められた。");
      await page.getByLabel("相手の電話番号").fill("09012345678");
      await page.getByRole("button", { name: "報告する" }).click();
      await page.getByRole("heading", { level: 1, name: /^事案 / }).waitFor(TIMEOUT);

      // The system suggests the earlier counterpart (same number, other format); a person confirms.
      const suggestions = page.getByRole("region", { name: "以前の記録と同じ相手方かもしれません" });
      await suggestions.waitFor(TIMEOUT);
      assert.match((await suggestions.textContent()) ?? "", /電話番号/);
      assert.equal(await page.getByRole("textbox", { name: "そのまま使える回答" }).count(), 0, "no line before a person confirms");
      await suggestions.getByRole("button", { name: "候補 1 を同じ相手方として紐付ける" }).click();
      await page.getByRole("status").filter({ hasText: "同じ相手方として紐付けました。" }).waitFor(TIMEOUT);

      const history = page.getByRole("table", { name: "過去の連絡(古い順)" });
      await history.waitFor(TIMEOUT);
      const rows = history.getByRole("row").filter({ hasText: "2026/11/03" });
      assert.equal(await rows.count(), 1);
      assert.match((await rows.first().textContent()) ?? "", /手数料は条例で定められており、免除はできないと説明した。/, "the answer given last time");
      assert.equal(
        await page.getByRole("textbox", { name: "そのまま使える回答" }).inputValue(),
        "11月3日にも同じご用件でご連絡をいただいており、回答は変わりません",
      );
      await expectAccessible(page, "the incident with its counterpart history");
      await context.close();
    });

    test("the incident prints on A4 without the screen's controls, and downloads as a PDF", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "central");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto(incidentPath);
      await page.getByRole("heading", { level: 1, name: `事案 ${incidentNumber}` }).waitFor(TIMEOUT);
      await page.getByRole("button", { name: "印刷する" }).waitFor();
      await page.emulateMedia({ media: "print" });
      assert.ok(await page.getByText("取扱注意(個人情報を含みます)").isVisible(), "the printout says it is confidential");
      assert.ok(await page.getByRole("main").getByText(WORDS).isVisible(), "the words used are printed");
      assert.equal(await page.getByRole("navigation", { name: "メインメニュー" }).isVisible(), false);
      assert.equal(await page.getByRole("button", { name: "印刷する" }).isVisible(), false);
      assert.equal(await page.getByRole("heading", { level: 2, name: "状態の変更" }).isVisible(), false);
      await page.emulateMedia({ media: "screen" });

      const [download] = await Promise.all([page.waitForEvent("download", TIMEOUT), page.getByRole("link", { name: "PDFで保存" }).click()]);
      assert.equal(download.suggestedFilename(), `incident-${incidentNumber}.pdf`);
      const file = await download.path();
      const head = fs.readFileSync(file).subarray(0, 5).toString("latin1");
      assert.equal(head, "%PDF-");

      // Central detaches a wrong counterpart link, with the reason, and it is in the timeline.
      await page.getByLabel("解除の理由").fill("同じ番号の別の家族からの電話と判明");
      await page.getByRole("button", { name: "相手方の紐付けを解除する(総務局)" }).click();
      await page.getByRole("status").filter({ hasText: "相手方の紐付けを解除しました。" }).waitFor(TIMEOUT);
      await page
        .getByRole("table", { name: "この事案の経過(古い順)" })
        .getByRole("row")
        .filter({ hasText: "同じ番号の別の家族からの電話と判明" })
        .waitFor(TIMEOUT);
      await context.close();
    });

    test("central merges a duplicate counterpart record from the suggestions, with a reason; the earlier contact then shows", async () => {
      const file = async (page: Page, start: string, phone: string, text: string) => {
        await page.goto("/incidents/new");
        await page.getByRole("heading", { level: 1, name: "事案を記録" }).waitFor(TIMEOUT);
        await page.getByRole("radio", { name: "電話", exact: true }).check();
        await page.getByLabel("始まった日時").fill(start);
        await page.getByLabel("何があったか").fill(text);
        await page.getByLabel("相手の電話番号").fill(phone);
        await page.getByRole("button", { name: "報告する" }).click();
        await page.getByRole("heading", { level: 1, name: /^事案 / }).waitFor(TIMEOUT);
        return new URL(page.url()).pathname;
      };
      const staffSession = await openPage(browser, server.baseUrl);
      await login(staffSession.page, "staff");
      await staffSession.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await file(staffSession.page, "2026-11-12T09:30", "022-398-7654", "【E2E統合】駐輪場の撤去について電話で強い口調の苦情。");
      // The second call: the suggestion appears, but staff leave it (they cannot tell it is the same person).
      const second = await file(staffSession.page, "2026-11-13T14:00", "0223987654", "【E2E統合】昨日と同じ撤去の件で再度電話。");
      await staffSession.page.getByRole("region", { name: "以前の記録と同じ相手方かもしれません" }).waitFor(TIMEOUT);
      assert.equal(await staffSession.page.getByRole("button", { name: /この相手方に統合する/ }).count(), 0, "staff cannot merge");
      await staffSession.context.close();

      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "central");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto(second);
      const suggestions = page.getByRole("region", { name: "以前の記録と同じ相手方かもしれません" });
      await suggestions.waitFor(TIMEOUT);
      const mergeButton = suggestions.getByRole("button", { name: "候補 1 の記録をこの相手方に統合する" });
      assert.equal(await mergeButton.isDisabled(), true, "a merge needs a reason");
      await page.getByLabel("統合の理由(総務局)").fill("同じ番号・同じ用件で、同一人物と確認した");
      await mergeButton.click();
      await page.getByRole("status").filter({ hasText: "統合しました。1 件の事案をこの相手方に移しました。" }).waitFor(TIMEOUT);
      const history = page.getByRole("table", { name: "過去の連絡(古い順)" });
      await history.getByRole("row").filter({ hasText: "2026/11/12" }).waitFor(TIMEOUT);
      await expectAccessible(page, "the incident after a counterpart merge");
      await context.close();
    });
  });
}

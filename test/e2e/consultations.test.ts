/**
 * The consultation desk in a real browser against the real server, once per database engine:
 * staff consults anonymously and keeps the receipt code; the desk replies and handles the case;
 * the staff member comes back logged out with the code and reads the reply; supervisor, central,
 * admin and auditor see no desk menu and are refused every consultation URL; the statistics show
 * small counts as "<5". Every new page is checked with axe.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser, login, openPage } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 20_000 };
const CONSULTATION = "【E2E】窓口で毎日のように同じ方から大声で責められます。気にしすぎでしょうか。";
const REPLY = "お知らせくださりありがとうございます。気にしすぎではありません。一度お話を聞かせてください。";
const NOTE = "【窓口内メモ】来週、産業医面談を提案";
const NAMED = "【E2E記名】昨日の電話の件で、今も手が震えます。";
const ATTACHMENT_TEXT = "通話の書き起こし: 「名前を覚えたからな」";
const FOLLOW_UP = "ありがとうございます。来週なら話せます。";
const FORBIDDEN = "このページを表示する権限がありません";
const NOT_FOUND = "ページが見つかりません";

const nav = (page: Page) => page.getByRole("navigation", { name: "メインメニュー" });

for (const engine of ENGINES) {
  describe(`consultation desk screens [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;
    let code = "";
    let casePath = "";

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test("staff consults anonymously: the statement about anonymity, then the receipt code once with a copy button", async () => {
      const { context, page, external } = await openPage(browser, server.baseUrl);
      await context.grantPermissions(["clipboard-read", "clipboard-write"]);
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await nav(page).getByRole("link", { name: "職員相談" }).click();
      await page.getByRole("heading", { level: 1, name: "職員相談窓口" }).waitFor(TIMEOUT);
      await page.getByRole("heading", { level: 2, name: "相談したことで不利益を受けることはありません" }).waitFor(TIMEOUT);
      await page.getByRole("heading", { level: 2, name: "相談できる窓口" }).waitFor();
      await page.getByText("人事委員会(職員の苦情相談)").waitFor();
      await expectAccessible(page, "the staff consultation page");

      await page.getByRole("link", { name: /匿名で相談する/ }).click();
      await page.getByRole("heading", { level: 1, name: "匿名で相談する" }).waitFor(TIMEOUT);
      await page.getByText(/受付番号は窓口でも再発行・照会ができません/).waitFor(TIMEOUT);
      await page.getByRole("radio", { name: /判断に迷うこと/ }).check();
      await page.getByLabel("相談したいこと").fill(CONSULTATION);
      // Without confirming the note about the code, nothing is sent and the text stays.
      await page.getByRole("button", { name: "相談を送る" }).click();
      await page.getByRole("alert").filter({ hasText: "受付番号についての説明を確認" }).waitFor(TIMEOUT);
      assert.equal(await page.getByLabel("相談したいこと").inputValue(), CONSULTATION);
      await expectAccessible(page, "the anonymous consultation form");
      await page.getByRole("checkbox", { name: /受付番号をなくすと/ }).check();
      await page.getByRole("button", { name: "相談を送る" }).click();

      await page.getByRole("heading", { level: 1, name: "受付番号(一度だけ表示します)" }).waitFor(TIMEOUT);
      code = await page.getByTestId("receipt-code").inputValue();
      assert.match(code, /^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
      await page.getByText(/なくすとこの相談には戻れません/).waitFor();
      await page.getByRole("button", { name: "コピー" }).click();
      await page
        .getByRole("status")
        .filter({ hasText: /コピーしました|コピーできませんでした/ })
        .waitFor(TIMEOUT);
      await expectAccessible(page, "the receipt code page");
      // The code is kept nowhere in the browser.
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + location.href);
      assert.ok(!stored.includes(code));
      assert.deepEqual(external, []);
      await context.close();
    });

    test("staff consults by name, attaches a file (an oversized one is refused and nothing typed is lost), gives and withdraws consent", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto("/consultations");
      await page.getByRole("link", { name: /名前を伝えて相談する/ }).click();
      await page.getByRole("heading", { level: 1, name: "名前を伝えて相談する" }).waitFor(TIMEOUT);
      await page.getByRole("radio", { name: "受けた迷惑行為について" }).check();
      await page.getByLabel("相談したいこと").fill(NAMED);
      await page.getByRole("button", { name: "相談を送る" }).click();
      await page.getByRole("heading", { level: 1, name: "相談の内容" }).waitFor(TIMEOUT);
      await page.getByRole("status").filter({ hasText: "相談を受け付けました" }).waitFor(TIMEOUT);
      await page.getByText(NAMED).waitFor();

      // An oversized file: a clear message, the message being typed stays.
      await page.getByLabel("メッセージ").fill("添付の前に書いていた文章");
      await page
        .getByLabel("添付するファイル")
        .setInputFiles({ name: "big.pdf", mimeType: "application/pdf", buffer: Buffer.alloc(10 * 1024 * 1024 + 1, 0x25) });
      await page.getByRole("button", { name: "添付する", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "大きすぎます(上限 10 MB)" }).waitFor(TIMEOUT);
      assert.equal(await page.getByLabel("メッセージ").inputValue(), "添付の前に書いていた文章");
      // A disguised file: the server's message.
      await page.getByLabel("添付するファイル").setInputFiles({ name: "photo.png", mimeType: "image/png", buffer: Buffer.from("<html>not an image</html>") });
      await page.getByRole("button", { name: "添付する", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "この種類のファイルは添付できません" }).waitFor(TIMEOUT);
      // A real one.
      await page.getByLabel("添付するファイル").setInputFiles({ name: "通話メモ.txt", mimeType: "text/plain", buffer: Buffer.from(ATTACHMENT_TEXT) });
      await page.getByRole("button", { name: "添付する", exact: true }).click();
      await page.getByRole("status").filter({ hasText: "ファイル「通話メモ.txt」を添付しました。" }).waitFor(TIMEOUT);
      const [download] = await Promise.all([page.waitForEvent("download", TIMEOUT), page.getByRole("link", { name: "通話メモ.txt" }).click()]);
      assert.equal(download.suggestedFilename(), "通話メモ.txt");
      const stream = await download.createReadStream();
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      assert.equal(Buffer.concat(chunks).toString("utf8"), ATTACHMENT_TEXT);

      // Consent to link it to one of the staff member's incidents, then withdraw it.
      const select = page.getByLabel("関連づける事案");
      await select.waitFor(TIMEOUT);
      const values = await select.locator("option").evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
      assert.ok(values.length > 0, "the staff member has incidents to choose from");
      await select.selectOption(values[0] as string);
      await page.getByRole("button", { name: "同意して関連づける" }).click();
      await page.getByText("同意中").waitFor(TIMEOUT);
      await expectAccessible(page, "the staff member's named consultation");
      await page.getByRole("button", { name: "同意を取り消す" }).click();
      const dialog = page.getByRole("dialog", { name: "同意を取り消す" });
      await dialog.waitFor(TIMEOUT);
      await dialog.getByRole("button", { name: "同意を取り消す" }).click();
      await page.getByRole("status").filter({ hasText: "同意を取り消しました。" }).waitFor(TIMEOUT);
      await page.getByText(/に取り消し/).waitFor(TIMEOUT);
      assert.equal(await page.getByRole("button", { name: "同意を取り消す" }).count(), 0, "withdrawing twice is not offered");
      await page.getByRole("link", { name: "相談の一覧に戻る" }).click();
      await page.getByRole("table", { name: "あなたの相談(新しい順)" }).getByRole("row").filter({ hasText: "受けた迷惑行為について" }).waitFor(TIMEOUT);
      await context.close();
    });

    test("the desk finds it in the inbox, replies, keeps a note, and handles the case", async () => {
      assert.ok(code, "consulted in the previous test");
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "desk");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await nav(page).getByRole("link", { name: "相談受付" }).click();
      await page.getByRole("heading", { level: 1, name: "相談受付" }).waitFor(TIMEOUT);
      const table = page.getByRole("table", { name: "相談の一覧(更新の新しい順)" });
      const row = table.getByRole("row").filter({ hasText: "匿名" }).filter({ hasText: "新規" });
      await row.first().waitFor(TIMEOUT);
      await expectAccessible(page, "the desk inbox");
      // The status filter.
      await page.getByLabel("状態で絞り込む").selectOption("closed");
      await page.getByRole("button", { name: "絞り込む" }).click();
      await page.getByRole("status").filter({ hasText: "条件に合う相談はありません。" }).waitFor(TIMEOUT);
      await page.getByLabel("状態で絞り込む").selectOption("new");
      await page.getByRole("button", { name: "絞り込む" }).click();
      await row.first().getByRole("link").click();

      await page.getByRole("heading", { level: 1, name: /^相談 .* 受付$/ }).waitFor(TIMEOUT);
      casePath = new URL(page.url()).pathname;
      assert.match(casePath, /^\/desk\/consultations\/[0-9a-f-]{36}$/);
      await page.getByText(CONSULTATION).waitFor();
      await page.getByLabel("職員への返信").fill(REPLY);
      await page.getByRole("button", { name: "返信する" }).click();
      await page.getByRole("status").filter({ hasText: "送信しました。" }).waitFor(TIMEOUT);
      await page.getByTestId("case-status").filter({ hasText: "対応中" }).waitFor(TIMEOUT);
      await page.getByLabel("メモ", { exact: true }).fill(NOTE);
      await page.getByRole("button", { name: "メモを残す" }).click();
      await page.getByRole("status").filter({ hasText: "メモを残しました。" }).waitFor(TIMEOUT);

      await page.getByLabel("状態", { exact: true }).selectOption("awaiting_staff");
      await page.getByLabel("担当者").selectOption({ label: "若林 直子(相談員)" });
      await page.getByRole("checkbox", { name: "心身の健康に影響あり" }).check();
      await page.getByLabel("フォローアップ(今日から何営業日後)").fill("3");
      await page.getByRole("button", { name: "変更を保存する" }).click();
      await page.getByRole("status").filter({ hasText: "保存しました。" }).waitFor(TIMEOUT);
      await page.getByTestId("case-status").filter({ hasText: "職員の返信待ち" }).waitFor(TIMEOUT);
      assert.match((await page.getByTestId("follow-up").textContent()) ?? "", /^\d{4}-\d{2}-\d{2}$/);
      await expectAccessible(page, "the desk case page");
      await context.close();
    });

    test("logged out, the code opens the consultation: a wrong code gets no hint, the right one shows the reply; the staff member writes back", async () => {
      assert.ok(code && casePath);
      const { context, page } = await openPage(browser, server.baseUrl);
      // From the sign-in page, without an account: the link in the footer.
      await page.goto("/");
      await page.getByRole("heading", { level: 1, name: "ログイン" }).waitFor(TIMEOUT);
      await page.getByRole("contentinfo").getByRole("link", { name: "受付番号で返信を読む・書き込む" }).click();
      await page.getByRole("heading", { level: 1, name: "受付番号で相談を開く" }).waitFor(TIMEOUT);
      await page.getByRole("heading", { level: 2, name: "相談したことで不利益を受けることはありません" }).waitFor(TIMEOUT);
      await expectAccessible(page, "the receipt page (logged out)");
      // In English too: the same statements, in the other language.
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: "Open a consultation with your receipt code" }).waitFor(TIMEOUT);
      await page.getByRole("heading", { level: 2, name: "Consulting will never be held against you" }).waitFor(TIMEOUT);
      await page.getByText(/Personnel Commission/).waitFor(TIMEOUT);
      await expectAccessible(page, "the receipt page in English");
      await page.getByRole("button", { name: "日本語" }).click();
      await page.getByRole("heading", { level: 1, name: "受付番号で相談を開く" }).waitFor(TIMEOUT);
      const field = page.getByLabel("受付番号");
      await field.fill("ZZZZZ-ZZZZZ-ZZZZZ-ZZZZZ");
      await page.getByRole("button", { name: "開く", exact: true }).click();
      const wrong = await page.getByRole("alert").filter({ hasText: "受付番号が正しくないか" }).textContent(TIMEOUT);
      await field.fill("not a code");
      await page.getByRole("button", { name: "開く", exact: true }).click();
      await page.getByRole("alert").filter({ hasText: "受付番号が正しくないか" }).waitFor(TIMEOUT);
      assert.equal(await page.getByRole("alert").textContent(), wrong, "a malformed code gets the same message as a wrong one");

      await field.fill(code.toLowerCase().replaceAll("-", " "));
      await page.getByRole("button", { name: "開く", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "相談の内容" }).waitFor(TIMEOUT);
      await page.getByText(REPLY).waitFor(TIMEOUT);
      await page.getByText(CONSULTATION).waitFor();
      assert.equal(await page.getByText(NOTE).count(), 0, "desk notes are never shown to the staff member");
      assert.ok(!page.url().includes(code.slice(0, 5)), "the code is not in the URL");
      await expectAccessible(page, "the consultation opened with the code");
      await page.getByLabel("メッセージ").fill(FOLLOW_UP);
      await page.getByRole("button", { name: "送信する" }).click();
      await page.getByRole("status").filter({ hasText: "送信しました。" }).waitFor(TIMEOUT);
      await page.getByText(FOLLOW_UP).waitFor();
      await page.getByText("状態: 対応中").waitFor(TIMEOUT);
      await context.close();
    });

    test("logged out, a staff member consults anonymously from the sign-in page's footer, then opens it with the code", async () => {
      const SIGNED_OUT = "【E2E未ログイン】職場の端末からは相談しにくいので、ここから書きます。";
      const { context, page, external } = await openPage(browser, server.baseUrl);
      await page.goto("/");
      await page.getByRole("heading", { level: 1, name: "ログイン" }).waitFor(TIMEOUT);
      await page.getByRole("contentinfo").getByRole("link", { name: "職員相談窓口に匿名で相談する(サインイン不要)" }).click();
      await page.getByRole("heading", { level: 1, name: "匿名で相談する" }).waitFor(TIMEOUT);
      await page.getByText(/アカウントと結びつかず/).waitFor(TIMEOUT);
      await page.getByText(/受付番号は窓口でも再発行・照会ができません/).waitFor(TIMEOUT);
      await expectAccessible(page, "the anonymous consultation form (logged out)");
      await page.getByLabel("相談したいこと").fill(SIGNED_OUT);
      await page.getByRole("checkbox", { name: /受付番号をなくすと/ }).check();
      await page.getByRole("button", { name: "相談を送る" }).click();
      await page.getByRole("heading", { level: 1, name: "受付番号(一度だけ表示します)" }).waitFor(TIMEOUT);
      const ownCode = await page.getByTestId("receipt-code").inputValue();
      assert.match(ownCode, /^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/);
      await page.getByRole("link", { name: /控えました/ }).click();
      await page.getByRole("heading", { level: 1, name: "受付番号で相談を開く" }).waitFor(TIMEOUT);
      await page.getByLabel("受付番号").fill(ownCode);
      await page.getByRole("button", { name: "開く", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "相談の内容" }).waitFor(TIMEOUT);
      await page.getByText(SIGNED_OUT).waitFor(TIMEOUT);
      assert.deepEqual(external, []);
      await context.close();
    });

    test("supervisor, central, admin and auditor: no desk menu, and every consultation URL is refused", async () => {
      assert.ok(casePath);
      const id = casePath.split("/").pop() as string;
      for (const who of ["supervisor", "central", "admin", "auditor"]) {
        const { context, page } = await openPage(browser, server.baseUrl);
        await login(page, who);
        await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
        await nav(page).getByRole("link", { name: "ホーム" }).waitFor();
        assert.equal(await nav(page).getByRole("link", { name: "相談受付" }).count(), 0, `${who} sees no desk inbox`);
        assert.equal(await nav(page).getByRole("link", { name: "相談の統計" }).count(), 0, `${who} sees no statistics`);
        // The supervisor account also holds the staff role: it may consult for itself (its own consultations only).
        if (who !== "supervisor") assert.equal(await nav(page).getByRole("link", { name: "職員相談" }).count(), 0, `${who} sees no consultation menu`);

        for (const path of ["/desk/consultations", casePath, "/desk/consultation-statistics"]) {
          await page.goto(path);
          await page.getByRole("heading", { level: 1, name: FORBIDDEN }).waitFor(TIMEOUT);
          assert.equal(await page.getByText(CONSULTATION).count(), 0);
        }
        await page.goto(`/consultations/${id}`);
        await page.getByRole("heading", { level: 1, name: who === "supervisor" ? NOT_FOUND : FORBIDDEN }).waitFor(TIMEOUT);
        assert.equal(await page.getByText(CONSULTATION).count(), 0);
        for (const url of [
          `/api/consultations/${id}`,
          `/api/consultations/${id.replace(/^.{8}/, "00000000")}`,
          "/api/consultations",
          "/api/consultation-desk-members",
        ]) {
          const res = await page.request.get(url);
          assert.ok([403, 404].includes(res.status()), `${who} GET ${url}: ${res.status()}`);
          assert.ok(!(await res.text()).includes("【E2E】"));
        }
        await context.close();
      }
    });

    test("the desk statistics show counts only, small ones as <5", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "desk");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await nav(page).getByRole("link", { name: "相談の統計" }).click();
      await page.getByRole("heading", { level: 1, name: "相談の統計" }).waitFor(TIMEOUT);
      const kind = page.getByRole("table", { name: "記名・匿名別" });
      await kind.waitFor(TIMEOUT);
      assert.equal((await page.getByTestId("stat-true").textContent())?.trim(), "<5", "one anonymous consultation is shown as <5");
      assert.equal((await page.getByTestId("stat-health_affected").textContent())?.trim(), "<5");
      const cells = await page.locator("td[data-testid^='stat-']").allTextContents();
      for (const c of cells) assert.ok(c === "<5" || c === "*" || Number(c) >= 5, `no visible count below 5: ${c}`);
      await expectAccessible(page, "the consultation statistics");
      await context.close();
    });
  });
}

/**
 * The triage screens in a real browser against the real server, once per database engine: a
 * reviewer (the division's supervisor) imports an ISO-2022-JP .eml, sees the evidence highlighted
 * with the rule named, overrides the result with a reason, and creates an incident from another
 * message, which then exists with the message's text.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { encodeIso2022Jp, toBase64 } from "../../src/domain/triage/test-helpers.ts";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser, login, openPage } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 15_000 };
const SUBJECT = "住民票の交付について";
const PASTED = "【E2E】窓口の説明に納得できない。慰謝料として五万円払え。払うまで毎日電話するからな。";

function eml(): Buffer {
  const body = Buffer.from(encodeIso2022Jp("先日の窓口の対応について。担当者の名前と顔写真をネットに晒してやる。")).toString("latin1");
  const text =
    `From: =?ISO-2022-JP?B?${toBase64(encodeIso2022Jp("佐藤"))}?= <sato.e2e@example.jp>\r\n` +
    `Subject: =?ISO-2022-JP?B?${toBase64(encodeIso2022Jp(SUBJECT))}?=\r\n` +
    "Date: Wed, 02 Apr 2025 09:30:00 +0900\r\n" +
    "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=ISO-2022-JP\r\nContent-Transfer-Encoding: 7bit\r\n\r\n" +
    `${body}\r\n`;
  return Buffer.from(text, "latin1");
}

for (const engine of ENGINES) {
  describe(`triage screens [${engine}]`, () => {
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

    test("a reviewer imports an .eml, sees the highlighted evidence, overrides one result and creates an incident from another", async () => {
      const { context, page, external } = await openPage(browser, server.baseUrl);
      await login(page, "supervisor");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "文書トリアージ" }).click();
      await page.getByRole("heading", { level: 1, name: "文書による連絡のトリアージ" }).waitFor(TIMEOUT);

      // An empty paste says what is missing, and nothing is imported.
      await page.getByRole("button", { name: "取り込んで判定する" }).click();
      await page.getByRole("alert").filter({ hasText: "本文が空です" }).waitFor(TIMEOUT);

      // Import the .eml file.
      await page.getByRole("radio", { name: "ファイル(.eml・.txt・.csv)" }).check();
      await page.getByLabel("ファイル", { exact: true }).setInputFiles({ name: "contact.eml", mimeType: "message/rfc822", buffer: eml() });
      await page.getByRole("button", { name: "取り込んで判定する" }).click();
      await page.getByRole("status").filter({ hasText: "1件を取り込みました" }).waitFor(TIMEOUT);

      // Paste a second message.
      await page.getByRole("radio", { name: "文面を貼り付け" }).check();
      await page.getByLabel("文面", { exact: true }).fill(PASTED);
      await page.getByLabel(/^差出人/).fill("090-1234-5678");
      await page.getByRole("button", { name: "取り込んで判定する" }).click();
      await page.getByRole("status").filter({ hasText: "1件を取り込みました" }).waitFor(TIMEOUT);
      const table = page.getByRole("table", { name: "取り込んだ連絡の一覧" });
      await table.getByRole("link", { name: SUBJECT }).waitFor(TIMEOUT);
      await table.getByRole("link", { name: /慰謝料/ }).waitFor(TIMEOUT);
      await expectAccessible(page, "the triage list");

      // The e-mail: decoded, the evidence highlighted in the original text, the rule named.
      await table.getByRole("link", { name: SUBJECT }).click();
      await page.getByRole("heading", { level: 1, name: "連絡の内容と判定" }).waitFor(TIMEOUT);
      const marks = page.locator(".triage-text mark");
      await marks.first().waitFor(TIMEOUT);
      const marked = (await marks.allTextContents()).join("");
      assert.match(marked, /晒してやる|晒/, `highlighted: ${marked}`);
      const pre = (await page.locator(".triage-text").textContent()) ?? "";
      assert.ok(pre.includes("担当者の名前と顔写真をネットに晒してやる"), "the original text is shown decoded");
      const evidence = page.getByRole("region", { name: "判定の根拠" });
      await evidence.getByText(/規則:/).first().waitFor(TIMEOUT);
      assert.match((await evidence.textContent()) ?? "", /ネット/);
      await page.getByText("sato.e2e@example.jp").waitFor(TIMEOUT);
      await expectAccessible(page, "the message view");

      // Override with a reason: a missing reason is refused, then the correction is recorded.
      const override = page.getByRole("form", { name: "判定を修正する" });
      await override.getByLabel("判定").selectOption("review");
      await override.getByRole("checkbox", { name: /^2 / }).check();
      await override.getByRole("button", { name: "修正を記録する" }).click();
      assert.equal(await page.getByRole("region", { name: "修正の記録" }).count(), 0, "nothing recorded without a reason");
      await override.getByLabel("理由").fill("晒す予告は暴言・威嚇にも当たると課内で判断した");
      await override.getByRole("button", { name: "修正を記録する" }).click();
      await page.getByRole("status").filter({ hasText: "判定を修正しました" }).waitFor(TIMEOUT);
      const history = page.getByRole("region", { name: "修正の記録" });
      await history.getByText("晒す予告は暴言・威嚇にも当たると課内で判断した").waitFor(TIMEOUT);
      await page.reload();
      await page.getByRole("region", { name: "修正の記録" }).getByText("晒す予告は暴言・威嚇にも当たると課内で判断した").waitFor(TIMEOUT);

      // Create an incident from the other message.
      await page.getByRole("link", { name: "一覧に戻る" }).click();
      await page.getByRole("table", { name: "取り込んだ連絡の一覧" }).getByRole("link", { name: /慰謝料/ }).click();
      await page.getByRole("heading", { level: 1, name: "連絡の内容と判定" }).waitFor(TIMEOUT);
      await page.locator(".triage-text mark").first().waitFor(TIMEOUT);
      const create = page.getByRole("form", { name: "事案として記録する" });
      await create.getByLabel("受付の方法").selectOption("letter");
      await create.getByRole("button", { name: "この連絡から事案を作成する" }).click();
      await page.getByRole("link", { name: "作成した事案を開く" }).click();
      await page.getByRole("heading", { level: 1, name: /^事案 / }).waitFor(TIMEOUT);
      await page.getByText(PASTED).first().waitFor(TIMEOUT);

      // The lexicon screen is readable and accessible (a supervisor cannot change it).
      await page.goto("/triage/lexicon");
      await page.getByRole("heading", { level: 1, name: "判定の辞書(言葉と規則)" }).waitFor(TIMEOUT);
      await page.getByText("辞書の変更は統括部署が行います。").waitFor(TIMEOUT);
      await expectAccessible(page, "the lexicon");

      assert.deepEqual(external, [], "no request leaves the server");
      await context.close();
    });

    test("central tries a new word in the test box before saving it", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "central");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await page.goto("/triage/lexicon");
      const form = page.getByRole("form", { name: "言葉を追加・変更する" });
      await form.waitFor(TIMEOUT);
      await form.getByLabel(/^規則の名前/).fill("custom.e2e-word");
      await form.getByLabel("言葉(1行に1つ)").fill("納得できない");
      await form.getByLabel("職員に見せる説明").fill("試験用の言葉です。");
      await form.getByLabel(/^試しに判定する文/).fill("説明に納得できない");
      await form.getByRole("button", { name: "試す(保存しません)" }).click();
      await form.getByText(/取り込み済みの\d+件のうち1件の判定が変わります/).waitFor(TIMEOUT);
      await form.getByText("試した文の判定: 要確認").waitFor(TIMEOUT);
      await expectAccessible(page, "the lexicon test box");
      await context.close();
    });
  });
}

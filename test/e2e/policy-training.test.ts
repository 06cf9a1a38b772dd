/**
 * Policy, acknowledgement and training in a real browser against the real server, once per
 * database engine: central edits and publishes a new version (an empty section is refused first);
 * staff is prompted at sign-in, puts it off, is prompted again at the next sign-in and acknowledges;
 * the department's rate moves; staff completes a quiz and reads the explanations. Every new page is
 * checked with axe.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DEFAULT_MODULES } from "../../src/domain/training/default-modules.ts";
import { trainingJa } from "../../src/i18n/web/training.ja.ts";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser, login, logout, openPage } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 15_000 };
const NEW_LINE = "- 【E2E】夜間・休日の緊急連絡先を各課に掲示する";
const BANNER = "新しい方針が公開されました";

async function home(page: Page, user: string) {
  await login(page, user);
  await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
}

for (const engine of ENGINES) {
  describe(`policy and training screens [${engine}]`, () => {
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

    test("central edits the policy with a live preview; an empty section is refused; a new version is published", async () => {
      const { context, page, external } = await openPage(browser, server.baseUrl);
      await home(page, "central");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "方針", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "カスタマーハラスメント対策方針" }).waitFor(TIMEOUT);
      await page.getByRole("table", { name: "公開された版(新しい順)" }).getByRole("link", { name: "第1版" }).waitFor(TIMEOUT);
      await page.getByRole("link", { name: "方針の編集" }).click();
      await page.getByRole("heading", { level: 1, name: "方針の編集と公開" }).waitFor(TIMEOUT);

      // Empty the contact section: publishing is refused and names it.
      const sections = page.getByRole("navigation", { name: "項目" });
      await sections.getByRole("button", { name: "相談・問い合わせ窓口" }).click();
      const body = page.getByLabel("本文(Markdown)");
      const contact = await body.inputValue();
      await body.fill("<script>alert(1)</script>");
      await page.getByRole("button", { name: "新しい版として公開" }).click();
      await page.getByRole("alert").filter({ hasText: "空のため公開できません: 相談・問い合わせ窓口" }).waitFor(TIMEOUT);
      await body.fill(contact);

      // Edit another section; the preview shows it sanitised.
      await sections.getByRole("button", { name: "基本的な対策" }).click();
      await body.fill(`${await body.inputValue()}\n${NEW_LINE}\n\n[危ないリンク](javascript:alert(1))`);
      const preview = page.getByRole("region", { name: "プレビュー(職員に表示される内容)" });
      await preview.getByText("【E2E】夜間・休日の緊急連絡先を各課に掲示する").waitFor(TIMEOUT);
      assert.equal(await preview.locator("script, a[href^='javascript']").count(), 0, "scripts and javascript: links are removed");
      await expectAccessible(page, "the policy editor");

      await page.getByLabel("変更の概要").fill("緊急連絡先の掲示を追加");
      await page.getByRole("button", { name: "新しい版として公開" }).click();
      await page.getByRole("status").filter({ hasText: "第2版を公開しました" }).waitFor(TIMEOUT);
      await page.getByRole("table", { name: "第2版の確認状況" }).waitFor(TIMEOUT);
      assert.deepEqual(external, []);
      await context.close();
    });

    test("staff is prompted at sign-in, can put it off until the next sign-in, then reads what changed and acknowledges", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await home(page, "staff");
      const banner = page.getByRole("region", { name: BANNER });
      await banner.waitFor(TIMEOUT);
      await expectAccessible(page, "home with the acknowledgement banner");
      await banner.getByRole("button", { name: /あとで/ }).click();
      await banner.waitFor({ state: "detached", ...TIMEOUT });

      await logout(page, "ログアウト", "ログイン");
      await home(page, "staff");
      await page.getByRole("region", { name: BANNER }).waitFor(TIMEOUT); // back at the next sign-in

      await page.getByRole("region", { name: BANNER }).getByRole("link", { name: "方針を読んで確認する" }).click();
      await page.getByRole("heading", { level: 1, name: "カスタマーハラスメント対策方針" }).waitFor(TIMEOUT);
      await page.getByText("【E2E】夜間・休日の緊急連絡先を各課に掲示する").waitFor(TIMEOUT);
      assert.equal(await page.locator("main a[href^='javascript']").count(), 0);

      // What changed, from the history.
      await page.getByRole("link", { name: "第2版" }).click();
      const changes = page.getByRole("region", { name: "前の版からの変更" });
      await changes.getByRole("heading", { name: /基本的な対策/ }).waitFor(TIMEOUT);
      assert.match((await changes.locator("ins").first().textContent()) ?? "", /夜間・休日の緊急連絡先/);
      await expectAccessible(page, "a version with its changes");
      await page.getByRole("link", { name: "最新の版に戻る" }).click();

      await page.getByRole("button", { name: "読んで確認しました" }).click();
      await page.getByRole("status").filter({ hasText: "第2版を確認しました" }).waitFor(TIMEOUT);
      await expectAccessible(page, "the policy page after acknowledging");
      await page.getByRole("link", { name: "ホーム" }).click();
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      assert.equal(await page.getByRole("region", { name: BANNER }).count(), 0, "no prompt once acknowledged");
      await context.close();
    });

    test("central sees the department's acknowledgement rate move", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await home(page, "central");
      await page.goto("/policy/edit");
      const row = page.getByRole("table", { name: "第2版の確認状況" }).getByRole("row").filter({ hasText: "中央区役所戸籍住民課" });
      await row.waitFor(TIMEOUT);
      assert.equal((await row.locator("td.rate").textContent())?.trim(), "50%", "staff acknowledged, the supervisor not yet");
      await row.getByRole("button", { name: /未確認者に通知/ }).click();
      await page.getByRole("status").filter({ hasText: "1人に確認のお願いを通知しました" }).waitFor(TIMEOUT);
      await page.goto("/training/admin");
      await page.getByRole("heading", { level: 1, name: "研修の管理" }).waitFor(TIMEOUT);
      await page.getByRole("table", { name: /判断の基本.*所属別修了状況/ }).waitFor(TIMEOUT);
      // Central narrows the online module to one department of another bureau.
      const online = page.getByRole("region", { name: "インターネット上での誹謗中傷・拡散への対応" });
      await online.getByText("対象の所属: 0 件を選択中(選ばないと全職員)").click();
      await online.getByRole("group", { name: /を受講する所属/ }).getByRole("checkbox", { name: "財政局税務部市民税課" }).check();
      await online.getByText("対象の所属: 1 件を選択中(選ばないと全職員)").waitFor(TIMEOUT);
      await expectAccessible(page, "training management");
      await online.getByRole("button", { name: "期限と対象の所属を保存" }).click();
      await page.getByRole("status").filter({ hasText: "期限と対象の所属を保存しました。" }).waitFor(TIMEOUT);
      await page.reload();
      await page.getByRole("region", { name: "インターネット上での誹謗中傷・拡散への対応" }).getByText("対象の所属: 1 件を選択中(選ばないと全職員)").waitFor(TIMEOUT);
      await page.goto("/public-notice/edit");
      await page.getByRole("heading", { level: 1, name: "公開ページとポスター" }).waitFor(TIMEOUT);
      await page.getByRole("link", { name: "基本姿勢をプレビュー(PDF)" }).waitFor(TIMEOUT);
      // A logo that is not an image is refused with a clear message, and nothing is stored.
      await page.getByLabel("ロゴの画像ファイル").setInputFiles({ name: "logo.svg", mimeType: "image/svg+xml", buffer: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') });
      await page.getByRole("alert").filter({ hasText: "PNGまたはJPEG" }).waitFor(TIMEOUT);
      await page.getByText("ロゴは登録されていません。").waitFor();
      await expectAccessible(page, "public page and poster management");
      await context.close();
    });

    test("staff completes a quiz, sees the explanation after each answer, and the module shows as completed", async () => {
      const basics = DEFAULT_MODULES[0] as (typeof DEFAULT_MODULES)[number];
      const { context, page } = await openPage(browser, server.baseUrl);
      await home(page, "staff");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "研修", exact: true }).click();
      await page.getByRole("heading", { level: 1, name: "研修" }).waitFor(TIMEOUT);
      await expectAccessible(page, "the training list");
      await page.getByRole("link", { name: basics.title }).click();
      await page.getByRole("heading", { level: 1, name: basics.title }).waitFor(TIMEOUT);
      await page.getByRole("heading", { name: "どう対応するか" }).waitFor();

      for (const [i, s] of basics.scenarios.entries()) {
        const card = page.getByRole("region", { name: `事例 ${i + 1} / ${basics.scenarios.length}` });
        await card.getByText(s.text).waitFor(TIMEOUT);
        await card.getByRole("radio", { name: s.isHarassment ? "はい" : "いいえ", exact: true }).check();
        await card.getByRole("radio", { name: trainingJa.axes[s.axis], exact: true }).check();
        await card.getByRole("radio", { name: trainingJa.steps[s.nextStep], exact: true }).check();
        if (i === 0) await expectAccessible(page, "a scenario before answering");
        await card.getByRole("button", { name: "回答する" }).click();
        await card.getByText(s.explanation).waitFor(TIMEOUT);
        assert.equal(await card.getByText("正解", { exact: true }).count(), 3, "all three answers marked correct");
      }
      await page.getByRole("status").filter({ hasText: "修了しました(得点 9 / 9)" }).waitFor(TIMEOUT);
      await expectAccessible(page, "a module with explanations");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "研修", exact: true }).click();
      const row = page.getByRole("row").filter({ hasText: basics.title });
      await row.getByText("修了", { exact: true }).waitFor(TIMEOUT);
      // The module central assigned to another department only is not this staff member's to take.
      await page.getByRole("row").filter({ hasText: "インターネット上での誹謗中傷・拡散への対応" }).getByText("受講対象外").waitFor(TIMEOUT);
      await context.close();
    });
  });
}

/**
 * The staff web app in a real browser against the real server (child process), once per database
 * engine: sign-in per role, language switch, user administration, audit trail, forced password
 * change, phone-sized screen and keyboard-only use.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { errorsEn } from "../../src/i18n/errors.en.ts";
import { ENGINES } from "../helpers/db.ts";
import { heading, launchBrowser, login, logout, openPage } from "./helpers/browser.ts";
import { DEMO_PASSWORD, type RunningServer, startServer } from "./helpers/server.ts";

const ROLES_JA: Record<string, { name: string; role: string }> = {
  admin: { name: "システム管理者(情報政策)", role: "システム管理者" },
  central: { name: "青葉 恵(総務局)", role: "総務局(全庁)" },
  supervisor: { name: "宮城 誠(戸籍住民課長)", role: "管理監督者" },
  staff: { name: "泉 さくら", role: "職員" },
  desk: { name: "若林 直子(相談員)", role: "相談窓口" },
  auditor: { name: "太白 修(監査)", role: "監査担当" },
};

for (const engine of ENGINES) {
  describe(`staff web app [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;
    let temporaryPassword = "";

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test("every demo role signs in and sees its home page in Japanese, with no external requests", async () => {
      for (const [username, expected] of Object.entries(ROLES_JA)) {
        const { context, page, external } = await openPage(browser, server.baseUrl);
        await login(page, username);
        await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
        assert.equal(await page.locator("html").getAttribute("lang"), "ja");
        assert.match(await page.title(), /^ホーム \| /);
        const banner = page.getByRole("banner");
        await banner.getByText(expected.name).waitFor();
        assert.match(
          (await banner.textContent()) ?? "",
          new RegExp(`役割[^ ]*${expected.role.replace(/[()]/g, "\\$&")}`),
          `the header shows the role ${expected.role}`,
        );
        await page.getByRole("heading", { level: 3, name: expected.role }).waitFor();
        const nav = page.getByRole("navigation", { name: "メインメニュー" });
        assert.equal(await nav.getByRole("link", { name: "ユーザー管理" }).count(), username === "admin" ? 1 : 0);
        assert.equal(await nav.getByRole("link", { name: "監査ログ" }).count(), username === "auditor" ? 1 : 0);
        // Capabilities that are not built yet are described, never linked.
        const links = await page.getByRole("main").getByRole("link").allTextContents();
        for (const l of links) assert.match(l, /アカウント設定|ユーザー管理|所属管理|監査ログ|事案を記録|事案一覧/);
        assert.deepEqual(external, []);
        await context.close();
      }
    });

    test("the language switch shows English, updates <html lang>, is saved, and reaches the login page", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
      await page.getByRole("button", { name: "English" }).click();
      await page.getByRole("heading", { level: 1, name: "Home" }).waitFor();
      assert.equal(await page.locator("html").getAttribute("lang"), "en");
      await page.getByRole("heading", { level: 3, name: "Staff" }).waitFor();
      await page.getByRole("link", { name: "My account" }).first().waitFor();
      // Saved with the user: still English after a reload.
      await page.reload();
      await page.getByRole("heading", { level: 1, name: "Home" }).waitFor();
      await logout(page, "Sign out", "Sign in");
      // Signed out: the login page stays English (cookie), and so do the server's messages.
      assert.equal(await heading(page), "Sign in");
      assert.equal(await page.locator("html").getAttribute("lang"), "en");
      await login(page, "nobody-here", "wrong-password-123", { username: "Username", password: "Password", submit: "Sign in" });
      assert.equal((await page.getByRole("alert").textContent())?.trim(), errorsEn.invalid_credentials);
      await page.getByRole("button", { name: "日本語" }).click();
      await page.getByRole("heading", { level: 1, name: "ログイン" }).waitFor();
      assert.equal(await page.locator("html").getAttribute("lang"), "ja");
      // The user's saved language wins after signing in.
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "Home" }).waitFor();
      await page.getByRole("button", { name: "日本語" }).click();
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
      await context.close();
    });

    test("admin creates a user in the UI and sees the temporary password once", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "admin");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "ユーザー管理" }).click();
      await page.getByRole("heading", { level: 1, name: "ユーザー管理" }).waitFor();
      await page.getByRole("table", { name: "ユーザー一覧" }).waitFor();
      await page.getByRole("button", { name: "ユーザーを作成する" }).click();
      const dialog = page.getByRole("dialog", { name: "ユーザーの作成" });
      await dialog.waitFor();
      await dialog.getByLabel("ユーザー名").fill("e2e.tanaka");
      await dialog.getByLabel("氏名").fill("田中 一郎");
      await dialog.getByLabel("メールアドレス").fill("tanaka@example.invalid");
      const department = dialog.getByLabel("所属", { exact: true });
      const value = await department.locator("option", { hasText: "中央区役所戸籍住民課" }).getAttribute("value");
      await department.selectOption(value as string);
      await dialog.getByRole("checkbox", { name: "管理監督者" }).check();
      // The supervisor role needs a department.
      await dialog.getByRole("button", { name: "ユーザーを作成する" }).click();
      await dialog.getByRole("alert").filter({ hasText: "担当所属を1つ以上" }).waitFor();
      await dialog.getByRole("group", { name: "管理監督者として担当する所属" }).getByRole("checkbox", { name: "中央区役所戸籍住民課", exact: true }).check();
      await dialog.getByRole("button", { name: "ユーザーを作成する" }).click();

      const secretDialog = page.getByRole("dialog", { name: "仮パスワード" });
      await secretDialog.waitFor();
      await secretDialog.getByText("今だけ表示されます").waitFor();
      temporaryPassword = await secretDialog.getByLabel("仮パスワード").inputValue();
      assert.ok(temporaryPassword.length >= 12, "a temporary password is shown");
      await secretDialog.getByRole("button", { name: "コピー" }).waitFor();
      await secretDialog.getByRole("button", { name: "閉じる" }).click();
      await secretDialog.waitFor({ state: "detached" });
      // Shown once: it is nowhere on the page any more.
      assert.equal(await page.getByText(temporaryPassword).count(), 0);
      assert.equal(await page.locator(`input[value="${temporaryPassword}"]`).count(), 0);
      await page.getByRole("status").filter({ hasText: "ユーザー「田中 一郎」を作成しました。" }).waitFor();
      const row = page.getByRole("row", { name: /田中 一郎/ });
      await row.waitFor();
      assert.match((await row.textContent()) ?? "", /e2e\.tanaka.*中央区役所戸籍住民課.*職員、管理監督者\(中央区役所戸籍住民課\)/);
      await context.close();
    });

    test("the new user must set a password first; then the home page shows their roles", async () => {
      assert.ok(temporaryPassword, "created in the previous test");
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "e2e.tanaka", temporaryPassword);
      await page.getByRole("heading", { level: 1, name: "新しいパスワードを設定してください" }).waitFor();
      assert.equal(await page.getByRole("navigation").count(), 0, "only the password form is shown");
      await page.getByLabel("仮パスワード").fill(temporaryPassword);
      await page.getByLabel("新しいパスワード", { exact: true }).fill("kasumi-ga-ura-no-hikari");
      await page.getByLabel("新しいパスワード(確認)").fill("kasumi-ga-ura-no-hikari");
      await page.getByRole("button", { name: "パスワードを変更する" }).click();
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
      await page.getByRole("heading", { level: 3, name: "管理監督者" }).waitFor();
      await page.getByRole("heading", { level: 3, name: "職員" }).waitFor();
      await context.close();
    });

    test("auditor finds the user.create entry in the audit log, verifies the chain and gets the CSV", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "auditor");
      await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "監査ログ" }).click();
      await page.getByRole("heading", { level: 1, name: "監査ログ" }).waitFor();
      await page.getByLabel("操作(前方一致)").fill("user.create");
      await page.getByRole("button", { name: "検索する" }).click();
      const table = page.getByRole("table", { name: "監査ログ(新しい順)" });
      const row = table.getByRole("row").filter({ hasText: "user.create" }).filter({ hasText: "e2e.tanaka" });
      await row.waitFor();
      assert.match((await row.textContent()) ?? "", /admin.*user\.create.*ユーザー.*成功/);
      assert.equal(await table.getByRole("row").filter({ hasText: "user.bootstrap" }).count(), 0, "filtered by action prefix");

      const csv = page.getByRole("link", { name: "CSVをダウンロード" });
      const href = (await csv.getAttribute("href")) ?? "";
      assert.match(href, /^\/api\/audit\/export\.csv\?.*action=user\.create/);
      const res = await page.request.get(href);
      assert.equal(res.status(), 200);
      assert.match(await res.text(), /e2e\.tanaka/);

      await page.getByRole("button", { name: "連鎖を検証する" }).click();
      await page.getByRole("status").filter({ hasText: "改ざんはありません" }).waitFor();
      await context.close();
    });

    test("forced password change after an admin reset, in the UI", async () => {
      const admin = await openPage(browser, server.baseUrl);
      await login(admin.page, "admin");
      await admin.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
      await admin.page.goto("/admin/users");
      await admin.page.getByRole("button", { name: "宮城野 翔 のパスワード再設定" }).click();
      const confirm = admin.page.getByRole("dialog", { name: "確認" });
      await confirm.getByRole("button", { name: "再設定する" }).click();
      const secretDialog = admin.page.getByRole("dialog", { name: "仮パスワード" });
      const temp = await secretDialog.getByLabel("仮パスワード").inputValue();
      assert.ok(temp.length >= 12);
      await secretDialog.getByRole("button", { name: "閉じる" }).click();
      await admin.context.close();

      const { context, page } = await openPage(browser, server.baseUrl);
      await login(page, "staff2", DEMO_PASSWORD);
      await page.getByRole("alert").filter({ hasText: "ユーザー名またはパスワードが正しくありません" }).waitFor();
      await login(page, "staff2", temp);
      await page.getByRole("heading", { level: 1, name: "新しいパスワードを設定してください" }).waitFor();
      // Any address shows only the password form.
      await page.goto("/account");
      await page.getByRole("heading", { level: 1, name: "新しいパスワードを設定してください" }).waitFor();
      assert.equal(await page.getByRole("navigation").count(), 0);
      await page.getByLabel("仮パスワード").fill(temp);
      await page.getByLabel("新しいパスワード", { exact: true }).fill("staff2-short");
      await page.getByLabel("新しいパスワード(確認)").fill("staff2-short");
      await page.getByRole("button", { name: "パスワードを変更する" }).click();
      await page.getByRole("alert").filter({ hasText: "パスワードにユーザー名を含めないでください" }).waitFor();
      await page.getByLabel("新しいパスワード", { exact: true }).fill("aoba-dori-no-keyaki-namiki");
      await page.getByLabel("新しいパスワード(確認)").fill("aoba-dori-no-keyaki-namiki");
      await page.getByRole("button", { name: "パスワードを変更する" }).click();
      // Back to the page that was asked for, now with the whole app.
      await page.getByRole("heading", { level: 1, name: "アカウント設定" }).waitFor();
      await page.getByRole("navigation", { name: "メインメニュー" }).waitFor();
      await logout(page, "ログアウト", "ログイン");
      await login(page, "staff2", "aoba-dori-no-keyaki-namiki");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
      await context.close();
    });

    test("a phone-sized screen (390×844) can sign in and navigate without sideways scrolling", async () => {
      const { context, page } = await openPage(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
      await login(page, "admin");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
      for (const [link, title] of [
        ["ユーザー管理", "ユーザー管理"],
        ["所属管理", "所属管理"],
        ["アカウント設定", "アカウント設定"],
      ] as const) {
        await page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: link }).click();
        await page.getByRole("heading", { level: 1, name: title }).waitFor();
        await page.getByRole("heading", { level: 1, name: title }).isVisible();
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `${title}: the page is ${overflow}px wider than the screen`);
      }
      await context.close();
    });

    test("the login form can be filled and submitted with the keyboard only; focus moves to the heading", async () => {
      const { context, page } = await openPage(browser, server.baseUrl);
      await page.goto("/login");
      await page.getByRole("heading", { level: 1, name: "ログイン" }).waitFor();
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "本文へ移動");
      await page.keyboard.press("Enter");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name), "username");
      await page.keyboard.type("desk");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type), "password");
      await page.keyboard.type(DEMO_PASSWORD);
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor();
      await page.waitForFunction(() => document.activeElement?.tagName === "H1");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "ホーム");
      await context.close();
    });
  });
}

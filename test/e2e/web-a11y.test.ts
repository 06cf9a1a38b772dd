/**
 * Zero WCAG 2.1 A/AA violations (axe-core) on every page and dialog of the staff web app, in
 * Japanese and in English, once per database engine.
 */
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser, login, openPage } from "./helpers/browser.ts";
import { DEMO_PASSWORD, type RunningServer, startServer } from "./helpers/server.ts";

const UI = {
  ja: {
    lang: "日本語",
    login: { username: "ユーザー名", password: "パスワード", submit: "ログイン" },
    loginTitle: "ログイン",
    home: "ホーム",
    account: "アカウント設定",
    tokenName: "トークンの名前(用途)",
    createToken: "トークンを作成する",
    tokenCreated: "APIトークンを作成しました",
    close: "閉じる",
    cancel: "キャンセル",
    users: "ユーザー管理",
    createUser: "ユーザーを作成する",
    createUserTitle: "ユーザーの作成",
    supervisor: "管理監督者",
    editStaff: "泉 さくら を編集",
    editUserTitle: "ユーザーの編集",
    departments: "所属管理",
    editDept: "中央区役所 を編集",
    editDeptTitle: "所属の編集",
    audit: "監査ログ",
    verify: "連鎖を検証する",
    verified: "改ざんはありません",
  },
  en: {
    lang: "English",
    login: { username: "Username", password: "Password", submit: "Sign in" },
    loginTitle: "Sign in",
    home: "Home",
    account: "My account",
    tokenName: "Token name (purpose)",
    createToken: "Create token",
    tokenCreated: "API token created",
    close: "Close",
    cancel: "Cancel",
    users: "Users",
    createUser: "Create user",
    createUserTitle: "Create user",
    supervisor: "Supervisor",
    editStaff: "Edit 泉 さくら",
    editUserTitle: "Edit user",
    departments: "Departments",
    editDept: "Edit Chuo Ward Office",
    editDeptTitle: "Edit department",
    audit: "Audit log",
    verify: "Verify chain",
    verified: "intact",
  },
} as const;

type Lang = keyof typeof UI;

async function h1(page: Page, name: string) {
  await page.getByRole("heading", { level: 1, name, exact: true }).waitFor();
}

/** Signs in and makes sure the UI is in `lang` (switching it in the header when needed). */
async function signIn(page: Page, lang: Lang, username: string) {
  const ui = UI[lang];
  await page.goto("/login");
  const current = (await page.locator("html").getAttribute("lang")) as Lang;
  await page.getByLabel(UI[current].login.username).fill(username);
  await page.getByLabel(UI[current].login.password).fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: UI[current].login.submit, exact: true }).click();
  await page.getByRole("navigation").waitFor();
  if ((await page.locator("html").getAttribute("lang")) !== lang) await page.getByRole("button", { name: ui.lang }).click();
  await h1(page, ui.home);
}

for (const engine of ENGINES) {
  describe(`staff web app accessibility [${engine}]`, () => {
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

    for (const lang of ["ja", "en"] as const) {
      const ui = UI[lang];

      test(`${lang}: login page, and home for each role`, async () => {
        const { context, page } = await openPage(browser, server.baseUrl);
        await context.addCookies([{ name: "mamoru_lang", value: lang, url: server.baseUrl }]);
        await page.goto("/login");
        await h1(page, ui.loginTitle);
        await expectAccessible(page, `${lang} login`);
        // With an error shown.
        await login(page, "nobody-at-all", "not-the-password", ui.login);
        await page.getByRole("alert").waitFor();
        await expectAccessible(page, `${lang} login with error`);
        for (const username of ["admin", "central", "supervisor", "staff", "desk", "auditor"]) {
          await signIn(page, lang, username);
          await expectAccessible(page, `${lang} home (${username})`);
          await page.context().clearCookies();
          await context.addCookies([{ name: "mamoru_lang", value: lang, url: server.baseUrl }]);
        }
        await context.close();
      });

      test(`${lang}: account page, password form and the token shown once`, async () => {
        const { context, page } = await openPage(browser, server.baseUrl);
        await signIn(page, lang, "staff");
        await page.getByRole("navigation").getByRole("link", { name: ui.account }).click();
        await h1(page, ui.account);
        await expectAccessible(page, `${lang} account`);
        await page.getByLabel(ui.tokenName).fill(`a11y-${lang}`);
        await page.getByRole("button", { name: ui.createToken }).click();
        await page.getByRole("dialog", { name: ui.tokenCreated }).waitFor();
        await expectAccessible(page, `${lang} token created dialog`);
        await page.getByRole("button", { name: ui.close }).click();
        await page.getByRole("table").waitFor();
        await expectAccessible(page, `${lang} account with tokens`);
        await context.close();
      });

      test(`${lang}: admin users (list, create and edit dialogs) and departments`, async () => {
        const { context, page } = await openPage(browser, server.baseUrl);
        await signIn(page, lang, "admin");
        await page.getByRole("navigation").getByRole("link", { name: ui.users }).click();
        await h1(page, ui.users);
        await page.getByRole("table").waitFor();
        await expectAccessible(page, `${lang} users`);
        await page.getByRole("button", { name: ui.createUser }).click();
        const create = page.getByRole("dialog", { name: ui.createUserTitle });
        await create.waitFor();
        await create.getByRole("checkbox", { name: ui.supervisor }).check();
        await expectAccessible(page, `${lang} create user dialog`);
        await create.getByRole("button", { name: ui.cancel }).click();
        await create.waitFor({ state: "detached" });
        await page.getByRole("button", { name: ui.editStaff }).click();
        await page.getByRole("dialog", { name: ui.editUserTitle }).waitFor();
        await expectAccessible(page, `${lang} edit user dialog`);
        await page.keyboard.press("Escape");
        await page.getByRole("dialog").waitFor({ state: "detached" });

        await page.getByRole("navigation").getByRole("link", { name: ui.departments }).click();
        await h1(page, ui.departments);
        await page.getByRole("table").waitFor();
        await expectAccessible(page, `${lang} departments`);
        await page.getByRole("button", { name: ui.editDept, exact: true }).click();
        await page.getByRole("dialog", { name: ui.editDeptTitle }).waitFor();
        await expectAccessible(page, `${lang} edit department dialog`);
        await context.close();
      });

      test(`${lang}: audit log with results and the chain verified`, async () => {
        const { context, page } = await openPage(browser, server.baseUrl);
        await signIn(page, lang, "auditor");
        await page.getByRole("navigation").getByRole("link", { name: ui.audit }).click();
        await h1(page, ui.audit);
        await page.getByRole("table").waitFor();
        await page.getByRole("button", { name: ui.verify }).click();
        await page.getByRole("status").filter({ hasText: ui.verified }).waitFor();
        await expectAccessible(page, `${lang} audit`);
        await context.close();
      });
    }
  });
}

import assert from "node:assert/strict";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, type Page, chromium } from "playwright-core";
import { DEMO_PASSWORD } from "./server.ts";

/** `extraArgs`: more Chromium switches for one test file (e.g. a fake microphone). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  });
}

export interface Session {
  context: BrowserContext;
  page: Page;
  /** Requests to any origin other than the server (must stay empty: closed municipal networks). */
  external: string[];
}

export async function openPage(
  browser: Browser,
  baseUrl: string,
  opts: { viewport?: { width: number; height: number }; locale?: string } = {},
): Promise<Session> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: opts.viewport ?? { width: 1280, height: 900 }, locale: opts.locale ?? "en-US" });
  const page = await context.newPage();
  const external: string[] = [];
  const origin = new URL(baseUrl).origin;
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) external.push(url);
  });
  return { context, page, external };
}

/** Signs in through the login form, as a user would. */
export async function login(
  page: Page,
  username: string,
  password = DEMO_PASSWORD,
  labels = { username: "ユーザー名", password: "パスワード", submit: "ログイン" },
) {
  await page.goto("/login");
  await page.getByLabel(labels.username).fill(username);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole("button", { name: labels.submit, exact: true }).click();
}

export async function logout(page: Page, label: string, loginTitle: string) {
  await page.getByRole("button", { name: label }).click();
  await page.getByRole("heading", { level: 1, name: loginTitle }).waitFor();
}

/** Zero WCAG 2.1 A/AA violations on what is on screen now. */
export async function expectAccessible(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  assert.ok(result.passes.length > 0, "axe ran its checks");
  const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`);
  assert.deepEqual(summary, [], `axe violations on ${what}:\n${summary.join("\n")}`);
}

export async function heading(page: Page): Promise<string> {
  return (await page.getByRole("heading", { level: 1 }).textContent())?.trim() ?? "";
}

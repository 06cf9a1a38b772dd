/**
 * The public page for residents in a real browser with JavaScript turned off: the right <html lang>,
 * landmarks, a working skip link, keyboard access to the language links and the organisation's own
 * path — and zero WCAG 2.1 A/AA violations (axe-core) in every language. axe itself is a script, so
 * it runs on the same URL in a second context with JavaScript on; the pages contain no script at
 * all (asserted), so both contexts see the same document. Once per database engine.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const PAGES = [
  { path: "/public", lang: "ja", h1: "カスタマーハラスメント対策について" },
  { path: "/public/ja", lang: "ja", h1: "カスタマーハラスメント対策について" },
  { path: "/public/easy", lang: "ja", h1: "カスタマーハラスメントに ついて" },
  { path: "/public/en", lang: "en", h1: "Our policy on customer harassment" },
  { path: "/public/zh", lang: "zh-Hans", h1: "关于应对顾客骚扰的措施" },
  { path: "/public/ko", lang: "ko", h1: "고객 갑질(고객에 의한 괴롭힘) 대책 안내" },
  { path: "/kasuhara", lang: "ja", h1: "カスタマーハラスメント対策について" },
  { path: "/kasuhara/en", lang: "en", h1: "Our policy on customer harassment" },
];

for (const engine of ENGINES) {
  describe(`public page without JavaScript [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;
    let context: BrowserContext;
    let page: Page;
    let axePage: Page;
    const external: string[] = [];

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser();
      context = await browser.newContext({ baseURL: server.baseUrl, javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
      page = await context.newPage();
      axePage = await (await browser.newContext({ baseURL: server.baseUrl, viewport: { width: 1280, height: 900 } })).newPage();
      page.on("request", (req) => {
        if (!req.url().startsWith(server.baseUrl)) external.push(req.url());
      });
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    for (const p of PAGES) {
      test(`${p.path}: lang, one h1, landmarks, no axe violations`, async () => {
        const res = await page.goto(p.path);
        assert.equal(res?.status(), 200);
        assert.equal(await page.locator("html").getAttribute("lang"), p.lang);
        assert.equal(await page.locator("h1").count(), 1);
        assert.equal((await page.locator("h1").textContent())?.trim(), p.h1);
        for (const role of ["banner", "main", "contentinfo"] as const) assert.equal(await page.getByRole(role).count(), 1, role);
        assert.ok((await page.getByRole("navigation").count()) >= 2);
        assert.equal(await page.locator("script").count(), 0);
        await axePage.goto(p.path);
        await expectAccessible(axePage, p.path);
      });
    }

    test("the skip link is the first stop and moves focus to the main content", async () => {
      await page.goto("/public/en");
      await page.keyboard.press("Tab");
      const skip = page.locator(":focus");
      assert.equal((await skip.textContent())?.trim(), "Skip to main content");
      assert.ok(await skip.isVisible(), "visible when focused");
      await page.keyboard.press("Enter");
      assert.ok(page.url().endsWith("#main"));
      assert.equal(await page.evaluate(() => document.activeElement?.id), "main");
    });

    test("Tab reaches every language link, each with hreflang and lang, and Enter follows it", async () => {
      await page.goto("/public");
      const seen: string[] = [];
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press("Tab");
        const hreflang = await page.locator(":focus").getAttribute("hreflang");
        if (hreflang) {
          seen.push(`${hreflang}:${await page.locator(":focus").getAttribute("lang")}`);
        }
      }
      assert.deepEqual(seen, ["ja:ja", "ja:ja", "en:en", "zh-Hans:zh-Hans", "ko:ko"]);
      await page.goto("/public");
      await page.getByRole("link", { name: "한국어" }).focus();
      await page.keyboard.press("Enter");
      await page.waitForURL(/\/public\/ko$/);
      assert.equal(await page.locator("html").getAttribute("lang"), "ko");
    });

    test("the print stylesheet hides navigation", async () => {
      await page.goto("/public/ja");
      await page.emulateMedia({ media: "print" });
      assert.equal(await page.locator(".site-header nav").isVisible(), false);
      assert.equal(await page.locator(".skip-link").isVisible(), false);
      assert.ok(await page.locator("main h1").isVisible());
      await page.emulateMedia({ media: "screen" });
      assert.deepEqual(external, [], "no request leaves the server");
    });
  });
}

/**
 * Live response assist with two browsers, once per database engine: central sets a short time
 * limit and an approval step; `staff` on a phone-sized screen starts a counter session, passes the
 * limit and asks for backup; `supervisor` on a desktop sees the banner within a second and says
 * they are coming; the order to leave waits for and receives the supervisor's approval; a reload in
 * the middle loses nothing; staff ends with a reason and the incident shows the whole timeline.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser, login, openPage } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 15_000 };
const BOSS = "宮城 誠(戸籍住民課長)";

for (const engine of ENGINES) {
  describe(`live assist in two browsers [${engine}]`, () => {
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

    test("threshold, backup alert, approval from the supervisor's own device, reload, end with a reason, the incident timeline", async () => {
      // Central: a 10-second limit for the counter of 戸籍住民課, and the order to leave needs approval.
      const central = await openPage(browser, server.baseUrl);
      await login(central.page, "central");
      await central.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await central.page.goto("/live/settings");
      await central.page.getByRole("heading", { level: 1, name: "対応支援の設定" }).waitFor(TIMEOUT);
      await central.page.getByLabel("所属", { exact: true }).selectOption({ label: "　中央区役所戸籍住民課" });
      await central.page.getByLabel("方法", { exact: true }).selectOption({ label: "窓口" });
      await central.page.getByLabel("目安(秒)").fill("10");
      await central.page.getByRole("checkbox", { name: "退去命令" }).check();
      await central.page.getByRole("button", { name: "保存する" }).first().click();
      await central.page.getByRole("status").filter({ hasText: "設定を保存しました。" }).waitFor(TIMEOUT);
      await central.page.getByRole("rowheader", { name: /中央区役所戸籍住民課 · 窓口/ }).waitFor(TIMEOUT);
      await central.context.close();

      // The supervisor's desktop, on the home page: alerts come as a banner on any page.
      const sup = await openPage(browser, server.baseUrl);
      await login(sup.page, "supervisor");
      await sup.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);

      // Staff on a phone: one tap starts a counter session.
      const staff = await openPage(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
      await login(staff.page, "staff");
      await staff.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await staff.page.getByRole("navigation", { name: "メインメニュー" }).getByRole("link", { name: "対応支援" }).click();
      await staff.page.getByRole("heading", { level: 1, name: "対応支援" }).waitFor(TIMEOUT);
      await staff.page.getByLabel("場所(任意)").fill("1階 3番窓口");
      await staff.page.getByRole("checkbox", { name: /緊急通報を無音で送る/ }).check();
      await staff.page.getByRole("button", { name: "窓口で開始" }).click();
      await staff.page.getByTestId("elapsed").waitFor(TIMEOUT);
      assert.match((await staff.page.getByTestId("next-step").textContent()) ?? "", /説明/);
      await expectAccessible(staff.page, "the live screen");
      const overflow = await staff.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the live screen is ${overflow}px wider than the phone`);

      // The limit passes (the clock is polled, not slept on).
      await staff.page.getByText("目安の時間を超えました。").waitFor({ timeout: 30_000 });

      // 応援要請 → the supervisor's banner within a second.
      // The supervisor's page notes the moment the banner text is in the DOM (Playwright's own polling backs off to 500 ms steps).
      await sup.page.evaluate(() => {
        const w = window as unknown as { bannerAt?: number };
        const obs = new MutationObserver(() => {
          if (!w.bannerAt && document.querySelector('[role="alert"][aria-label="新しい通報"]')?.textContent?.includes("応援要請: 泉 さくら")) {
            w.bannerAt = Date.now();
            obs.disconnect();
          }
        });
        obs.observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      const pressed = Date.now();
      const answered = staff.page.waitForResponse((r) => r.url().endsWith("/alerts") && r.request().method() === "POST").then(() => Date.now());
      await staff.page.getByRole("button", { name: "応援要請" }).click();
      const banner = sup.page.getByRole("alert", { name: "新しい通報" });
      await banner.getByText(/応援要請: 泉 さくら — 窓口 1階 3番窓口/).waitFor({ timeout: 5_000 });
      const shown = (await sup.page.evaluate(() => (window as unknown as { bannerAt?: number }).bannerAt)) ?? Date.now();
      const committed = await answered;
      process.stdout.write(`# banner: ${shown - pressed} ms after the press (the alert request answered after ${committed - pressed} ms)\n`);
      // The second is the server's delivery: from the moment the alert is stored (the request is
      // answered) to the banner on the supervisor's screen. The staff browser's own click handling
      // is not part of it (on a loaded 2-core CI machine that alone can take hundreds of ms).
      assert.ok(shown - committed <= 1_000, `the banner appeared ${shown - committed} ms after the alert was stored (${shown - pressed} ms after the press)`);
      await banner.getByRole("button", { name: "向かう" }).click();
      await staff.page.getByText(`${BOSS} さんが向かっています`).waitFor(TIMEOUT);

      // The ladder: explanation, request to stop, then the order to leave waits for approval.
      await staff.page.getByRole("button", { name: "「説明」を記録する" }).click();
      await staff.page.getByTestId("next-step").filter({ hasText: "中止の要請" }).waitFor(TIMEOUT);
      await staff.page.getByRole("button", { name: "同じ要求の繰り返しを1回追加" }).click();
      await staff.page.getByTestId("repeats").filter({ hasText: "1" }).waitFor(TIMEOUT);
      await staff.page.getByRole("button", { name: "「中止の要請」を記録する" }).first().click();
      await staff.page.getByTestId("next-step").filter({ hasText: "中止の要請(2回目)" }).waitFor(TIMEOUT);
      await staff.page.getByRole("button", { name: "「退去命令」を記録する" }).click();
      await staff.page.getByTestId("pending").filter({ hasText: "「退去命令」は上司の承認待ちです" }).waitFor(TIMEOUT);

      // A reload in the middle loses nothing.
      await staff.page.reload();
      await staff.page.getByTestId("pending").filter({ hasText: "「退去命令」は上司の承認待ちです" }).waitFor(TIMEOUT);
      assert.equal((await staff.page.getByTestId("repeats").textContent())?.trim(), "1");
      await staff.page.getByText(`${BOSS} さんが向かっています`).waitFor(TIMEOUT);
      await staff.page.getByText("目安の時間を超えました。").waitFor(TIMEOUT);

      // The supervisor approves from their own device.
      await sup.page.getByText("承認依頼: 退去命令").first().waitFor(TIMEOUT);
      await sup.page.goto("/live/supervise");
      await sup.page.getByRole("heading", { level: 1, name: "応援・承認" }).waitFor(TIMEOUT);
      const approval = sup.page.getByRole("article", { name: "承認依頼: 退去命令" });
      await approval.getByRole("button", { name: "承認する" }).click();
      await sup.page.getByText("承認を待っている段階はありません。").waitFor(TIMEOUT);

      await staff.page.getByTestId("next-step").filter({ hasText: /退去命令\(2回目\)|最終警告/ }).waitFor(TIMEOUT);
      await staff.page.getByText(`承認: ${BOSS}`).waitFor(TIMEOUT);

      // A silent emergency: nothing on the staff member's screen changes; the supervisor is told to come quietly.
      // biome-ignore lint/performance/useDomNodeTextContent: what is visible is the point (innerText leaves out hidden text)
      const screenText = () => staff.page.evaluate(() => [...document.querySelectorAll(".live-screen > section:not(.live-clock)")].map((e) => (e as HTMLElement).innerText).join("\n"));
      const before = await screenText();
      const sent = staff.page.waitForResponse((r) => r.url().endsWith("/alerts") && r.request().method() === "POST");
      await staff.page.getByRole("button", { name: "緊急通報" }).click();
      assert.equal((await sent).status(), 201);
      await sup.page.getByRole("alert", { name: "新しい通報" }).getByText(/緊急通報: 泉 さくら/).waitFor(TIMEOUT);
      await sup.page.getByText("無音の通報: 職員に電話をかけたり声をかけたりせず、静かに向かってください。").first().waitFor(TIMEOUT);
      assert.equal(await screenText(), before, "the silent emergency changed nothing visible");

      // End with a reason; the incident shows the whole timeline.
      await staff.page.getByLabel("終了の理由(事実どおりに)").fill("退去を求めたところ帰られたため");
      await staff.page.getByRole("button", { name: "対応終了" }).click();
      await staff.page.getByRole("heading", { name: "対応を終了しました。" }).waitFor(TIMEOUT);
      await staff.page.getByRole("link", { name: "事案の記録を開く" }).click();
      await staff.page.getByRole("heading", { level: 1, name: /^事案 / }).waitFor(TIMEOUT);
      const timeline = staff.page.getByRole("table").filter({ hasText: "退去命令" });
      for (const text of ["対応開始", "通報 応援要請", "応答 向かう", "説明", "同じ要求の繰り返し", "中止の要請", "退去命令", "承認", "理由: 退去を求めたところ帰られたため"]) {
        await timeline.getByText(text).first().waitFor(TIMEOUT);
      }
      assert.deepEqual(staff.external, [], "no request leaves the server");
      assert.deepEqual(sup.external, []);
      await sup.context.close();
      await staff.context.close();
    });
  });
}

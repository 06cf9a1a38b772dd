/**
 * Recording from the live screen, once per database engine: Chromium with a fake microphone;
 * `staff` starts a counter session, marks the recording notice, records for a few chunks, stops,
 * ends the response; the incident's evidence panel lists the recording with the same SHA-256 the
 * live screen reported, and the notice flag.
 */
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { launchBrowser, login, openPage } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 15_000 };

for (const engine of ENGINES) {
  describe(`live recording in the browser [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser(["--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream"]);
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
    });

    test("staff records with the microphone, stops, and the incident's evidence lists the recording with its hash", async () => {
      const staff = await openPage(browser, server.baseUrl, { viewport: { width: 390, height: 844 } });
      await login(staff.page, "staff");
      await staff.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await staff.page.goto("/live");
      await staff.page.getByRole("heading", { level: 1, name: "対応支援" }).waitFor(TIMEOUT);
      await staff.page.getByRole("button", { name: "窓口で開始" }).click();
      await staff.page.getByTestId("elapsed").waitFor(TIMEOUT);

      // The reminder shows until the notice is marked as said.
      await staff.page.getByTestId("recording-notice-reminder").waitFor(TIMEOUT);
      await staff.page.getByRole("button", { name: "まだ告知していない" }).click();
      await staff.page.getByRole("button", { name: "✓ 告知した" }).waitFor(TIMEOUT);
      assert.equal(await staff.page.getByTestId("recording-notice-reminder").count(), 0);

      await staff.page.getByRole("button", { name: "録音を開始" }).click();
      const indicator = staff.page.getByTestId("recording-indicator");
      await indicator.waitFor(TIMEOUT);
      assert.match((await indicator.textContent()) ?? "", /録音中/);
      // Chunks go up while it records (about one every 2 seconds): wait until two have arrived.
      await indicator.filter({ hasText: /送信済み [2-9]\d* 件/ }).waitFor({ timeout: 20_000 });
      await staff.page.getByRole("button", { name: "録音を停止" }).click();
      const saved = staff.page.getByTestId("recording-saved");
      await saved.waitFor(TIMEOUT);
      const hash = /SHA-256: ([0-9a-f]{64})/.exec((await saved.textContent()) ?? "")?.[1];
      assert.ok(hash, "the live screen reports the recording's SHA-256");
      assert.equal(staff.external.length, 0, `no request left the server: ${staff.external.join(", ")}`);

      await staff.page.getByLabel("終了の理由(事実どおりに)").fill("用件が済んだため");
      await staff.page.getByRole("button", { name: "対応終了" }).click();
      await staff.page.getByRole("heading", { name: "対応を終了しました。" }).waitFor(TIMEOUT);
      await staff.page.getByRole("link", { name: "事案の記録を開く" }).click();
      await staff.page.getByRole("heading", { level: 1, name: /^事案 / }).waitFor(TIMEOUT);
      const panel = staff.page.locator("section").filter({ has: staff.page.getByRole("heading", { name: "証拠ファイル" }) });
      const row = panel.getByRole("row").filter({ hasText: hash.slice(0, 12) });
      await row.waitFor(TIMEOUT);
      assert.match((await row.textContent()) ?? "", /対応録音-.*\.(webm|ogg|m4a)/);
      assert.match((await row.textContent()) ?? "", new RegExp(`SHA-256(全体): ${hash}`.replace(/[()]/g, "\\$&")));
      await staff.context.close();
    });
  });
}

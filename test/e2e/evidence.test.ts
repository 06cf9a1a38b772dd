/**
 * Evidence in a real browser against the real server, once per database engine: staff attaches a
 * recording to an incident on its page, the list shows its hash and size; then the file is altered
 * on disk and the download in the browser is refused with the clear message (and audited).
 */
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser } from "playwright-core";
import { ENGINES } from "../helpers/db.ts";
import { expectAccessible, launchBrowser, login, openPage } from "./helpers/browser.ts";
import { type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 15_000 };

/** A short, valid 8 kHz mono WAV (a rising tone). */
function wav(seconds = 1): Buffer {
  const n = 8000 * seconds;
  const data = Buffer.alloc(n);
  for (let i = 0; i < n; i++) data[i] = 128 + Math.round(60 * Math.sin((2 * Math.PI * (300 + i / 40) * i) / 8000));
  const h = Buffer.alloc(44);
  h.write("RIFF", 0, "latin1");
  h.writeUInt32LE(36 + n, 4);
  h.write("WAVEfmt ", 8, "latin1");
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000, 28);
  h.writeUInt16LE(1, 32);
  h.writeUInt16LE(8, 34);
  h.write("data", 36, "latin1");
  h.writeUInt32LE(n, 40);
  return Buffer.concat([h, data]);
}

function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .map((p) => path.join(dir, p))
    .filter((p) => fs.statSync(p).isFile() && !p.includes(".incoming"));
}

for (const engine of ENGINES) {
  describe(`evidence in the browser [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;
    let work: string;

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser();
      work = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-e2e-evidence-"));
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      if (work) fs.rmSync(work, { recursive: true, force: true });
    });

    test("staff attaches a recording; after the file is altered on disk the download is refused with a clear error", async () => {
      const { context, page, external } = await openPage(browser, server.baseUrl);
      await login(page, "staff");
      await page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);

      // An incident to attach to (filed through the API with the browser's session).
      const created = await page.evaluate(async () => {
        const me = await (await fetch("/api/me")).json();
        const res = await fetch("/api/incidents", {
          method: "POST",
          headers: { "content-type": "application/json", "x-csrf-token": me.csrfToken },
          body: JSON.stringify({ channel: "phone", summary: "【E2E証拠】電話での暴言", report: true }),
        });
        return (await res.json()) as { id: string; number: string };
      });
      await page.goto(`/incidents/${created.id}`);
      await page.getByRole("heading", { level: 1, name: `事案 ${created.number}` }).waitFor(TIMEOUT);
      const panel = page.getByRole("region", { name: "証拠ファイル" });
      await panel.getByText("証拠ファイルはまだありません。").waitFor(TIMEOUT);

      const bytes = wav();
      const local = path.join(work, "通話録音.wav");
      fs.writeFileSync(local, bytes);
      await panel.getByLabel("添付するファイル").setInputFiles(local);
      await panel.getByRole("checkbox", { name: "録音・録画することを相手方に告知した" }).check();
      await panel.getByLabel("メモ(任意)").fill("窓口電話の録音");
      await panel.getByRole("button", { name: "添付する", exact: true }).click();

      const hash = createHash("sha256").update(bytes).digest("hex");
      await page
        .getByRole("status")
        .filter({ hasText: `「通話録音.wav」を添付しました(SHA-256: ${hash.slice(0, 12)})。` })
        .waitFor(TIMEOUT);
      const row = panel.getByRole("row").filter({ hasText: "通話録音.wav" }).first();
      await row.waitFor(TIMEOUT);
      const text = (await row.textContent()) ?? "";
      assert.match(text, new RegExp(hash.slice(0, 12)));
      assert.match(text, /7\.9 KB/, "the size is shown");
      assert.ok(await panel.getByRole("checkbox", { name: "「通話録音.wav」の録音・録画を告知した" }).isChecked(), "the notice flag is shown as given");

      // It plays inline (Range requests answered with 206).
      const ranged = page.waitForResponse((r) => r.url().includes("/content") && r.status() === 206, TIMEOUT);
      await row.getByRole("button", { name: "再生: 通話録音.wav" }).click();
      await ranged;
      await expectAccessible(page, "the incident page with the evidence panel");

      // Someone alters the stored file.
      const stored = filesUnder(path.join(server.dataDir, "evidence"));
      assert.equal(stored.length, 1, "one stored file");
      const altered = Buffer.from(bytes);
      altered[4000] = (altered[4000] ?? 0) ^ 0x55;
      fs.writeFileSync(stored[0] as string, altered);

      await row.getByRole("button", { name: "ダウンロード: 通話録音.wav" }).click();
      const alert = panel.getByRole("alert").filter({ hasText: "「通話録音.wav」は保存時から変わっています(SHA-256 が一致しません)" });
      await alert.waitFor(TIMEOUT);
      assert.match((await alert.textContent()) ?? "", /監査ログに記録されています/);
      assert.deepEqual(external, []);
      await context.close();

      // The auditor sees the integrity failure in the audit trail.
      const auditor = await openPage(browser, server.baseUrl);
      await login(auditor.page, "auditor");
      await auditor.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      const rows = await auditor.page.evaluate(
        async () => (await (await fetch("/api/audit?action=evidence.integrity_failure")).json()) as { rows: Array<{ action: string; outcome: string }> },
      );
      assert.ok(
        rows.rows.some((r) => r.action === "evidence.integrity_failure" && r.outcome === "failure"),
        "the integrity failure is in the audit trail",
      );
      await auditor.context.close();
    });
  });
}

/**
 * The police package end to end, once per engine: a supervisor asks for it on the incident page of
 * an incident with an evidence file, central approves it in the browser and downloads the ZIP
 * through the browser, and the real command `npm run mamoru -- package verify FILE.zip` says it is
 * valid — then fails, naming the file, once one byte of the evidence file inside the ZIP changes.
 * On the way, a restriction on the same person whose review date has passed shows the 見直し期限超過
 * badge on the incident page and in the restriction register.
 */
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import yauzl from "yauzl";
import yazl from "yazl";
import { ENGINES } from "../helpers/db.ts";
import { Client } from "../helpers/server.ts";
import { launchBrowser, login, openPage } from "./helpers/browser.ts";
import { DEMO_PASSWORD, type RunningServer, startServer } from "./helpers/server.ts";

const TIMEOUT = { timeout: 20_000 };
const MEMO = "2026年11月2日 14時10分 窓口にて「今すぐ課長を出せ、出さないなら毎日来る」と30分にわたり大声。\n";

/** `npm run mamoru -- package verify FILE` as a recipient would run it (a child process; `env` added to ours). */
function verifyWithCli(file: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "--silent", "mamoru", "--", "package", "verify", file], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/** Every entry of a ZIP, in order, with its bytes. */
async function readEntries(file: string): Promise<{ name: string; bytes: Buffer }[]> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (err, z) => (err || !z ? reject(err) : resolve(z))));
  const out: { name: string; bytes: Buffer }[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on("error", reject);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (err, stream) => {
        if (err || !stream) return reject(err);
        const chunks: Buffer[] = [];
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("error", reject);
        stream.on("end", () => {
          out.push({ name: entry.fileName, bytes: Buffer.concat(chunks) });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
  zip.close();
  return out;
}

/** The same ZIP rewritten with one byte of one entry changed. */
async function withOneByteChanged(file: string, out: string, entryName: string): Promise<void> {
  const entries = await readEntries(file);
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    const bytes = Buffer.from(e.bytes);
    if (e.name === entryName) {
      const at = Math.floor(bytes.length / 2);
      bytes[at] = (bytes[at] as number) ^ 0x01;
    }
    zip.addBuffer(bytes, e.name);
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(fs.createWriteStream(out)).on("close", () => resolve()).on("error", reject);
  });
}

const packages = (page: Page) => page.locator(".subsection").filter({ has: page.getByRole("heading", { level: 3, name: "警察・弁護士への提供用パッケージ" }) });

for (const engine of ENGINES) {
  describe(`police package from the browser, verified with the CLI [${engine}]`, () => {
    let server: RunningServer;
    let browser: Browser;
    let dir: string;

    before(async () => {
      server = await startServer(engine);
      browser = await launchBrowser();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-e2e-package-"));
    });
    after(async () => {
      await browser?.close();
      await server?.stop();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    test("supervisor asks, central approves and downloads; the CLI verifies it, and names the evidence file after one byte changes", async () => {
      // The incident and its evidence file (staff record it; the upload itself is tested elsewhere).
      const staffApi = await new Client(server.baseUrl).login("staff", DEMO_PASSWORD);
      const filed = await staffApi.post("/api/incidents", {
        channel: "counter",
        summary: "【E2E】窓口で大声を上げ、課長を出せと繰り返した",
        codes: ["intimidation"],
        counterpart: { type: "resident", name: "八幡 五郎" },
        report: true,
      });
      assert.equal(filed.status, 201, filed.text);
      const form = new FormData();
      form.append("file", new Blob([MEMO], { type: "text/plain" }), "memo.txt");
      const up = await staffApi.request("POST", `/api/incidents/${filed.body.id}/evidence`, form);
      assert.equal(up.status, 201, up.text);

      // A restriction on the same person whose review date passed a week ago (registered through the API).
      const day = (offset: number) => new Date(Date.now() + 9 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
      const supApi = await new Client(server.baseUrl).login("supervisor", DEMO_PASSWORD);
      const restriction = await supApi.post(`/api/counterparts/${filed.body.counterpart.id}/restrictions`, {
        kind: "single_contact",
        scope: "【E2E】戸籍住民課長を窓口とする",
        reason: "窓口での大声が繰り返されたため",
        startsOn: day(-60),
        reviewOn: day(-7),
      });
      assert.equal(restriction.status, 201, restriction.text);

      // A supervisor asks for a police package on the incident page.
      const sup = await openPage(browser, server.baseUrl, { locale: "ja-JP" });
      await login(sup.page, "supervisor");
      await sup.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await sup.page.goto(`/incidents/${filed.body.id}`);
      const notice = sup.page.getByTestId("restriction-notice");
      await notice.waitFor(TIMEOUT);
      assert.match((await notice.textContent()) ?? "", /対応窓口の一本化.*見直し期限超過/, "the overdue review shows on the incident page");
      const asked = packages(sup.page);
      await asked.waitFor(TIMEOUT);
      await asked.getByLabel("提供先").selectOption("police");
      await asked.getByLabel("提供の理由").fill("被害届の提出に添付するため");
      await asked.getByRole("button", { name: "作成を申請する" }).click();
      await asked.getByText("申請済み(総務局の承認待ち)").waitFor(TIMEOUT);
      assert.equal(await asked.getByRole("link", { name: "ZIPをダウンロード" }).count(), 0, "nothing to download before central approves");
      await sup.page.goto("/restrictions");
      const row = sup.page.getByRole("row").filter({ hasText: "【E2E】戸籍住民課長を窓口とする" });
      await row.waitFor(TIMEOUT);
      assert.match((await row.textContent()) ?? "", /見直し期限超過/, "and in the restriction register");

      // Central approves it in the browser and downloads the ZIP through the browser.
      const cen = await openPage(browser, server.baseUrl, { locale: "ja-JP" });
      await login(cen.page, "central");
      await cen.page.getByRole("heading", { level: 1, name: "ホーム" }).waitFor(TIMEOUT);
      await cen.page.goto(`/incidents/${filed.body.id}`);
      const approving = packages(cen.page);
      await approving.getByRole("button", { name: "承認する(総務局)" }).click(TIMEOUT);
      const link = approving.getByRole("link", { name: "ZIPをダウンロード" });
      await link.waitFor(TIMEOUT);
      const [download] = await Promise.all([cen.page.waitForEvent("download", TIMEOUT), link.click()]);
      const zip = path.join(dir, `package-${engine}.zip`);
      await download.saveAs(zip);
      assert.deepEqual([...sup.external, ...cen.external], []);

      const entries = await readEntries(zip);
      const names = entries.map((e) => e.name);
      const evidence = entries.find((e) => e.name.startsWith("evidence/"));
      assert.ok(evidence, `an evidence file in the ZIP: ${names.join(", ")}`);
      assert.equal(evidence.bytes.toString("utf8"), MEMO, "the evidence file as uploaded");
      for (const n of ["record.pdf", "README.txt", "manifest.json", "manifest.sig", "public-key.pem"]) assert.ok(names.includes(n), `${n} in ${names.join(", ")}`);

      // The recipient's check, offline. The data directory is the running server's (locked on the
      // embedded engine): verifying does not open the database, so the lock does not matter.
      const env = { MAMORU_DATA_DIR: server.dataDir, MAMORU_LOG_LEVEL: "silent" };
      const ok = await verifyWithCli(zip, env);
      assert.equal(ok.code, 0, ok.stderr);
      assert.match(ok.stdout, /検証に成功しました.*verified: all \d+ files match the signed manifest/);

      const tampered = path.join(dir, `tampered-${engine}.zip`);
      await withOneByteChanged(zip, tampered, evidence.name);
      const bad = await verifyWithCli(tampered, env);
      assert.notEqual(bad.code, 0, "one changed byte fails the check");
      assert.ok(bad.stderr.includes(`${evidence.name}: SHA-256 が一致しません`), bad.stderr);
      assert.doesNotMatch(bad.stderr, /record\.pdf|README\.txt/, "only the changed file is named");
    });
  });
}

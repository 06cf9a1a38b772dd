import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { deflateSync } from "node:zlib";
import { describeEachEngine } from "../../../test/helpers/db.ts";
import { type Client, type TestServer, startTestServer } from "../../../test/helpers/server.ts";

/** A valid greyscale PNG of the given size, built here so the test needs no file. */
function pngBytes(width: number, height: number): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = (crcTable[(c ^ x) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const raw = Buffer.alloc((width + 1) * height);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw)), chunk("IEND", Buffer.alloc(0))]);
}

describeEachEngine("public notice: settings, sections, logo, public page", (engine) => {
  let srv: TestServer;
  let central: Client;
  before(async () => {
    srv = await startTestServer(engine);
    central = await srv.as("central");
  });
  after(async () => srv?.close());

  test("the public page works without signing in, in every language, with the right lang", async () => {
    const anon = srv.client();
    const expected: Record<string, string> = { ja: "ja", easy: "ja", en: "en", zh: "zh-Hans", ko: "ko" };
    for (const [path, lang] of Object.entries(expected)) {
      const res = await anon.get(`/public/${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get("content-type") ?? "", /text\/html/);
      assert.match(res.text, new RegExp(`<html lang="${lang}">`));
      assert.equal((res.text.match(/<h1>/g) ?? []).length, 1);
      assert.doesNotMatch(res.text, /<script/i);
      assert.match(res.text, /href="\/public\/en" hreflang="en" lang="en"/);
    }
    const root = await anon.get("/public");
    assert.equal(root.status, 200);
    assert.match(root.text, /<html lang="ja">/);
    assert.match(root.text, /カスタマーハラスメント対策について/);
    assert.equal((await anon.get("/public/xx")).status, 404);
    const css = await anon.get("/public/assets/public.css");
    assert.match(css.headers.get("content-type") ?? "", /text\/css/);
    assert.match(css.text, /@media print/);
  });

  test("central edits the organisation and the alias path; the alias follows without a restart", async () => {
    const anon = srv.client();
    assert.equal((await anon.get("/kasuhara")).status, 200, "the default alias");
    const res = await central.patch("/api/public-notice/settings", {
      organisation: { ja: { name: "仙台市", department: "総務局行政経営課", hours: "平日 8時30分〜17時" }, en: { name: "Sendai City" } },
      phone: "022-214-1207",
      slug: "customer-harassment",
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.body.slug, "customer-harassment");
    const page = await anon.get("/customer-harassment");
    assert.equal(page.status, 200);
    assert.match(page.text, /仙台市/);
    assert.match(page.text, /href="tel:0222141207"/);
    assert.match(page.text, /href="\/customer-harassment\/en"/);
    assert.match((await anon.get("/customer-harassment/en")).text, /Sendai City/);
    assert.equal((await anon.get("/kasuhara")).status, 404, "the old path is gone");
    for (const slug of ["api", "public", "Bad Slug", "../x"]) {
      const bad = await central.patch("/api/public-notice/settings", { slug });
      assert.equal(bad.status, 422, `${slug}: ${bad.text}`);
      assert.match(bad.body.error.code, /^slug_/);
    }
    const audit = await srv.database.db.selectFrom("audit_log").selectAll().where("action", "=", "public_notice.settings.update").execute();
    assert.equal(audit.length, 1, "refused edits write nothing");
    assert.match(String(audit[0]?.details.beforeHash), /^[0-9a-f]{64}$/);
    assert.notEqual(audit[0]?.details.beforeHash, audit[0]?.details.afterHash);
  });

  test("sections: central publishes sanitised Markdown; empty or script-only text is refused; reset restores the default", async () => {
    const anon = srv.client();
    const evil = "## 新しい見出し\n\n安全な本文<script>alert(1)</script> [x](javascript:alert(2)) <a href=\"https://example.jp\" onclick=\"alert(3)\">市</a>";
    const put = await central.request("PUT", "/api/public-notice/sections/en/recording", { markdown: evil });
    assert.equal(put.status, 200, put.text);
    assert.equal(put.body.overridden, true);
    const page = await anon.get("/public/en");
    assert.match(page.text, /<h3>新しい見出し<\/h3>/);
    assert.doesNotMatch(page.text, /alert|javascript:|onclick/);
    const empty = await central.request("PUT", "/api/public-notice/sections/en/recording", { markdown: "<script>alert(1)</script>" });
    assert.equal(empty.status, 422);
    assert.equal(empty.body.error.code, "section_empty");
    assert.match((await anon.get("/public/en")).text, /新しい見出し/, "the refused edit published nothing");
    const preview = await central.post("/api/public-notice/preview", { markdown: "**a**<iframe src=x></iframe>" });
    assert.deepEqual(preview.body, { html: "<p><strong>a</strong></p>" });
    const list = await central.get("/api/public-notice/sections/zh-Hans");
    assert.equal(list.body.sections.length, 6);
    assert.equal((await central.request("PUT", "/api/public-notice/sections/en/unknown", { markdown: "x" })).status, 400);
    const reset = await central.delete("/api/public-notice/sections/en/recording");
    assert.equal(reset.body.overridden, false);
    assert.doesNotMatch((await anon.get("/public/en")).text, /新しい見出し/);
    const rows = await srv.database.db.selectFrom("audit_log").select(["action", "details"]).where("resource_type", "=", "public_notice_section").execute();
    assert.deepEqual(
      rows.map((r) => r.action),
      ["public_notice.section.update", "public_notice.section.reset"],
    );
  });

  test("logo: PNG accepted and shown; SVG, text, huge and absurd images refused with nothing stored", async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>').toString("base64");
    for (const [data, code] of [
      [svg, "logo_not_image"],
      [Buffer.from("not an image at all").toString("base64"), "logo_not_image"],
      ["@@@", "logo_not_image"],
      [pngBytes(5000, 10).toString("base64"), "logo_dimensions"],
    ] as const) {
      const r = await central.request("PUT", "/api/public-notice/logo", { dataBase64: data });
      assert.equal(r.status, 422, r.text);
      assert.equal(r.body.error.code, code);
    }
    const huge = await central.request("PUT", "/api/public-notice/logo", { dataBase64: "A".repeat(1_500_000) });
    assert.equal(huge.status, 413);
    assert.equal((await central.get("/api/public-notice/settings")).body.logo, null, "nothing stored");
    const ok = await central.request("PUT", "/api/public-notice/logo", { dataBase64: `data:image/png;base64,${pngBytes(32, 16).toString("base64")}` });
    assert.equal(ok.status, 200, ok.text);
    assert.deepEqual(ok.body.logo, { mime: "image/png", width: 32, height: 16 });
    const img = await srv.client().get("/public/assets/logo");
    assert.equal(img.headers.get("content-type"), "image/png");
    assert.match((await srv.client().get("/public")).text, /<img src="\/public\/assets\/logo"/);
    const poster = await central.get("/api/posters/basic-stance.pdf?size=A4");
    assert.equal(poster.status, 200);
    assert.equal((await central.delete("/api/public-notice/logo")).body.logo, null);
  });

  test("posters: a PDF for allowed roles; unknown templates and sizes are refused", async () => {
    const staff = await srv.as("staff");
    const res = await fetch(`${srv.baseUrl}/api/posters/recording-notice.pdf?size=A3&bilingual=true`, { headers: { cookie: staff.cookie ?? "" } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/pdf");
    assert.equal(Buffer.from(await res.arrayBuffer()).subarray(0, 5).toString(), "%PDF-");
    assert.equal((await staff.get("/api/posters/other.pdf")).status, 400);
    assert.equal((await staff.get("/api/posters/basic-stance.pdf?size=B5")).status, 400);
    assert.equal((await (await srv.as("desk")).get("/api/posters/basic-stance.pdf")).status, 403);
  });
});

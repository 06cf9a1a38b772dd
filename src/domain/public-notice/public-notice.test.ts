import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_TEXTS, completeSettings, defaultSettings, effectiveSections } from "./defaults.ts";
import { PUBLIC_LANGUAGES, PUBLIC_LOCALES, SECTION_IDS } from "./languages.ts";
import { checkLogo } from "./logo.ts";
import { markdownToSafeHtml } from "./markdown.ts";
import { POSTER_TEMPLATES, POSTER_TEXTS } from "./poster-texts.ts";
import { checkSlug } from "./slug.ts";

test("every language has every section, in page order, with a heading and a body", () => {
  for (const locale of PUBLIC_LOCALES) {
    const texts = DEFAULT_TEXTS[locale];
    assert.deepEqual(
      texts.sections.map((s) => s.id),
      [...SECTION_IDS],
      locale,
    );
    for (const s of texts.sections) {
      assert.ok(s.heading.trim().length > 0 && s.markdown.trim().length > 0, `${locale}/${s.id}`);
      assert.equal(markdownToSafeHtml(s.markdown).includes("<"), true);
    }
    for (const [k, v] of Object.entries(texts.words)) assert.ok(v.trim().length > 0, `${locale} ${k}`);
  }
});

test("the defaults cover the seed's facts: five behaviour groups, police, recording", () => {
  const ja = DEFAULT_TEXTS.ja.sections;
  const behaviours = ja.find((s) => s.id === "behaviours")?.markdown ?? "";
  assert.equal((behaviours.match(/^### /gm) ?? []).length, 5);
  assert.match(ja.find((s) => s.id === "response")?.markdown ?? "", /警察/);
  assert.match(ja.find((s) => s.id === "recording")?.markdown ?? "", /録音/);
  assert.equal((DEFAULT_TEXTS.en.sections.find((s) => s.id === "behaviours")?.markdown.match(/^### /gm) ?? []).length, 5);
});

test("languages: easy Japanese is Japanese for lang attributes but its own locale and path", () => {
  const easy = PUBLIC_LANGUAGES.find((l) => l.locale === "ja-easy");
  assert.equal(easy?.htmlLang, "ja");
  assert.equal(easy?.path, "easy");
  assert.deepEqual(
    PUBLIC_LANGUAGES.map((l) => l.htmlLang),
    ["ja", "ja", "en", "zh-Hans", "ko"],
  );
});

test("overrides replace only the sections central edited", () => {
  const sections = effectiveSections("en", new Map([["recording", "We record."]]));
  assert.equal(sections.find((s) => s.id === "recording")?.markdown, "We record.");
  assert.equal(sections.find((s) => s.id === "stance")?.markdown, DEFAULT_TEXTS.en.sections[0]?.markdown);
});

test("settings: stored values win, missing languages fall back to defaults", () => {
  const s = completeSettings({ phone: "022-000-0000", organisation: { ja: { name: "仙台市", department: "総務局", address: "", hours: "" } } as never });
  assert.equal(s.organisation.ja.name, "仙台市");
  assert.equal(s.organisation.en.name, defaultSettings().organisation.en.name);
  assert.equal(s.slug, "kasuhara");
});

test("slugs: lower-case words only, never a path the system uses", () => {
  assert.equal(checkSlug("kasuhara"), null);
  assert.equal(checkSlug("customer-harassment-2026"), null);
  for (const bad of ["", "Kasuhara", "-x", "x-", "a/b", "../etc", "カスハラ", "a".repeat(41)]) assert.equal(checkSlug(bad), "slug_invalid", bad);
  for (const reserved of ["api", "public", "login", "assets", "audit"]) assert.equal(checkSlug(reserved), "slug_reserved");
});

function png(width: number, height: number): Uint8Array {
  const b = new Uint8Array(33);
  b.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
  const v = new DataView(b.buffer);
  v.setUint32(16, width);
  v.setUint32(20, height);
  return b;
}

test("logos: PNG and JPEG are recognised by their bytes; anything else, huge files and absurd sizes are refused", () => {
  assert.deepEqual(checkLogo(png(200, 100)), { ok: true, mime: "image/png", width: 200, height: 100 });
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 50, 0, 80, 3, 0, 0, 0]);
  assert.deepEqual(checkLogo(jpeg), { ok: true, mime: "image/jpeg", width: 80, height: 50 });
  const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
  assert.equal(checkLogo(svg).ok, false);
  assert.deepEqual(checkLogo(new TextEncoder().encode("GIF89a......")), { ok: false, problem: "logo_not_image" });
  assert.equal((checkLogo(png(100000, 100)) as { problem: string }).problem, "logo_dimensions");
  assert.equal((checkLogo(png(2, 2)) as { problem: string }).problem, "logo_dimensions");
  assert.equal((checkLogo(new Uint8Array(1024 * 1024 + 1)) as { problem: string }).problem, "logo_too_large");
});

test("every poster template has a Japanese and an English text", () => {
  for (const t of POSTER_TEMPLATES) {
    assert.ok(POSTER_TEXTS[t].ja.title && POSTER_TEXTS[t].ja.body.length > 0);
    assert.ok(POSTER_TEXTS[t].en.title && POSTER_TEXTS[t].en.body.length > 0);
  }
});

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { POSTER_SIZES, POSTER_TEMPLATES, POSTER_TEXTS } from "../../domain/public-notice/poster-texts.ts";
import { type PosterOrganisation, renderPoster } from "./posters.ts";

/** Every template × size × language option: rendered, read back with poppler, and checked for overflow. */
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mamoru-posters-"));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const organisation: PosterOrganisation = {
  nameJa: "仙台市",
  nameEn: "Sendai City",
  departmentJa: "総務局行政経営課",
  departmentEn: "Administrative Management Division, General Affairs Bureau",
  phone: "022-214-1207",
  hoursJa: "平日 8時30分〜17時",
  hoursEn: "Weekdays 8:30–17:00",
  logo: null,
};

/** pdftotext breaks lines where the poster wraps them: compare without whitespace. */
const squash = (s: string) => s.replace(/\s+/g, "");

for (const template of POSTER_TEMPLATES) {
  for (const size of POSTER_SIZES) {
    for (const bilingual of [false, true]) {
      test(`${template} ${size} ${bilingual ? "Japanese + English" : "Japanese"}`, async () => {
        const { pdf, layout } = await renderPoster({ template, size, bilingual, organisation });
        const file = path.join(dir, `${template}-${size}-${bilingual}.pdf`);
        fs.writeFileSync(file, pdf);

        const text = squash(execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"], { encoding: "utf8" }));
        const t = POSTER_TEXTS[template];
        assert.ok(text.includes(squash(t.ja.title)), "Japanese title");
        for (const line of t.ja.body) assert.ok(text.includes(squash(line)), `Japanese: ${line}`);
        assert.ok(text.includes("仙台市"), "organisation name");
        assert.ok(text.includes("022-214-1207"), "phone");
        if (bilingual) {
          assert.ok(text.includes(squash(t.en.title)), "English title");
          for (const line of t.en.body) assert.ok(text.includes(squash(line)), `English: ${line}`);
        } else {
          assert.ok(!text.includes(squash(t.en.title)), "no English on a Japanese-only poster");
        }

        const prefix = path.join(dir, `${template}-${size}-${bilingual}`);
        execFileSync("pdftoppm", ["-png", "-r", "30", file, prefix]);
        const pages = fs.readdirSync(dir).filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith(".png"));
        assert.equal(pages.length, 1, "exactly one page");

        const fonts = execFileSync("pdffonts", [file], { encoding: "utf8" });
        const embedded = fonts.split("\n").filter((l) => /BIZUDPGothic/.test(l));
        assert.ok(embedded.length > 0, fonts);
        for (const l of embedded) assert.match(l, /\byes\s+yes\s+yes\b/, `embedded subset: ${l}`);

        assert.ok(layout.boxes.length >= 5);
        for (const b of layout.boxes) {
          assert.ok(b.x >= layout.margin - 0.01 && b.y >= layout.margin - 0.01, `${b.label} starts inside the margins`);
          assert.ok(b.x + b.width <= layout.pageWidth - layout.margin + 0.01, `${b.label} fits horizontally`);
          assert.ok(b.y + b.height <= layout.pageHeight - layout.margin + 0.01, `${b.label} fits vertically`);
        }
        const sorted = [...layout.boxes].sort((a, b) => a.y - b.y);
        for (let i = 1; i < sorted.length; i++) {
          const prev = sorted[i - 1] as (typeof sorted)[number];
          const cur = sorted[i] as (typeof sorted)[number];
          assert.ok(cur.y >= prev.y + prev.height - 0.01, `${cur.label} does not overlap ${prev.label}`);
        }
      });
    }
  }
}

test("a very long organisation name and contact shrink the poster instead of overflowing", async () => {
  const long = { ...organisation, nameJa: "長い名前の市役所".repeat(12), departmentJa: "とても長い担当部署名".repeat(10), hoursJa: "平日".repeat(40) };
  const { layout } = await renderPoster({ template: "ending-response", size: "A4", bilingual: true, organisation: long });
  assert.ok(layout.scale < 1, "scaled down");
  for (const b of layout.boxes) assert.ok(b.y + b.height <= layout.pageHeight - layout.margin + 0.01, b.label);
});

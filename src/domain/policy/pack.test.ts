import assert from "node:assert/strict";
import { test } from "node:test";
import { DEFAULT_POLICY_PACK } from "./default-pack.ts";
import { POLICY_SECTION_IDS, acknowledgementRates, diffPacks, emptySections, normalisePack } from "./pack.ts";
import { markdownToSafeHtml } from "../public-notice/markdown.ts";

test("the default pack has every section, none empty, and covers the five groups and the three axes", () => {
  assert.deepEqual(DEFAULT_POLICY_PACK.map((s) => s.id), [...POLICY_SECTION_IDS]);
  assert.deepEqual(emptySections(DEFAULT_POLICY_PACK), []);
  const definition = DEFAULT_POLICY_PACK.find((s) => s.id === "definition")?.markdown ?? "";
  for (const axis of ["要求内容の妥当性", "手段・態様の相当性", "就業環境への影響", "合理的配慮"]) assert.ok(definition.includes(axis), axis);
});

test("a section that is blank or only script is empty: publishing must refuse it", () => {
  const pack = DEFAULT_POLICY_PACK.map((s) => (s.id === "measures" ? { ...s, markdown: "   " } : s.id === "contact" ? { ...s, markdown: "<script>alert(1)</script>" } : s));
  assert.deepEqual(emptySections(pack), ["measures", "contact"]);
  assert.deepEqual(emptySections(DEFAULT_POLICY_PACK.map((s) => (s.id === "stance" ? { ...s, title: " " } : s))), ["stance"]);
});

test("policy Markdown goes through the public page's sanitiser: scripts and javascript: links are removed", () => {
  const html = markdownToSafeHtml('本文<script>alert("x")</script> [相談](javascript:alert(1)) [窓口](https://example.jp) <img src=x onerror=alert(1)>');
  assert.ok(!/script|javascript:|onerror|<img/i.test(html), html);
  assert.ok(html.includes('href="https://example.jp"'));
});

test("the diff names the sections that changed and the lines added and removed", () => {
  const after = DEFAULT_POLICY_PACK.map((s) => (s.id === "contact" ? { ...s, markdown: `${s.markdown}\n\n- 夜間の緊急連絡: 守衛室` } : s));
  const diff = diffPacks(DEFAULT_POLICY_PACK, after);
  assert.deepEqual(diff.filter((d) => d.change === "changed").map((d) => d.id), ["contact"]);
  const contact = diff.find((d) => d.id === "contact");
  assert.ok(contact?.parts.some((p) => p.kind === "added" && p.text.includes("守衛室")));
  assert.ok(!contact?.parts.some((p) => p.kind === "removed" && p.text.includes("相談窓口")));
});

test("normalising keeps canonical order and fills missing sections", () => {
  const out = normalisePack([{ id: "contact", title: "窓口", markdown: "x" }], DEFAULT_POLICY_PACK);
  assert.equal(out.length, POLICY_SECTION_IDS.length);
  assert.equal(out.at(-1)?.title, "窓口");
  assert.equal(out[0]?.title, "基本姿勢");
});

test("acknowledgement rates per department and in total", () => {
  const r = acknowledgementRates([
    { departmentId: "a", staffCount: 4, acknowledged: 3 },
    { departmentId: "b", staffCount: 2, acknowledged: 0 },
    { departmentId: "c", staffCount: 0, acknowledged: 0 },
  ]);
  assert.deepEqual(r.departments.map((d) => [d.departmentId, d.rate]), [["b", 0], ["a", 75], ["c", null]]);
  assert.deepEqual(r.total, { departmentId: null, staffCount: 6, acknowledged: 3, rate: 50 });
});

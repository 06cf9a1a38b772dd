import assert from "node:assert/strict";
import { test } from "node:test";
import { markdownToPlainText, markdownToSafeHtml } from "./markdown.ts";

test("ordinary Markdown keeps headings, lists, emphasis and safe links", () => {
  const html = markdownToSafeHtml("## 例\n\n- **強調** と *斜体*\n- [市](https://example.jp) [電話](tel:0222141207) [メール](mailto:a@example.jp)\n\n本文");
  assert.match(html, /<h3>例<\/h3>/);
  assert.match(html, /<ul>\s*<li><strong>強調<\/strong> と <em>斜体<\/em><\/li>/);
  assert.match(html, /<a href="https:\/\/example.jp">市<\/a>/);
  assert.match(html, /<a href="tel:0222141207">/);
  assert.match(html, /<a href="mailto:a@example.jp">/);
  assert.match(html, /<p>本文<\/p>/);
});

test("script, style and iframe elements are removed with their content", () => {
  const html = markdownToSafeHtml("前<script>alert(1)</script>\n\n<style>body{display:none}</style>\n\n<iframe src=\"https://evil.example\">x</iframe>後");
  assert.doesNotMatch(html, /script|alert|style|display|iframe|evil/i);
  assert.match(html, /前/);
  assert.match(html, /後/);
});

test("javascript: and data: links lose their href; event handler attributes are dropped", () => {
  const cases = [
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)" onclick="alert(2)">click</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<img src="x" onerror="alert(1)">',
    "![img](https://example.jp/x.png)",
    "[rel](//evil.example/x)",
  ];
  for (const md of cases) {
    const html = markdownToSafeHtml(md);
    assert.doesNotMatch(html, /javascript:|data:|on\w+=|<img|alert\(2\)|evil/i, `${md} → ${html}`);
  }
});

test("top-level headings are demoted so the page keeps one h1", () => {
  const html = markdownToSafeHtml("# 大見出し\n\n###### 小見出し");
  assert.doesNotMatch(html, /<h1|<h2|<h5|<h6/);
  assert.match(html, /<h3>大見出し<\/h3>/);
  assert.match(html, /<h4>小見出し<\/h4>/);
});

test("plain text drops markup and keeps the words", () => {
  assert.equal(markdownToPlainText("**強調**<script>x</script> & [リンク](https://a.jp)"), "強調 & リンク");
});

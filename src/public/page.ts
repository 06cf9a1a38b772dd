import type { OrganisationDetails } from "../domain/public-notice/defaults.ts";
import { PUBLIC_LANGUAGES, type PageWords, type PublicLanguage } from "../domain/public-notice/languages.ts";

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] as string);
}

export interface PageInput {
  language: PublicLanguage;
  /** The path the page lives under: "/public", or the organisation's own path such as "/kasuhara". */
  base: string;
  words: PageWords;
  organisation: OrganisationDetails;
  phone: string;
  hasLogo: boolean;
  /** Section HTML is already sanitised (markdownToSafeHtml); headings are escaped here. */
  sections: ReadonlyArray<{ id: string; heading: string; html: string }>;
}

/** The public page: no script at all, one h1, landmarks, a skip link and a language switcher. */
export function renderPublicPage(p: PageInput): string {
  const e = escapeHtml;
  const orgName = p.organisation.name;
  const languageLinks = PUBLIC_LANGUAGES.map((l) => {
    const current = l.locale === p.language.locale ? ' aria-current="page"' : "";
    return `<li><a href="${e(`${p.base}/${l.path}`)}" hreflang="${e(l.htmlLang)}" lang="${e(l.htmlLang)}"${current}>${e(l.label)}</a></li>`;
  }).join("");
  const alternates = PUBLIC_LANGUAGES.filter((l) => l.locale !== "ja-easy")
    .map((l) => `<link rel="alternate" hreflang="${e(l.htmlLang)}" href="${e(`${p.base}/${l.path}`)}">`)
    .join("\n");
  const contents = p.sections.map((s) => `<li><a href="#${e(s.id)}">${e(s.heading)}</a></li>`).join("");
  const sections = p.sections
    .map((s) => {
      const contact = s.id === "contact" ? contactList(p) : "";
      return `<section id="${e(s.id)}" aria-labelledby="${e(s.id)}-heading">
<h2 id="${e(s.id)}-heading">${e(s.heading)}</h2>
${s.html}
${contact}</section>`;
    })
    .join("\n");
  const logo = p.hasLogo ? `<img src="/public/assets/logo" alt="" width="48" height="48">` : "";
  return `<!doctype html>
<html lang="${e(p.language.htmlLang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(p.words.title)}|${e(orgName)}</title>
<link rel="stylesheet" href="/public/assets/public.css">
${alternates}
</head>
<body>
<a class="skip-link" href="#main">${e(p.words.skipLink)}</a>
<header class="site-header">
<div class="wrap">
<p class="organisation">${logo}<span>${e(orgName)}</span></p>
<nav aria-label="${e(p.words.languageNav)}">
<ul class="languages">${languageLinks}</ul>
</nav>
</div>
</header>
<main id="main" tabindex="-1">
<div class="wrap">
<h1>${e(p.words.title)}</h1>
<p class="lead">${e(p.words.lead)}</p>
<nav class="contents" aria-labelledby="contents-heading">
<h2 id="contents-heading">${e(p.words.contentsNav)}</h2>
<ul>${contents}</ul>
</nav>
${sections}
</div>
</main>
<footer class="site-footer">
<div class="wrap">
<p>${e(p.words.footer)}</p>
<p>© ${e(orgName)}</p>
</div>
</footer>
</body>
</html>
`;
}

function contactList(p: PageInput): string {
  const e = escapeHtml;
  const o = p.organisation;
  const rows: Array<[string, string]> = [];
  if (o.department) rows.push([p.words.department, e(o.department)]);
  if (o.address) rows.push([p.words.address, e(o.address)]);
  if (p.phone) rows.push([p.words.phone, `<a href="tel:${e(p.phone.replace(/[^0-9+]/g, ""))}">${e(p.phone)}</a>`]);
  if (o.hours) rows.push([p.words.hours, e(o.hours)]);
  if (rows.length === 0) return "";
  return `<h3>${e(p.words.contactHeading)}</h3>
<dl class="contact">${rows.map(([k, v]) => `<dt>${e(k)}</dt><dd>${v}</dd>`).join("")}</dl>
`;
}

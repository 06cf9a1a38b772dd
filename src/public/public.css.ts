/**
 * The public page's stylesheet, served from /public/assets/public.css. High contrast (text at least
 * 12:1, links 7:1), a visible focus ring on everything focusable, text that reflows at 320 px and at
 * 200% zoom, and a print layout without navigation that prints link targets.
 */
export const PUBLIC_CSS = `
:root { color-scheme: light; --ink: #1a1a1a; --muted: #3d3d3d; --link: #0b4ea2; --visited: #5a2d82; --rule: #6b6b6b; --band: #f3f5f8; --focus: #ffd400; }
*, *::before, *::after { box-sizing: border-box; }
html { font-size: 100%; -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff; font-family: "BIZ UDPGothic", "BIZ UDゴシック", "Hiragino Sans", "Yu Gothic", "Noto Sans JP", "Noto Sans CJK SC", "Noto Sans KR", "Malgun Gothic", system-ui, sans-serif; font-size: 1.0625rem; line-height: 1.8; }
.wrap { max-width: 48rem; margin: 0 auto; padding: 0 1.25rem; }
a { color: var(--link); text-decoration: underline; text-underline-offset: 0.2em; }
a:visited { color: var(--visited); }
a:hover { text-decoration-thickness: 0.15em; }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; background-color: var(--focus); color: var(--ink); }
.skip-link { position: absolute; left: 0.5rem; top: -4rem; z-index: 10; padding: 0.5rem 1rem; background: var(--focus); color: var(--ink); font-weight: bold; }
.skip-link:focus, .skip-link:focus-visible { top: 0.5rem; }
.site-header { border-bottom: 4px solid var(--ink); background: var(--band); }
.site-header .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.75rem 1.5rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.organisation { display: flex; align-items: center; gap: 0.75rem; margin: 0; font-weight: bold; font-size: 1.125rem; }
.organisation img { max-height: 3rem; width: auto; }
.languages { display: flex; flex-wrap: wrap; gap: 0.25rem 0.5rem; margin: 0; padding: 0; list-style: none; }
.languages a { display: inline-block; min-height: 44px; padding: 0.5rem 0.75rem; border: 1px solid var(--rule); border-radius: 4px; background: #fff; line-height: 1.6; }
.languages a[aria-current="page"] { border: 2px solid var(--ink); color: var(--ink); font-weight: bold; text-decoration: none; }
main { display: block; padding: 1.5rem 0 2.5rem; }
main:focus { outline: none; }
h1 { font-size: 1.75rem; line-height: 1.4; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.375rem; line-height: 1.5; margin: 2.5rem 0 0.75rem; padding-bottom: 0.25rem; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.125rem; margin: 1.5rem 0 0.5rem; }
h4 { font-size: 1.0625rem; margin: 1.25rem 0 0.5rem; }
.lead { font-size: 1.125rem; }
.contents { margin: 1.5rem 0; padding: 1rem 1.25rem; border-left: 4px solid var(--rule); background: var(--band); }
.contents h2 { margin: 0 0 0.5rem; border: 0; font-size: 1.0625rem; }
.contents ul { margin: 0; padding-left: 1.25rem; }
li { margin: 0.25rem 0; }
dl.contact { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; margin: 1rem 0; }
dl.contact dt { font-weight: bold; }
dl.contact dd { margin: 0; }
.site-footer { border-top: 1px solid var(--rule); background: var(--band); padding: 1rem 0 2rem; color: var(--muted); font-size: 0.9375rem; }
@media (max-width: 30rem) { dl.contact { grid-template-columns: 1fr; } dl.contact dd { margin-bottom: 0.5rem; } }
@media (forced-colors: active) { :focus-visible { outline: 3px solid CanvasText; } .languages a[aria-current="page"] { border-color: CanvasText; } }
@media (prefers-reduced-motion: reduce) { * { transition: none !important; animation: none !important; } }
@media print {
  @page { margin: 15mm; }
  body { font-size: 11pt; line-height: 1.6; color: #000; background: #fff; }
  .skip-link, .site-header nav, .contents { display: none !important; }
  .site-header, .site-footer, .contents { background: none; border-color: #000; }
  .wrap { max-width: none; padding: 0; }
  a, a:visited { color: #000; }
  main a[href^="http"]::after, main a[href^="mailto:"]::after, main a[href^="tel:"]::after { content: " (" attr(href) ")"; font-size: 90%; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  section, li, dl { break-inside: avoid; page-break-inside: avoid; }
}
`;

import { Marked } from "marked";
import sanitizeHtml from "sanitize-html";

/**
 * Markdown to HTML that is safe to put on the public page: only headings, paragraphs, lists,
 * emphasis, line breaks and links to http(s), mailto and tel. Scripts, styles, frames, event
 * handler attributes, images and javascript:/data: URLs are removed. Headings inside a section
 * become h3/h4 so the page keeps one h1 and section h2s.
 */
const marked = new Marked({ async: false, gfm: true, breaks: false });

const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: ["h3", "h4", "p", "ul", "ol", "li", "strong", "em", "a", "br"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesByTag: {},
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template"],
  transformTags: {
    h1: "h3",
    h2: "h3",
    h5: "h4",
    h6: "h4",
    b: "strong",
    i: "em",
  },
  exclusiveFilter: (frame) => frame.tag === "a" && !frame.attribs.href && !frame.text.trim(),
};

export function markdownToSafeHtml(markdown: string): string {
  const raw = marked.parse(markdown) as string;
  return sanitizeHtml(raw, SANITIZE).trim();
}

/** Plain text of a Markdown body (for PDFs and previews that cannot show markup). */
export function markdownToPlainText(markdown: string): string {
  const html = markdownToSafeHtml(markdown)
    .replace(/<\/(p|h3|h4|li)>/g, "\n")
    .replace(/<br\s*\/?>/g, "\n");
  return sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

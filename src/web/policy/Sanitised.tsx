/**
 * HTML the server produced from Markdown with the public page's sanitiser (scripts, event
 * handlers and javascript: links removed). Only that HTML is ever given to this component.
 */
export function Sanitised({ html, className }: { html: string; className?: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: server-sanitised with sanitize-html (src/domain/public-notice/markdown.ts)
  return <div className={`policy-text ${className ?? ""}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

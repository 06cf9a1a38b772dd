import PDFDocument from "pdfkit";
import { POSTER_TEXTS, type PosterSize, type PosterTemplate } from "../../domain/public-notice/poster-texts.ts";
import { A4, japaneseDocument } from "../platform/pdf.ts";

/**
 * Posters as PDF: A4 or A3 portrait, Japanese or Japanese + English, set in BIZ UDPGothic (a
 * universal-design font, embedded as a subset). The layout measures every text block and scales
 * the whole poster down until it fits inside the margins, and reports the boxes it drew.
 */

/** Points (1/72 inch), portrait. */
export const PAGE_SIZES: Readonly<Record<PosterSize, { width: number; height: number }>> = {
  A4,
  A3: { width: 841.89, height: 1190.55 },
};

export interface PosterOrganisation {
  nameJa: string;
  nameEn: string;
  departmentJa: string;
  departmentEn: string;
  phone: string;
  hoursJa: string;
  hoursEn: string;
  logo: { bytes: Buffer; width: number; height: number } | null;
}

export interface PosterRequest {
  template: PosterTemplate;
  size: PosterSize;
  bilingual: boolean;
  organisation: PosterOrganisation;
}

export interface Box {
  label: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PosterLayout {
  pageWidth: number;
  pageHeight: number;
  margin: number;
  scale: number;
  boxes: Box[];
}

interface Block {
  label: string;
  text: string;
  font: "regular" | "bold";
  /** Font size as a fraction of the page width, before scaling. */
  size: number;
  align: "left" | "center";
  color: string;
  /** Space after the block as a fraction of the page width, before scaling. */
  gapAfter: number;
}

const ACCENT: Record<PosterTemplate, string> = { "basic-stance": "#1d4f91", "recording-notice": "#1f5f3a", "ending-response": "#a0001c" };
const INK = "#111111";

function blocksFor(req: PosterRequest): { main: Block[]; footer: Block[]; header: Block } {
  const t = POSTER_TEXTS[req.template];
  const org = req.organisation;
  const color = ACCENT[req.template];
  const main: Block[] = [{ label: "title-ja", text: t.ja.title, font: "bold", size: 0.085, align: "center", color, gapAfter: req.bilingual ? 0.012 : 0.05 }];
  if (req.bilingual) main.push({ label: "title-en", text: t.en.title, font: "bold", size: 0.042, align: "center", color, gapAfter: 0.05 });
  t.ja.body.forEach((line, i) => {
    main.push({ label: `body-ja-${i + 1}`, text: line, font: "regular", size: 0.036, align: "left", color: INK, gapAfter: req.bilingual ? 0.008 : 0.03 });
    const en = t.en.body[i];
    if (req.bilingual && en) main.push({ label: `body-en-${i + 1}`, text: en, font: "regular", size: 0.026, align: "left", color: "#333333", gapAfter: 0.03 });
  });
  const name = req.bilingual && org.nameEn ? `${org.nameJa}  ${org.nameEn}` : org.nameJa;
  const header: Block = { label: "organisation", text: name, font: "bold", size: 0.034, align: "left", color: INK, gapAfter: 0 };
  const contactJa = [org.departmentJa, org.phone && `電話 ${org.phone}`, org.hoursJa].filter(Boolean).join("  ");
  const contactEn = [org.departmentEn, org.phone && `Tel. ${org.phone}`, org.hoursEn].filter(Boolean).join("  ");
  const footer: Block[] = [];
  if (contactJa)
    footer.push({ label: "contact-ja", text: `お問い合わせ:${contactJa}`, font: "regular", size: 0.026, align: "left", color: INK, gapAfter: 0.006 });
  if (req.bilingual && contactEn)
    footer.push({ label: "contact-en", text: `Contact: ${contactEn}`, font: "regular", size: 0.022, align: "left", color: INK, gapAfter: 0 });
  return { main, footer, header };
}

export async function renderPoster(req: PosterRequest): Promise<{ pdf: Buffer; layout: PosterLayout }> {
  const page = PAGE_SIZES[req.size];
  const margin = Math.round(page.width * 0.08);
  const contentWidth = page.width - 2 * margin;
  const t = POSTER_TEXTS[req.template];
  const { doc, finish } = japaneseDocument({
    size: [page.width, page.height],
    // pdfkit must never start a second page on its own: the layout below keeps inside `margin` itself.
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    autoFirstPage: true,
    info: { Title: req.bilingual ? `${t.ja.title} / ${t.en.title}` : t.ja.title, Author: req.organisation.nameJa, Subject: "カスタマーハラスメント対策" },
  });

  const { main, footer, header } = blocksFor(req);
  const logo = req.organisation.logo;
  const measure = (b: Block, scale: number, width: number) => {
    doc.font(b.font).fontSize(b.size * page.width * scale);
    return doc.heightOfString(b.text, { width, lineGap: b.size * page.width * scale * 0.25, align: b.align });
  };

  // Header: logo (at most 30% of the width, 8% of the page width high) with the organisation name beside it.
  const layoutFor = (scale: number) => {
    const logoHeight = logo ? page.width * 0.08 * scale : 0;
    const logoWidth = logo ? Math.min(contentWidth * 0.3, (logoHeight * logo.width) / logo.height) : 0;
    const nameWidth = contentWidth - (logo ? logoWidth + page.width * 0.03 : 0);
    const nameHeight = header.text ? measure(header, scale, nameWidth) : 0;
    const headerHeight = Math.max(logo ? (logoWidth * logo.height) / logo.width : 0, nameHeight);
    const mainHeights = main.map((b) => measure(b, scale, contentWidth));
    const footerHeights = footer.map((b) => measure(b, scale, contentWidth));
    const gaps = (list: Block[]) => list.reduce((sum, b) => sum + b.gapAfter * page.width * scale, 0);
    const ruleGap = page.width * 0.05 * scale;
    const total =
      headerHeight + 2 * ruleGap + mainHeights.reduce((a, b) => a + b, 0) + gaps(main) + footerHeights.reduce((a, b) => a + b, 0) + gaps(footer) + ruleGap;
    return { logoHeight, logoWidth, nameWidth, nameHeight, headerHeight, mainHeights, footerHeights, ruleGap, total };
  };

  let scale = 1;
  let l = layoutFor(scale);
  for (let i = 0; i < 60 && l.total > page.height - 2 * margin; i++) {
    scale *= 0.95;
    l = layoutFor(scale);
  }

  const boxes: Box[] = [];
  let y = margin;
  if (logo) {
    const h = (l.logoWidth * logo.height) / logo.width;
    doc.image(logo.bytes, margin, y, { width: l.logoWidth, height: h });
    boxes.push({ label: "logo", x: margin, y, width: l.logoWidth, height: h });
  }
  const nameX = margin + (logo ? l.logoWidth + page.width * 0.03 : 0);
  draw(header, nameX, y + (l.headerHeight - l.nameHeight) / 2, l.nameWidth, l.nameHeight);
  y += l.headerHeight + l.ruleGap;
  doc
    .moveTo(margin, y)
    .lineTo(page.width - margin, y)
    .lineWidth(Math.max(2, page.width * 0.006))
    .strokeColor(ACCENT[req.template])
    .stroke();
  y += l.ruleGap;
  main.forEach((b, i) => {
    const h = l.mainHeights[i] as number;
    draw(b, margin, y, contentWidth, h);
    y += h + b.gapAfter * page.width * scale;
  });
  // The contact block sits at the bottom margin.
  const footerTotal = l.footerHeights.reduce((a, b) => a + b, 0) + footer.reduce((s, b) => s + b.gapAfter * page.width * scale, 0);
  let fy = page.height - margin - footerTotal;
  footer.forEach((b, i) => {
    const h = l.footerHeights[i] as number;
    draw(b, margin, fy, contentWidth, h);
    fy += h + b.gapAfter * page.width * scale;
  });

  function draw(b: Block, x: number, top: number, width: number, height: number) {
    if (!b.text) return;
    const size = b.size * page.width * scale;
    doc.font(b.font).fontSize(size).fillColor(b.color);
    doc.text(b.text, x, top, { width, lineGap: size * 0.25, align: b.align });
    boxes.push({ label: b.label, x, y: top, width, height });
  }

  const pdf = await finish();
  return { pdf, layout: { pageWidth: page.width, pageHeight: page.height, margin, scale, boxes } };
}

/** Whether pdfkit can place these image bytes (checked before a logo is stored). */
export function pdfCanEmbed(bytes: Buffer): boolean {
  try {
    const doc = new PDFDocument({ autoFirstPage: false });
    (doc as unknown as { openImage(src: Buffer): unknown }).openImage(bytes);
    return true;
  } catch {
    return false;
  }
}

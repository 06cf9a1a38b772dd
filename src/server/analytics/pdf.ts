import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/** A4 PDF documents set in BIZ UDPGothic (embedded as a subset), as the posters are. */
const require = createRequire(import.meta.url);
const FONT_REGULAR = require.resolve("@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf");
const FONT_BOLD = require.resolve("@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf");

export const A4 = { width: 595.28, height: 841.89 };
export const MARGIN = 50;

export function newDocument(info: { title: string; author: string; subject?: string }) {
  const doc = new PDFDocument({ size: "A4", margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, lang: "ja-JP", displayTitle: true, info: { Title: info.title, Author: info.author, Subject: info.subject ?? "" }, bufferPages: true });
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  doc.font("regular");
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return {
    doc,
    /** Numbers the pages ("n / N") and returns the bytes. */
    finish: async (): Promise<Buffer> => {
      const range = doc.bufferedPageRange();
      for (let i = range.start; i < range.start + range.count; i++) {
        doc.switchToPage(i);
        doc.font("regular").fontSize(8).fillColor("#555555");
        doc.text(`${i + 1} / ${range.count}`, MARGIN, A4.height - MARGIN + 18, { width: A4.width - 2 * MARGIN, align: "center", lineBreak: false });
      }
      doc.end();
      return ended;
    },
  };
}

type Doc = PDFKit.PDFDocument;
const CONTENT = A4.width - 2 * MARGIN;

/** Starts a new page when fewer than `need` points remain. */
export function ensureSpace(doc: Doc, need: number) {
  if (doc.y + need > A4.height - MARGIN) doc.addPage();
}

export function heading(doc: Doc, text: string) {
  ensureSpace(doc, 40);
  doc.moveDown(0.6).font("bold").fontSize(13).fillColor("#1d4f91").text(text, MARGIN, doc.y, { width: CONTENT });
  doc.moveDown(0.3).font("regular").fillColor("#111111");
}

/** A table with a header row; numbers right-aligned. */
export function table(doc: Doc, header: string[], rows: (string | number)[][], widths?: number[]) {
  const w = widths ?? header.map(() => CONTENT / header.length);
  const rowHeight = 16;
  const drawRow = (cells: (string | number)[], bold: boolean) => {
    ensureSpace(doc, rowHeight + 2);
    const y = doc.y;
    let x = MARGIN;
    doc.font(bold ? "bold" : "regular").fontSize(9).fillColor("#111111");
    cells.forEach((c, i) => {
      const width = w[i] as number;
      doc.text(String(c), x + 3, y + 3, { width: width - 6, height: rowHeight - 2, align: typeof c === "number" ? "right" : "left", lineBreak: false, ellipsis: true });
      x += width;
    });
    doc
      .moveTo(MARGIN, y + rowHeight)
      .lineTo(MARGIN + w.reduce((a, b) => a + b, 0), y + rowHeight)
      .lineWidth(bold ? 0.8 : 0.3)
      .strokeColor("#888888")
      .stroke();
    doc.x = MARGIN;
    doc.y = y + rowHeight + 1;
  };
  drawRow(header, true);
  for (const r of rows) drawRow(r, false);
  doc.moveDown(0.4);
}

/** A vertical bar chart drawn with vector shapes: one or two series, labelled axes, a legend. */
export function barChart(doc: Doc, opts: { labels: string[]; series: { name: string; color: string; values: number[] }[]; height?: number; emptyText: string }) {
  const height = opts.height ?? 150;
  ensureSpace(doc, height + 50);
  const top = doc.y + 6;
  const left = MARGIN + 30;
  const width = CONTENT - 30;
  const max = Math.max(0, ...opts.series.flatMap((s) => s.values));
  doc.lineWidth(0.5).strokeColor("#555555").moveTo(left, top).lineTo(left, top + height).lineTo(left + width, top + height).stroke();
  if (max === 0) {
    doc.font("regular").fontSize(10).fillColor("#555555").text(opts.emptyText, left, top + height / 2 - 6, { width, align: "center" });
  } else {
    const step = niceStep(max);
    const top2 = Math.ceil(max / step) * step;
    doc.font("regular").fontSize(7).fillColor("#555555");
    for (let v = 0; v <= top2; v += step) {
      const y = top + height - (v / top2) * height;
      doc.text(String(v), MARGIN - 2, y - 4, { width: 28, align: "right", lineBreak: false });
      if (v > 0) doc.moveTo(left, y).lineTo(left + width, y).lineWidth(0.2).strokeColor("#cccccc").stroke();
    }
    const slot = width / opts.labels.length;
    const barW = Math.min(18, (slot * 0.8) / opts.series.length);
    opts.labels.forEach((_, i) => {
      opts.series.forEach((s, j) => {
        const v = s.values[i] ?? 0;
        const h = (v / top2) * height;
        const x = left + i * slot + (slot - barW * opts.series.length) / 2 + j * barW;
        if (h > 0) doc.rect(x, top + height - h, barW - 1, h).fillColor(s.color).fill();
      });
    });
  }
  const slot = width / opts.labels.length;
  doc.font("regular").fontSize(7).fillColor("#111111");
  opts.labels.forEach((l, i) => {
    doc.text(l, left + i * slot, top + height + 3, { width: slot, align: "center", lineBreak: false, ellipsis: true });
  });
  let lx = left;
  const ly = top + height + 16;
  for (const s of opts.series) {
    doc.rect(lx, ly + 1, 8, 8).fillColor(s.color).fill();
    doc.fillColor("#111111").fontSize(8).text(s.name, lx + 11, ly, { lineBreak: false });
    lx += 11 + doc.widthOfString(s.name) + 16;
  }
  doc.x = MARGIN;
  doc.y = ly + 16;
}

function niceStep(max: number): number {
  const raw = max / 5;
  const p = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (raw <= m * p) return Math.max(1, m * p);
  return Math.max(1, 10 * p);
}

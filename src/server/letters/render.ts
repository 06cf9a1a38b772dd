import { A4, MARGIN, newDocument } from "../analytics/pdf.ts";

export interface LetterLayout {
  title: string;
  body: string;
  issueDate: string;
  addressee: string;
  postalCode: string | null;
  postalAddress: string;
  organisation: string;
  contactLines: string[];
}

/** A one- or two-page A4 letter: addressee top left, date and sender top right, title, body, contact. */
export async function renderLetter(l: LetterLayout): Promise<Buffer> {
  const { doc, finish } = newDocument({ title: l.title, author: l.organisation, subject: l.title });
  const width = A4.width - 2 * MARGIN;
  doc.font("regular").fontSize(10.5).fillColor("#111111");
  doc.text(l.issueDate, MARGIN, MARGIN, { width, align: "right" });
  doc.moveDown(1);
  const top = doc.y;
  if (l.postalCode) doc.text(`〒${l.postalCode}`, MARGIN, top, { width: width * 0.6 });
  doc.text(l.postalAddress, { width: width * 0.6 });
  doc.moveDown(0.3).fontSize(13).text(`${l.addressee} 様`, { width: width * 0.6 });
  doc.fontSize(10.5).text(l.organisation, MARGIN + width * 0.55, doc.y + 6, { width: width * 0.45, align: "right" });
  doc.moveDown(2);
  doc.font("bold").fontSize(17).text(l.title, MARGIN, doc.y, { width, align: "center" });
  doc.moveDown(1.2);
  doc.font("regular").fontSize(11).text(l.body, MARGIN, doc.y, { width, lineGap: 4 });
  doc.moveDown(1.5);
  doc.fontSize(10).text("お問い合わせ先", { width });
  for (const line of l.contactLines) doc.text(line, { width });
  return finish();
}

import { createRequire } from "node:module";
import PDFDocument from "pdfkit";

/**
 * What every PDF Mamoru writes shares: pdfkit with BIZ UDPGothic (a universal-design Japanese
 * font, embedded as a subset) registered as "regular" and "bold", Japanese as the document
 * language, and the bytes collected into one Buffer when the document ends.
 */
const require = createRequire(import.meta.url);
export const FONT_REGULAR = require.resolve("@expo-google-fonts/biz-udpgothic/400Regular/BIZUDPGothic_400Regular.ttf");
export const FONT_BOLD = require.resolve("@expo-google-fonts/biz-udpgothic/700Bold/BIZUDPGothic_700Bold.ttf");

/** Points (1/72 inch), portrait. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export type PdfDocument = InstanceType<typeof PDFDocument>;
export type PdfOptions = NonNullable<ConstructorParameters<typeof PDFDocument>[0]>;

/** A document with the Japanese fonts registered; `finish()` ends it and resolves to the file's bytes. */
export function japaneseDocument(options: PdfOptions): { doc: PdfDocument; finish: () => Promise<Buffer> } {
  const doc = new PDFDocument({ lang: "ja-JP", displayTitle: true, ...options });
  doc.registerFont("regular", FONT_REGULAR);
  doc.registerFont("bold", FONT_BOLD);
  doc.font("regular");
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    doc.on("end", () => resolve());
    doc.on("error", reject);
  });
  return {
    doc,
    finish: async () => {
      doc.end();
      await ended;
      return Buffer.concat(chunks);
    },
  };
}

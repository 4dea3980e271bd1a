/**
 * Draws a certificate's printout (shared/domain/certificates/printout.ts) on one A4 page, portrait:
 * a double frame, the program's name and the certificate's title, the statement, the facts of the
 * record, the issuer and date where the seal goes, and the QR code to the verification page. Every
 * text is set in the one CJK font, embedded as a subset of the glyphs the page uses.
 */
import PDFDocument from 'pdfkit';
import type { CertificatePrintout } from '#shared/domain/certificates/printout';
import { certificateFont } from './font';
import { qrSymbol } from './qr-modules';

/** A4 in PDF points (1/72 inch). */
const PAGE = { width: 595.28, height: 841.89 } as const;
const INK = '#1f1f1f';
const MUTED = '#5a5a5a';
/** The red of seals and certificate frames. */
const RED = '#a31f1f';
/** Two characters' indent opens the statement, as Chinese paragraphs begin. */
const PARAGRAPH_INDENT = '\u3000\u3000';
/** Modules of white around the QR code, as the standard asks, so scanners find its edges. */
const QR_QUIET_ZONE = 4;
const QR_SIDE = 132;

function frame(doc: PDFKit.PDFDocument): void {
  doc.save();
  doc
    .lineWidth(3)
    .strokeColor(RED)
    .rect(28, 28, PAGE.width - 56, PAGE.height - 56)
    .stroke();
  doc
    .lineWidth(0.8)
    .rect(38, 38, PAGE.width - 76, PAGE.height - 76)
    .stroke();
  doc.restore();
}

function heading(doc: PDFKit.PDFDocument, printout: CertificatePrintout): void {
  doc.fillColor(INK).fontSize(20).text(printout.programme, 0, 112, { width: PAGE.width, align: 'center' });
  // One weight of the font is embedded: the title is made heavier by outlining its glyphs too.
  doc
    .save()
    .fillColor(RED)
    .strokeColor(RED)
    .lineWidth(0.9)
    .fontSize(36)
    .text(printout.title, 0, 152, {
      width: PAGE.width,
      align: 'center',
      characterSpacing: 10,
      fill: true,
      stroke: true,
    })
    .restore();
  doc
    .save()
    .lineWidth(1)
    .strokeColor(RED)
    .moveTo(150, 222)
    .lineTo(PAGE.width - 150, 222)
    .stroke()
    .restore();
}

function revokedMark(doc: PDFKit.PDFDocument, revoked: NonNullable<CertificatePrintout['revoked']>): void {
  doc
    .save()
    .fillColor(RED)
    .fontSize(14)
    .text(revoked.note, 90, 238, { width: PAGE.width - 180, align: 'center' })
    .restore();
  // Across the page, over everything: no copy of it passes for a valid one.
  doc.save();
  doc.rotate(-30, { origin: [PAGE.width / 2, PAGE.height / 2] });
  doc
    .fillColor(RED)
    .strokeColor(RED)
    .fillOpacity(0.28)
    .strokeOpacity(0.5)
    .lineWidth(2)
    .fontSize(120)
    .text(revoked.mark, 0, PAGE.height / 2 - 80, {
      width: PAGE.width,
      align: 'center',
      characterSpacing: 20,
      fill: true,
      stroke: true,
    });
  doc.restore();
}

function body(doc: PDFKit.PDFDocument, printout: CertificatePrintout, top: number): void {
  doc
    .fillColor(INK)
    .fontSize(16)
    .text(`${PARAGRAPH_INDENT}${printout.statement}`, 90, top, { width: PAGE.width - 180, lineGap: 10 });
  let y = Math.max(doc.y + 28, top + 110);
  for (const field of printout.fields) {
    doc
      .fillColor(MUTED)
      .fontSize(13)
      .text(field.label, 110, y + 1, { width: 80, align: 'justify' });
    doc
      .fillColor(INK)
      .fontSize(14)
      .text(field.value, 210, y, { width: PAGE.width - 300 });
    y = Math.max(doc.y, y + 16) + 14;
  }
}

function qrCode(doc: PDFKit.PDFDocument, printout: CertificatePrintout, x: number, y: number): void {
  const symbol = qrSymbol(printout.qr.link);
  const module = QR_SIDE / (symbol.size + 2 * QR_QUIET_ZONE);
  const origin = { x: x + QR_QUIET_ZONE * module, y: y + QR_QUIET_ZONE * module };
  doc.save().rect(x, y, QR_SIDE, QR_SIDE).fill('#ffffff');
  for (const run of symbol.runs) {
    doc.rect(origin.x + run.column * module, origin.y + run.row * module, run.length * module, module);
  }
  doc.fill('#000000').restore();
  doc
    .fillColor(MUTED)
    .fontSize(10)
    .text(printout.qr.caption, x, y + QR_SIDE + 4, { width: QR_SIDE, align: 'center' });
}

function signature(doc: PDFKit.PDFDocument, printout: CertificatePrintout, y: number): void {
  const width = 240;
  const x = PAGE.width - 80 - width;
  doc.fillColor(INK).fontSize(15).text(printout.issuer, x, y, { width, align: 'center' });
  doc.fontSize(14).text(printout.issuedOn, x, doc.y + 10, { width, align: 'center' });
}

/** The PDF of one printout; `now` is its creation date in the document's metadata. */
export function renderCertificatePdf(printout: CertificatePrintout, now: Date): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 0,
    // No default font: pdfkit would load its Helvetica metrics, which the page never uses.
    font: '',
    lang: 'zh-CN',
    displayTitle: true,
    info: { Title: printout.documentTitle, Author: printout.issuer, CreationDate: now },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.font(certificateFont());
  frame(doc);
  heading(doc, printout);
  body(doc, printout, printout.revoked ? 300 : 262);
  const bottom = PAGE.height - 90 - QR_SIDE;
  qrCode(doc, printout, 80, bottom);
  signature(doc, printout, bottom + 40);
  if (printout.revoked) revokedMark(doc, printout.revoked);
  doc.end();
  return done;
}

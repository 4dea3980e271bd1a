/**
 * Reading PDFs as a person would, with Debian's poppler-utils: `pdftotext` for the words on the
 * page, `pdftoppm` for a picture of it. A machine without them gets one sentence saying what to do.
 */
import { execFileSync } from 'node:child_process';

function poppler(
  tool: 'pdftotext' | 'pdftoppm' | 'pdffonts' | 'pdfinfo',
  args: string[],
  pdf: Buffer,
): Buffer {
  try {
    return execFileSync(tool, args, { input: pdf, maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`The PDF tests need ${tool}: apt-get install poppler-utils (.ci/run does).`);
    }
    throw error;
  }
}

/** The text of every page, in reading order (`pdftotext`, layout not kept). */
export const pdfText = (pdf: Buffer): string => poppler('pdftotext', ['-', '-'], pdf).toString('utf8');

/** The fonts the PDF uses, as `pdffonts` lists them (name, type, embedded, subset, unicode map). */
export const pdfFonts = (pdf: Buffer): string => poppler('pdffonts', ['-'], pdf).toString('utf8');

/** Page 1 as a PNG, at `dpi`, written to `<prefix>-1.png`; returns that file's path. */
export function pdfFirstPagePng(pdf: Buffer, prefix: string, dpi = 100): string {
  poppler('pdftoppm', ['-png', '-r', String(dpi), '-f', '1', '-l', '1', '-', prefix], pdf);
  return `${prefix}-1.png`;
}

/** What `pdfinfo` says of the document (Title, Pages, Page size...), by name. */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const lines = poppler('pdfinfo', ['-'], pdf).toString('utf8').split('\n');
  return Object.fromEntries(
    lines.flatMap((line) => {
      const colon = line.indexOf(':');
      return colon > 0 ? [[line.slice(0, colon), line.slice(colon + 1).trim()]] : [];
    }),
  );
}

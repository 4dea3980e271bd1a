/**
 * A QR code as vector shapes: the dark modules of the symbol (qrcode's module matrix, error
 * correction M as the SVG the API answers with), joined into horizontal runs so a row of dark
 * modules is one rectangle. Drawn as paths, the code prints sharp at any size, and neighbouring
 * modules leave no hairline gaps between them.
 */
import QRCode from 'qrcode';

export interface QrRun {
  row: number;
  column: number;
  /** Dark modules from `column` on, in this row. */
  length: number;
}

export interface QrSymbol {
  /** Modules per side, without the quiet zone. */
  size: number;
  runs: QrRun[];
}

export function qrSymbol(text: string): QrSymbol {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const runs: QrRun[] = [];
  for (let row = 0; row < modules.size; row++) {
    let start = -1;
    for (let column = 0; column <= modules.size; column++) {
      const dark = column < modules.size && modules.get(row, column) !== 0;
      if (dark && start < 0) start = column;
      if (!dark && start >= 0) {
        runs.push({ row, column: start, length: column - start });
        start = -1;
      }
    }
  }
  return { size: modules.size, runs };
}

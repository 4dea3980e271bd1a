/** Local adapter: files under DATA_DIR/reports/<year>/, each compilation also kept as a dated copy. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportFile, ReportStore } from './port';

export class LocalReportStore implements ReportStore {
  constructor(private readonly directory: string) {}

  async put(year: number, file: ReportFile, body: Buffer): Promise<void> {
    const folder = join(this.directory, String(year));
    await mkdir(join(folder, 'versions'), { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await writeFile(join(folder, 'versions', `${stamp}-${file}`), body);
    await writeFile(join(folder, file), body);
  }

  async get(year: number, file: ReportFile): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.directory, String(year), file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

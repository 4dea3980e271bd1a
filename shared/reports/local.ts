/** Local adapter: files under DATA_DIR/reports/<year>/, each compilation also kept as a dated copy. */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportFile, ReportStore } from './port';

/** A dated copy, never overwriting one: two compilations in the same millisecond both stay. */
async function keepVersion(folder: string, stamp: string, file: ReportFile, body: Buffer): Promise<void> {
  for (let copy = 0; ; copy++) {
    const name = copy === 0 ? `${stamp}-${file}` : `${stamp}-${copy}-${file}`;
    try {
      await writeFile(join(folder, name), body, { flag: 'wx' });
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

export class LocalReportStore implements ReportStore {
  constructor(private readonly directory: string) {}

  async put(year: number, file: ReportFile, body: Buffer): Promise<void> {
    const folder = join(this.directory, String(year));
    await mkdir(join(folder, 'versions'), { recursive: true });
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    await keepVersion(join(folder, 'versions'), stamp, file, body);
    // Written whole, then swapped in: a reader never sees half a file.
    const temporary = join(folder, `.${file}.${Math.random().toString(36).slice(2)}.tmp`);
    await writeFile(temporary, body);
    await rename(temporary, join(folder, file));
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

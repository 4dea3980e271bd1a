/** Local adapter: files under DATA_DIR/reports/<year>/<compilationId>/. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReportFile, ReportStore } from './port';

export class LocalReportStore implements ReportStore {
  constructor(private readonly directory: string) {}

  private folder(year: number, compilationId: string): string {
    return join(this.directory, String(year), compilationId);
  }

  async put(year: number, compilationId: string, file: ReportFile, body: Buffer): Promise<void> {
    const folder = this.folder(year, compilationId);
    await mkdir(folder, { recursive: true });
    // No temporary file and rename: nobody reads a compilation before the pointer names it, and
    // it names it only after every file is written whole. `wx`: a compilation's file is never replaced.
    await writeFile(join(folder, file), body, { flag: 'wx' });
  }

  async get(year: number, compilationId: string, file: ReportFile): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.folder(year, compilationId), file));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }
}

/**
 * The report store port: the files of compiled reports, kept under their year and compilation id
 * (reports/<year>/<compilationId>/<file> in the bucket, DATA_DIR/reports/<year>/<compilationId>/
 * locally). Which compilation is a year's report is not the store's business: the pointer in
 * shared/store/reports.ts names it, and moves only once every file of a compilation is stored.
 *
 * Every compilation's files are kept: nothing deletes them, and the reports bucket has no
 * lifecycle rule (infra/cloud/data-stack.ts), so a compilation that was superseded, or lost the
 * race for the pointer, stays as a record of what was compiled when.
 */
import { MEDIA_TYPES } from '#shared/media-types';

export const REPORT_FILES = {
  'report.json': MEDIA_TYPES.json,
  'report.csv': MEDIA_TYPES.csv,
  'report.xlsx': MEDIA_TYPES.xlsx,
  'report.html': MEDIA_TYPES.html,
} as const;
export type ReportFile = keyof typeof REPORT_FILES;

export interface ReportStore {
  /** Stores one file of a compilation: each compilation has an id of its own, so nothing is replaced. */
  put(year: number, compilationId: string, file: ReportFile, body: Buffer): Promise<void>;
  /** A file of a compilation, or undefined when it was never stored. */
  get(year: number, compilationId: string, file: ReportFile): Promise<Buffer | undefined>;
}

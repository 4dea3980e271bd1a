/**
 * The report store port: compiled reports and their files, kept under their year, every version
 * kept (a versioned S3 bucket in the cloud, dated copies under DATA_DIR/reports locally).
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
  put(year: number, file: ReportFile, body: Buffer): Promise<void>;
  /** The latest version, or undefined when the year was never compiled. */
  get(year: number, file: ReportFile): Promise<Buffer | undefined>;
}

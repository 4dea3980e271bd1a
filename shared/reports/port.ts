/**
 * The report store port: compiled reports and their files, kept under their year, every version
 * kept (a versioned S3 bucket in the cloud, dated copies under DATA_DIR/reports locally).
 */
export const REPORT_FILES = {
  'report.json': 'application/json; charset=utf-8',
  'report.csv': 'text/csv; charset=utf-8',
  'report.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'report.html': 'text/html; charset=utf-8',
} as const;
export type ReportFile = keyof typeof REPORT_FILES;

export interface ReportStore {
  put(year: number, file: ReportFile, body: Buffer): Promise<void>;
  /** The latest version, or undefined when the year was never compiled. */
  get(year: number, file: ReportFile): Promise<Buffer | undefined>;
}

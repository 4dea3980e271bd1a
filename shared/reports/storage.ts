/** The report store of this process: the reports bucket (`REPORTS_BUCKET`) or local files (`REPORTS_DIR`). */
import { LocalReportStore } from './local';
import type { ReportStore } from './port';
import { S3ReportStore } from './s3';

let store: ReportStore | undefined;

export function getReportStore(): ReportStore {
  if (store) return store;
  const directory = process.env.REPORTS_DIR;
  const bucket = process.env.REPORTS_BUCKET;
  if (directory) store = new LocalReportStore(directory);
  else if (bucket) store = new S3ReportStore(bucket);
  else throw new Error('Missing environment variable REPORTS_BUCKET (the reports bucket)');
  return store;
}

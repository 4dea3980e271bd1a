/** The report store of this process: the reports bucket (`REPORTS_BUCKET`) or local files (`REPORTS_DIR`). */
import { type Config, config, missing } from '#shared/config/env';
import { LocalReportStore } from './local';
import type { ReportStore } from './port';
import { S3ReportStore } from './s3';

export function createReportStore(settings: Config): ReportStore {
  if (settings.reportsDir) return new LocalReportStore(settings.reportsDir);
  if (settings.reportsBucket) return new S3ReportStore(settings.reportsBucket);
  throw missing(settings, 'REPORTS_BUCKET', 'the bucket that keeps report files');
}

let store: ReportStore | undefined;

/** Created on first use, so functions that never keep reports need no report configuration. */
export function getReportStore(): ReportStore {
  store ??= createReportStore(config());
  return store;
}

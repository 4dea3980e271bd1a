/** Cloud adapter: the reports bucket of the data stack, one key per compilation and file. */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { REPORT_FILES, type ReportFile, type ReportStore } from './port';

const s3 = new S3Client({});

export const reportKey = (year: number, compilationId: string, file: ReportFile) =>
  `reports/${year}/${compilationId}/${file}`;

export class S3ReportStore implements ReportStore {
  constructor(private readonly bucket: string) {}

  async put(year: number, compilationId: string, file: ReportFile, body: Buffer): Promise<void> {
    await s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: reportKey(year, compilationId, file),
        Body: body,
        ContentType: REPORT_FILES[file],
      }),
    );
  }

  async get(year: number, compilationId: string, file: ReportFile): Promise<Buffer | undefined> {
    try {
      const answer = await s3.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: reportKey(year, compilationId, file) }),
      );
      return answer.Body ? Buffer.from(await answer.Body.transformToByteArray()) : undefined;
    } catch (error) {
      if (error instanceof NoSuchKey || (error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}

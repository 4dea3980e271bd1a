import { describe, expect, it } from 'vitest';
import { certificateClaims, technicalDraft } from '#shared/domain/certificates/certificate';
import { newOrganization } from '#shared/domain/organizations/organization';

const institution = newOrganization(
  { name: '评价中心', kind: 'assessment-institution', city: '南宁' },
  new Date(),
);
const input = {
  holderId: 'u1',
  holderName: '王五',
  field: 'blockchain',
  level: 'junior' as const,
  examDate: '2026-11-20',
};

describe('a technical level certificate', () => {
  it('records and signs the exam it attests', () => {
    const draft = technicalDraft(input, institution, new Date('2026-11-26T02:00:00Z'));
    expect(draft).toMatchObject({
      examDate: '2026-11-20',
      issuedOn: '2026-11-26',
      level: 'junior',
      title: 'blockchain',
    });
    expect(certificateClaims('GX-2026-T1-000001-0', draft)).toMatchObject({
      exam: '2026-11-20',
      lvl: 'junior',
    });
  });

  it('refuses an exam date after today (Beijing)', () => {
    // 2026-11-20T16:30Z is already the 21st in Beijing: an exam on the 21st is today, not the future.
    expect(
      technicalDraft({ ...input, examDate: '2026-11-21' }, institution, new Date('2026-11-20T16:30:00Z')),
    ).toBeDefined();
    expect(() =>
      technicalDraft({ ...input, examDate: '2026-11-22' }, institution, new Date('2026-11-20T16:30:00Z')),
    ).toThrow(
      expect.objectContaining({ status: 400, details: [expect.objectContaining({ field: 'examDate' })] }),
    );
  });
});

/** Telling a holder that their certificate was revoked: which, why, and what it means for them. */
import type { Certificate } from '#shared/domain/certificates/schemas';
import { beijingDate } from '#shared/domain/dates';
import type { NoticeOf } from '#shared/domain/notices/schemas';
import { CERTIFICATE_TYPE_LABELS, LEVEL_LABELS } from '#shared/i18n/labels';
import { composeMail } from '#shared/mail/compose';
import { webLink } from '#shared/mail/links';
import type { OutgoingMail } from '#shared/mail/port';
import { getCertificate } from '#shared/store/certificates';
import { getTraineeProfile } from '#shared/store/trainees';
import { deliverOnce } from '../delivery';
import { type NoticeOutcome, nobodyToTell } from './outcome';

/** `培训合格证书“人工智能应用实务”`, `专业技术等级证书（高级）“big-data”`. */
function certificateName(certificate: Certificate): string {
  const type = CERTIFICATE_TYPE_LABELS[certificate.type];
  const level = certificate.level ? `（${LEVEL_LABELS[certificate.level]}）` : '';
  return `${type}${level}“${certificate.title}”`;
}

/** What the revocation means for the holder, by the kind of certificate. */
function consequences(certificate: Certificate): string[] {
  const common = '该证书自撤销之日起不再有效，在线验证将显示“已撤销”，不能再作为相应资格的证明。';
  if (certificate.type === 'completion' && certificate.creditHours !== undefined) {
    return [
      common,
      `该证书对应的${certificate.creditHours}学时已从您的继续教育学时中扣除，请登录系统查看本年度学时是否仍达到要求。`,
    ];
  }
  return [common, '如需重新取得该等级证书，请与评价机构联系。'];
}

export interface CertificateRevocation {
  to: string;
  holderName: string;
  certificate: Certificate;
}

export function certificateRevokedMail({ to, holderName, certificate }: CertificateRevocation): OutgoingMail {
  const revokedOn = certificate.revokedAt ? beijingDate(new Date(certificate.revokedAt)) : undefined;
  const paragraphs = [
    `${holderName}，您好：`,
    `您的${certificateName(certificate)}（证书编号：${certificate.number}）已${revokedOn ? `于${revokedOn}` : ''}被撤销。`,
    `撤销原因：${certificate.revocationReason ?? '未说明'}`,
    ...consequences(certificate),
    '如对撤销有异议，请与项目办公室联系。',
  ];
  return composeMail({
    to,
    subject: `证书已撤销：${certificate.number}`,
    paragraphs,
    link: { label: '查看证书', url: webLink('certificate', { number: certificate.number }) },
    kind: 'certificate-revoked',
  });
}

export async function tellCertificateRevoked(
  notice: NoticeOf<'certificate-revoked'>,
  now: Date,
): Promise<NoticeOutcome> {
  const [certificate, profile] = await Promise.all([
    getCertificate(notice.number),
    getTraineeProfile(notice.holderId),
  ]);
  // A certificate is never deleted, and a holder with no profile has no address: retrying cannot help.
  if (!certificate || !profile) return nobodyToTell(notice, 'its certificate or holder profile is gone');
  const mail = certificateRevokedMail({ to: profile.email, holderName: profile.name, certificate });
  return deliverOnce(`${notice.holderId}#${notice.kind}#${notice.number}`, mail, now);
}

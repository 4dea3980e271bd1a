/**
 * What a printed certificate says (`GET /certificates/{number}/certificate.pdf`): every text on
 * the page, in Chinese, decided here and drawn by shared/certificates/pdf/. A revoked certificate
 * still prints (its holder, issuer and admin keep a copy of the record), marked 已撤销 with the
 * date and the reason: paper travels, so the reason is masked as the public reads it, and the QR
 * code leads to the verification page, which says revoked too.
 */
import { writtenDate } from '#shared/i18n/dates';
import { CERTIFICATE_TYPE_LABELS, LEVEL_LABELS } from '#shared/i18n/labels';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import { beijingDate } from '../dates';
import { maskPersonalData } from '../personal-data';
import type { Certificate } from './schemas';

/** A certificate is printed in Chinese. */
const PRINTED = 'zh-CN';
const printed = (text: Text) => text[PRINTED];

export interface PrintedField {
  label: string;
  value: string;
}

export interface CertificatePrintout {
  /** The program's name above the title. */
  programme: string;
  /** The certificate type's label (shared/i18n/labels.ts), e.g. 培训合格证书. */
  title: string;
  /** What the holder did, in one sentence. */
  statement: string;
  /** The facts of the record, label and value, in the order printed. */
  fields: PrintedField[];
  /** The issuer's name and the issue date, printed where a seal goes. */
  issuer: string;
  issuedOn: string;
  /** Present when revoked: the mark across the page and the sentence under the title. */
  revoked?: { mark: string; note: string };
  /** The verification link the QR code carries, and the words beside it. */
  qr: { link: string; caption: string };
  /** The PDF's own title (its metadata): type and number. */
  documentTitle: string;
}

export function certificatePrintout(certificate: Certificate, verificationLink: string): CertificatePrintout {
  const title = CERTIFICATE_TYPE_LABELS[certificate.type];
  const issuedOn = printed(writtenDate(certificate.issuedOn));
  const level = certificate.level ? LEVEL_LABELS[certificate.level] : undefined;
  const statement =
    certificate.type === 'technical-level'
      ? MESSAGES.printouts.technicalStatement(certificate.holderName, certificate.title, level ?? '')
      : MESSAGES.printouts.completionStatement(
          certificate.holderName,
          certificate.title,
          certificate.creditHours ?? 0,
        );
  const fields: PrintedField[] = [
    { label: printed(MESSAGES.printouts.holderName()), value: certificate.holderName },
    { label: printed(MESSAGES.printouts.number()), value: certificate.number },
    ...(certificate.type === 'technical-level'
      ? [
          { label: printed(MESSAGES.printouts.field()), value: certificate.title },
          { label: printed(MESSAGES.printouts.level()), value: level ?? '' },
          ...(certificate.examDate
            ? [
                {
                  label: printed(MESSAGES.printouts.examDate()),
                  value: printed(writtenDate(certificate.examDate)),
                },
              ]
            : []),
        ]
      : [
          { label: printed(MESSAGES.printouts.sessionTitle()), value: certificate.title },
          {
            label: printed(MESSAGES.printouts.creditHours()),
            value: printed(MESSAGES.printouts.hours(certificate.creditHours ?? 0)),
          },
        ]),
    { label: printed(MESSAGES.printouts.issuer()), value: certificate.issuerName },
    { label: printed(MESSAGES.printouts.issuedOn()), value: issuedOn },
  ];
  return {
    programme: printed(MESSAGES.printouts.programme()),
    title,
    statement: printed(statement),
    fields,
    issuer: certificate.issuerName,
    issuedOn,
    ...(certificate.status === 'revoked'
      ? {
          revoked: {
            mark: printed(MESSAGES.printouts.revokedMark()),
            note: printed(revocationNote(certificate)),
          },
        }
      : {}),
    qr: { link: verificationLink, caption: printed(MESSAGES.printouts.scanToVerify()) },
    documentTitle: `${title} ${certificate.number}`,
  };
}

function revocationNote(certificate: Certificate): Text {
  const reason = maskPersonalData(certificate.revocationReason ?? '');
  return certificate.revokedAt
    ? MESSAGES.printouts.revokedOn(beijingDate(new Date(certificate.revokedAt)), reason)
    : MESSAGES.printouts.revokedBecause(reason);
}

/**
 * A file to keep, named by its number, as the API's other files are (attachment); a phone opens it
 * from its downloads. Numbers are ASCII, so no encoded name is needed.
 */
export const certificatePdfDisposition = (number: string) => `attachment; filename="${number}.pdf"`;

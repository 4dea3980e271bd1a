/**
 * A mail's Message-ID, derived from its delivery id (the sent record's key,
 * shared/use-cases/mail/delivery.ts): every attempt at one mail carries the same Message-ID, so a
 * copy sent twice (the service took it but its answer was lost, and the retry sent it again) is
 * recognisable as one mail, by mail clients that fold duplicates and by a person reading the
 * headers. The key names people and records, so it goes out hashed.
 */
import { createHash } from 'node:crypto';

/** `<hash@domain>`, the domain the sender's address's. */
export function messageIdFor(deliveryId: string, senderAddress: string): string {
  const domain = senderAddress.slice(senderAddress.lastIndexOf('@') + 1) || 'localhost';
  const hash = createHash('sha256').update(deliveryId, 'utf8').digest('hex').slice(0, 40);
  return `<${hash}@${domain}>`;
}

import { randomBytes } from 'node:crypto';

/**
 * A new opaque id such as `org_01j9x4…`: a millisecond timestamp (so ids sort roughly by
 * creation) and 80 random bits, in lowercase base 32.
 */
export function newId(prefix: string, now = new Date()): string {
  const time = now.getTime().toString(32).padStart(9, '0');
  const random = BigInt(`0x${randomBytes(10).toString('hex')}`)
    .toString(32)
    .padStart(16, '0');
  return `${prefix}_${time}${random}`;
}

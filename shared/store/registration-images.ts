/**
 * Registrations as the table's stream shows them: the images of a change, read for the counters
 * (shared/domain/counters/registration-counts.ts) and for the claims they were written with.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { CountedRegistration } from '#shared/domain/counters/registration-counts';
import { CountedRegistrationImage } from '#shared/domain/counters/schemas';

export type StreamImage = Record<string, AttributeValue>;

/** The counted attributes of a registration's image; throws when the image is not a registration's. */
export function countedRegistrationOf(image: StreamImage): CountedRegistration {
  return CountedRegistrationImage.parse(unmarshall(image));
}

/** A stream image as the item it shows, every attribute kept (a claim's nonce among them). */
export const storedItemOf = (image: StreamImage): Record<string, unknown> => unmarshall(image);

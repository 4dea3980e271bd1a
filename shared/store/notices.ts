/**
 * Notices (shared/domain/notices/notice.ts), in the `registrations` table: the outbox of changes
 * made there. This module alone knows their keys and how they look on the table's stream.
 *
 * Access patterns:
 * - written in the transaction of the change they announce: Put pk = NOTICE#<kind>#<subject>,
 *   sk = NOTICE (the subject is what the notice is about: one notice per kind and subject).
 *   Notices of changes in other tables are written here too, in the same transaction as the
 *   change (a transaction spans tables): this table's stream is the one outbox.
 * - read from the stream: the INSERT of an item whose `entity` is `notice` (./notice-filter.ts)
 * - deleted once told: DeleteItem by the same key (the REMOVE on the stream matches no filter)
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { noticeSubject } from '#shared/domain/notices/notice';
import { Notice } from '#shared/domain/notices/schemas';
import { db } from './client';
import { NOTICE_ENTITY } from './notice-filter';
import { tableName } from './tables';
import type { TransactItem } from './transact';

const noticeKey = (notice: Notice) => ({
  pk: `NOTICE#${notice.kind}#${noticeSubject(notice)}`,
  sk: 'NOTICE',
});

/** The Put that records a notice, for the transaction of the change it announces. */
export const noticePut = (notice: Notice): TransactItem => ({
  Put: {
    TableName: tableName('registrations'),
    Item: { ...noticeKey(notice), entity: NOTICE_ENTITY, ...notice },
  },
});

/** The notice in a stream record's new image; throws if the image is not a notice. */
export function noticeFromStreamImage(image: Record<string, AttributeValue>): Notice {
  return Notice.parse(unmarshall(image));
}

/** Once the notice is told (or can no longer be), it leaves the outbox. */
export async function deleteNotice(notice: Notice): Promise<void> {
  await db.send(new DeleteCommand({ TableName: tableName('registrations'), Key: noticeKey(notice) }));
}

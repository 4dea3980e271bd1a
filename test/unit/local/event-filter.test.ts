import { marshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, it } from 'vitest';
import { type EventFilterPattern, matchesEventFilter } from '#infra/local/event-filter';
import { registrationKey } from '#shared/store/registrations';

/** A stream record as Lambda filters it (only the fields the patterns here look at). */
const record = (eventName: string, newImage?: Record<string, unknown>) => ({
  eventName,
  eventSource: 'aws:dynamodb',
  dynamodb: {
    Keys: marshall(registrationKey('1')),
    ...(newImage ? { NewImage: newImage } : {}),
    SequenceNumber: '000000000000000000002',
  },
});

const newNotices: EventFilterPattern = {
  eventName: ['INSERT'],
  dynamodb: { NewImage: { entity: { S: ['notice'] } } },
};

describe('matchesEventFilter', () => {
  it('matches an event whose values are all in the pattern', () => {
    expect(matchesEventFilter(newNotices, record('INSERT', { entity: { S: 'notice' } }))).toBe(true);
  });

  it('does not match a value that is not in the list', () => {
    expect(matchesEventFilter(newNotices, record('MODIFY', { entity: { S: 'notice' } }))).toBe(false);
    expect(matchesEventFilter(newNotices, record('INSERT', { entity: { S: 'registration' } }))).toBe(false);
  });

  it('matches any one of several listed values', () => {
    const pattern: EventFilterPattern = { eventName: ['INSERT', 'MODIFY'] };
    expect(matchesEventFilter(pattern, record('INSERT'))).toBe(true);
    expect(matchesEventFilter(pattern, record('MODIFY'))).toBe(true);
    expect(matchesEventFilter(pattern, record('REMOVE'))).toBe(false);
  });

  it('does not match when a key of the pattern is missing from the event, at any depth', () => {
    // A REMOVE has no NewImage under NEW_IMAGE.
    expect(matchesEventFilter(newNotices, record('INSERT'))).toBe(false);
    expect(matchesEventFilter(newNotices, record('INSERT', { kind: { S: 'notice' } }))).toBe(false);
    expect(matchesEventFilter({ missing: [null] }, { other: 1 })).toBe(false);
    expect(matchesEventFilter({ missing: [null] }, { missing: undefined })).toBe(false);
  });

  it('does not match when the event has a value where the pattern nests, or an object at a leaf', () => {
    expect(matchesEventFilter(newNotices, { eventName: 'INSERT', dynamodb: 'text' })).toBe(false);
    expect(matchesEventFilter({ dynamodb: ['x'] }, record('INSERT'))).toBe(false);
  });

  it('compares numbers, booleans and null by value and type', () => {
    const pattern: EventFilterPattern = { size: [5, 7], urgent: [true], note: [null] };
    expect(matchesEventFilter(pattern, { size: 7, urgent: true, note: null })).toBe(true);
    expect(matchesEventFilter(pattern, { size: 6, urgent: true, note: null })).toBe(false);
    expect(matchesEventFilter(pattern, { size: '5', urgent: true, note: null })).toBe(false);
    expect(matchesEventFilter(pattern, { size: 5, urgent: 'true', note: null })).toBe(false);
    expect(matchesEventFilter(pattern, { size: 5, urgent: false, note: null })).toBe(false);
    expect(matchesEventFilter(pattern, { size: 5, urgent: true, note: 'null' })).toBe(false);
    // DynamoDB numbers are strings in a stream record: a pattern on one lists strings.
    expect(matchesEventFilter({ n: { N: ['5'] } }, { n: { N: '5' } })).toBe(true);
    expect(matchesEventFilter({ n: { N: [5] } }, { n: { N: '5' } })).toBe(false);
  });

  it('matches an array in the event when any of its elements is listed, as Lambda does', () => {
    expect(matchesEventFilter({ tags: ['a'] }, { tags: ['b', 'a'] })).toBe(true);
    expect(matchesEventFilter({ tags: ['a'] }, { tags: ['b', 'c'] })).toBe(false);
  });

  it('matches nothing that is not an object', () => {
    expect(matchesEventFilter(newNotices, null)).toBe(false);
    expect(matchesEventFilter(newNotices, 'INSERT')).toBe(false);
  });

  it('ignores keys of the event the pattern does not name', () => {
    const event = { ...record('INSERT', { entity: { S: 'notice' }, traineeId: { S: 't-1' } }), extra: 1 };
    expect(matchesEventFilter(newNotices, event)).toBe(true);
  });
});

/**
 * The size of a DynamoDB item as DynamoDB counts it for capacity, from the plain values the
 * document client writes (strings, numbers, booleans, null, arrays, objects, string sets), and
 * the request units a write or a read of it takes. Rules from "DynamoDB item sizes and formats"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/CapacityUnitCalculations.html)
 * and "DynamoDB read and write operations" (read-write-operations.html in the same guide).
 */

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * A number: about one byte per two significant digits, plus one. Leading and trailing zeros are
 * trimmed, as DynamoDB stores numbers.
 */
function numberBytes(value: number): number {
  const digits = Math.abs(value).toExponential().replace(/e.*$/, '').replace('.', '').replace(/0+$/, '');
  return Math.ceil(Math.max(1, digits.length) / 2) + 1;
}

/** The bytes of one attribute value, without its name. */
export function valueBytes(value: unknown): number {
  if (value === null || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return utf8(value);
  if (typeof value === 'number') return numberBytes(value);
  // The document client writes a Set of strings as a string set: the elements' bytes alone.
  if (value instanceof Set) return [...value].reduce((sum: number, element) => sum + valueBytes(element), 0);
  // A list or map: 3 bytes whatever it holds, and 1 more per element.
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (typeof value === 'object') return 3 + entriesBytes(value as Record<string, unknown>, 1);
  throw new Error(`No DynamoDB type for ${typeof value}`);
}

function entriesBytes(entries: Record<string, unknown>, perEntry: number): number {
  return Object.entries(entries)
    .filter(([, value]) => value !== undefined)
    .reduce((sum, [name, value]) => sum + perEntry + utf8(name) + valueBytes(value), 0);
}

/** The item's size: its attribute names and values (undefined attributes are not written). */
export const itemBytes = (item: Record<string, unknown>): number => entriesBytes(item, 0);

/** Write request units of one write of `bytes`: 1 KB each, twice inside a transaction. */
export const writeUnits = (bytes: number, transactional = false): number =>
  Math.ceil(bytes / 1024) * (transactional ? 2 : 1);

/** Read request units of reading `bytes`: 4 KB each; eventually consistent half, transactional twice. */
export function readUnits(bytes: number, read: 'eventual' | 'strong' | 'transactional'): number {
  const blocks = Math.ceil(bytes / 4096);
  return read === 'eventual' ? blocks / 2 : read === 'strong' ? blocks : blocks * 2;
}

/**
 * The From header's mailbox, `display name <address>`, written so that any mail client shows the
 * Chinese name: a name of printable ASCII goes as an RFC 5322 quoted string, any other as RFC 2047
 * encoded words (UTF-8, base64), each within 75 characters and cut only between characters.
 */

export interface Sender {
  name: string;
  address: string;
}

/** Encoded word overhead `=?UTF-8?B?` + `?=` leaves 63 base64 characters: 45 bytes a word. */
const BYTES_PER_WORD = 45;

/** Base64 encoded words of `text`, none splitting a character's UTF-8 bytes. */
export function encodedWords(text: string): string[] {
  const words: string[] = [];
  let chunk = '';
  for (const character of text) {
    if (Buffer.byteLength(chunk + character, 'utf8') > BYTES_PER_WORD) {
      words.push(chunk);
      chunk = '';
    }
    chunk += character;
  }
  if (chunk) words.push(chunk);
  return words.map((word) => `=?UTF-8?B?${Buffer.from(word, 'utf8').toString('base64')}?=`);
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** `name <address>` with the name quoted or encoded; just the address when there is no name. */
export function mailbox(sender: Sender): string {
  if (!sender.name) return sender.address;
  const name = PRINTABLE_ASCII.test(sender.name)
    ? `"${sender.name.replace(/(["\\])/g, '\\$1')}"`
    : encodedWords(sender.name).join(' ');
  return `${name} <${sender.address}>`;
}

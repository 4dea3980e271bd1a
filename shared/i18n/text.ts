/**
 * A message in every language the API answers in, filled in where it is made (the catalogue in
 * ./messages), picked when the answer is written: whoever refuses a request need not know who
 * reads the refusal.
 */
import { DEFAULT_LANGUAGE, type Language } from './language';

export type Text = Readonly<Record<Language, string>>;

export const isText = (value: unknown): value is Text =>
  typeof value === 'object' && value !== null && typeof (value as Text).en === 'string';

/** The text in `language`; a plain string (not yet in the catalogue) reads the same in all. */
export const textIn = (text: Text | string, language: Language = DEFAULT_LANGUAGE): string =>
  typeof text === 'string' ? text : text[language];

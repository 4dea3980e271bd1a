/**
 * The languages the API answers in. Everyone who uses the program reads Chinese, so zh-CN is the
 * answer unless the caller asks for English (`Accept-Language: en`); codes never depend on it.
 */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/** The language a negotiated value stands for; anything unknown is the default. */
export const languageOf = (value: unknown): Language =>
  (LANGUAGES as readonly unknown[]).includes(value) ? (value as Language) : DEFAULT_LANGUAGE;

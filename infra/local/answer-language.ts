/**
 * The language of the local server's own answers (a path without a route, a missing token):
 * negotiated as the functions' middleware negotiates it, with the same library underneath.
 */
import type { IncomingMessage } from 'node:http';
import Negotiator from 'negotiator';
import { LANGUAGES, type Language, languageOf } from '#shared/i18n/language';

export const answerLanguage = (request: IncomingMessage): Language =>
  languageOf(new Negotiator(request).language([...LANGUAGES]));

/**
 * The one catalogue of what the API says to people: every refusal's message, in every language
 * it answers in, grouped by the part of the program it belongs to. Code refers to an entry, never
 * writes the words itself.
 */
import { requests } from './messages/requests';
import { validation } from './messages/validation';

export const MESSAGES = { requests, validation };

/**
 * Names listed in a message: at most MAX_LISTED of them and a count of the rest, so a body with
 * thousands of unknown fields does not make a refusal larger than the request.
 */
import type { Text } from './text';

export const MAX_LISTED = 20;

/** `a, b, c` and `a、b、c`, the first MAX_LISTED names and how many more there were. */
export function listed(names: readonly string[], labelOf: (name: string) => string = (name) => name): Text {
  const more = names.length - MAX_LISTED;
  const shown = names.slice(0, MAX_LISTED);
  return {
    'zh-CN': shown.map(labelOf).join('、') + (more > 0 ? `（另有 ${more} 项）` : ''),
    en: shown.join(', ') + (more > 0 ? ` (and ${more} more)` : ''),
  };
}

/**
 * Answers to a signed-in caller hold personal data or depend on who asks: no browser, proxy or
 * CDN may keep them. Only the answers of public routes are left as their operation made them (an
 * unknown route's 404 is marked too: nothing says it is public).
 */
import type { HttpMiddleware } from './context';

const markNoStore: NonNullable<HttpMiddleware['after']> = ({ context, response }) => {
  if (!response || context.route?.access === 'public') return;
  response.headers = { ...response.headers, 'cache-control': 'no-store' };
};

export function noStoreForSignedIn(): HttpMiddleware {
  return { name: 'noStoreForSignedIn', after: markNoStore, onError: markNoStore };
}

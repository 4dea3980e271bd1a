/**
 * Local-only routes (`POST /local/tokens`, `GET /local/outbox`, `GET /local/streams/caught-up`),
 * served through the same handler stack as every function. They never exist in the cloud: CDK
 * skips `localOnly` functions.
 */
import { config } from '#shared/config/env';
import { createHttpHandler } from '#shared/http/handler';
import { listOutbox } from '#shared/mail/outbox';
import { LOCAL_TOOLS_ROUTES } from '#shared/routes/local-tools';
import { streamTriggersCaughtUp } from './stream-triggers';
import { type LocalSigner, loadOrCreateSigner, mintToken } from './tokens';

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value)
    throw new Error(`Missing environment variable ${name}: the local tools run only under npm start`);
  return value;
}

let signer: Promise<LocalSigner> | undefined;

export const handler = createHttpHandler(LOCAL_TOOLS_ROUTES, {
  mintLocalToken: async ({ body }) => {
    signer ??= loadOrCreateSigner(requiredEnv('LOCAL_KEYS_DIR'));
    return { token: await mintToken(await signer, body, config().claimNames) };
  },
  listLocalOutbox: async () => ({ items: await listOutbox(requiredEnv('MAIL_OUTBOX_DIR')) }),
  // What a test waits for before it reads what the stream keeps (the counters), instead of sleeping.
  localStreamsCaughtUp: async () => {
    await streamTriggersCaughtUp();
    return { caughtUpAt: new Date().toISOString() };
  },
});

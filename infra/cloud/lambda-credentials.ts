/**
 * The credentials of a Lambda function, and nothing else. The runtime puts the execution role's
 * keys in the environment, so the SDK's default chain (environment, then SSO, profiles, web
 * identity, container and instance metadata: about 130 KB of every bundle, with STS and SSO
 * clients of their own) never gets past its first link there. The house bundling substitutes this
 * module for `@aws-sdk/credential-provider-node`; code run outside Lambda (the local server,
 * tests, scripts) keeps the whole chain.
 */
import { fromEnv } from '@aws-sdk/credential-provider-env';

type EnvInit = Parameters<typeof fromEnv>[0];

export const defaultProvider = (init: EnvInit = {}) => fromEnv(init);

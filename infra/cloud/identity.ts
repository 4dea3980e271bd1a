/**
 * Who signs callers in, as the HTTP API's JWT authorizer sees it: the data stack's Cognito user
 * pool (global profile), or any OpenID Connect provider (China profile: Cognito user pools and
 * Cognito authorizers are not available there), e.g. Guangxi's unified government sign-in or a
 * self-hosted Keycloak. API Gateway reads the provider's discovery document and keys itself; the
 * functions are told which claims carry the caller (`CLAIM_*`, read in shared/http).
 */
import { CfnParameter, type Stack } from 'aws-cdk-lib';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { CLAIM_VARIABLES } from '#shared/config/env';
import type { DataResources } from './data-stack';
import type { ClaimNames, IdentityProfile } from './profile';

/** The issuer and audience API Gateway checks, and what CloudFormation outputs of them. */
export interface Identity {
  readonly authorizer: HttpJwtAuthorizer;
  /** `CLAIM_*` for every API function; none with Cognito (the functions' defaults are its claims). */
  readonly claimEnvironment: Readonly<Record<string, string>>;
}

/** The environment variables that name the caller's claims, as shared/config/env.ts reads them. */
export function claimEnvironment(claims: ClaimNames): Record<string, string> {
  return Object.fromEntries(
    (Object.entries(CLAIM_VARIABLES) as [keyof ClaimNames, string][]).map(([field, variable]) => [
      variable,
      claims[field],
    ]),
  );
}

export function buildIdentity(stack: Stack, profile: IdentityProfile, data: DataResources): Identity {
  if (profile.kind === 'cognito') {
    const { userPool, userPoolClient } = data;
    if (!userPool || !userPoolClient) throw new Error("The Cognito profile needs the data stack's user pool");
    return {
      authorizer: new HttpJwtAuthorizer(
        'CognitoJwt',
        // The user pool's issuer; URLSuffix keeps it right in any partition.
        `https://cognito-idp.${stack.region}.${stack.urlSuffix}/${userPool.userPoolId}`,
        { authorizerName: 'cognito', jwtAudience: [userPoolClient.userPoolClientId] },
      ),
      claimEnvironment: {},
    };
  }
  const issuer =
    profile.issuer ??
    new CfnParameter(stack, 'OidcIssuer', {
      type: 'String',
      description:
        'The OpenID Connect issuer URL (iss) that signs callers in; API Gateway reads <issuer>/.well-known/openid-configuration',
      allowedPattern: '^https://[^?#\\s]+$',
    }).valueAsString;
  const audience =
    profile.audience ??
    new CfnParameter(stack, 'OidcAudience', {
      type: 'String',
      description: 'The client id the provider issues tokens for (aud)',
      minLength: 1,
    }).valueAsString;
  return {
    authorizer: new HttpJwtAuthorizer('OidcJwt', issuer, { authorizerName: 'oidc', jwtAudience: [audience] }),
    claimEnvironment: claimEnvironment(profile.claims),
  };
}

/**
 * The HTTP API: its JWT authorizer (the default of every route), CORS, the `$default` stage with
 * its throttles and access logs, and one route per entry of the route table (shared/routes.ts),
 * each integrated with its function. Public routes say so in the table and get a lower throttle.
 * With the profile's `verifyPage: api`, the verification page's own routes too.
 */
import { Duration, type Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { FunctionName } from '#shared/functions';
import { CORS } from '#shared/http/cors';
import { type RouteDef, routeKey } from '#shared/routes';
import type { HouseFunction } from './house-function';
import type { Identity } from './identity';
import type { DeploymentProfile } from './profile';
import { VERIFY_PAGE_ROUTES, VerifyPageRoutes } from './verify-page-routes';

// Each signed-in route: far below the account's 10,000 rps; raise with measured traffic.
export const THROTTLE = { rateLimit: 100, burstLimit: 200 };
// Each public route, lower: anyone can call these without signing in, so a flood of them must
// not take the capacity or the budget of signed-in work (docs/cost.md, "A ceiling under a flood").
export const PUBLIC_THROTTLE = { rateLimit: 20, burstLimit: 40 };

export interface ApiRoutesProps {
  readonly identity: Identity;
  /** Origins whose browser apps may call the API; none: no CORS rule at all. */
  readonly corsOrigins: readonly string[];
  /** The routes deployed to the cloud (none local only). */
  readonly routes: readonly RouteDef[];
  /** The function a route names: every one is built. */
  readonly fn: (name: FunctionName) => HouseFunction;
  readonly verifyPage: DeploymentProfile['verifyPage'];
}

export interface ApiRoutes {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  /** The verification page on this API (profile `verifyPage: api`); else the CloudFront site serves it. */
  readonly verifyPage?: VerifyPageRoutes;
}

/**
 * The API and its routes, built straight into the stack (not under a construct of their own), so
 * that their logical ids stay those of the stack's first template.
 */
export function buildApiRoutes(stack: Stack, props: ApiRoutesProps): ApiRoutes {
  const { api, stage } = buildApi(stack, props.identity, props.corsOrigins);
  const verifyPage = buildRoutes(stack, api, stage, props);
  return { api, stage, verifyPage };
}

function buildApi(
  stack: Stack,
  identity: Identity,
  corsOrigins: readonly string[],
): { api: HttpApi; stage: HttpStage } {
  const authorizer = identity.authorizer;
  const api = new HttpApi(stack, 'Api', {
    apiName: 'gx-knowledge-renewal',
    description: 'Guangxi Knowledge Renewal Program API (routes from shared/routes.ts)',
    defaultAuthorizer: authorizer,
    // No CORS rule at all without origins: browsers then refuse every cross-origin call.
    ...(corsOrigins.length > 0
      ? {
          corsPreflight: {
            allowOrigins: [...corsOrigins],
            allowMethods: CORS.allowMethods.map((method) => CorsHttpMethod[method]),
            allowHeaders: [...CORS.allowHeaders],
            exposeHeaders: [...CORS.exposeHeaders],
            maxAge: Duration.seconds(CORS.maxAgeSeconds),
          },
        }
      : {}),
    // Built below, to give it throttling and access logs.
    createDefaultStage: false,
  });

  const accessLogs = new logs.LogGroup(stack, 'ApiAccessLogs', { retention: logs.RetentionDays.ONE_MONTH });
  const stage = new HttpStage(stack, 'DefaultStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: THROTTLE,
    accessLogSettings: {
      destination: new LogGroupLogDestination(accessLogs),
      // No headers, no query strings: they can carry tokens and national ID numbers.
      format: AccessLogFormat.custom(
        JSON.stringify({
          requestId: '$context.requestId',
          time: '$context.requestTime',
          sourceIp: '$context.identity.sourceIp',
          routeKey: '$context.routeKey',
          status: '$context.status',
          latencyMs: '$context.responseLatency',
          integrationLatencyMs: '$context.integrationLatency',
          responseLength: '$context.responseLength',
          sub: '$context.authorizer.claims.sub',
          authorizerError: '$context.authorizer.error',
          integrationError: '$context.integrationErrorMessage',
        }),
      ),
    },
  });
  return { api, stage };
}

/**
 * One route per entry, integrated with its function; one integration per function. Public
 * routes get their own, lower throttle (PUBLIC_THROTTLE); the others the stage's default. With
 * the profile's `verifyPage: api`, the page's routes too (returned).
 */
function buildRoutes(
  stack: Stack,
  api: HttpApi,
  httpStage: HttpStage,
  { routes, fn, verifyPage }: ApiRoutesProps,
): VerifyPageRoutes | undefined {
  let page: VerifyPageRoutes | undefined;
  const integrations = new Map<FunctionName, HttpLambdaIntegration>();
  const stage = httpStage.node.defaultChild as apigwv2.CfnStage;
  // CloudFormation's own names: the property is plain JSON to CDK, passed through unchanged.
  const publicRouteSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> =
    {};
  for (const route of routes) {
    let integration = integrations.get(route.function);
    if (!integration) {
      integration = new HttpLambdaIntegration(`Integration-${route.function}`, fn(route.function).function);
      integrations.set(route.function, integration);
    }
    const isPublic = route.access === 'public';
    const [httpRoute] = api.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration,
      // The API's default is the JWT authorizer: a route is public only when it says so.
      authorizer: isPublic ? new HttpNoneAuthorizer() : undefined,
    });
    if (isPublic && httpRoute) {
      publicRouteSettings[routeKey(route)] = {
        ThrottlingRateLimit: PUBLIC_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_THROTTLE.burstLimit,
      };
      // A stage's route settings name routes that must already exist.
      stage.addDependency(httpRoute.node.defaultChild as apigwv2.CfnRoute);
      Validations.of(httpRoute).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          `${routeKey(route)} is public by the API contract (docs/api.md, access "public": ${route.summary}); ` +
          'it serves nothing specific to a caller, and its own route throttle bounds abuse.',
      });
    }
  }
  if (verifyPage === 'api') {
    // The page's own routes, public too and throttled as the routes it calls.
    page = new VerifyPageRoutes(stack, 'VerifyPage', { api });
    for (const key of VERIFY_PAGE_ROUTES) {
      publicRouteSettings[key] = {
        ThrottlingRateLimit: PUBLIC_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_THROTTLE.burstLimit,
      };
    }
    for (const route of page.routes) stage.addDependency(route.node.defaultChild as apigwv2.CfnRoute);
  }
  stage.routeSettings = publicRouteSettings;
  return page;
}

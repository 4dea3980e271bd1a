/**
 * The API's edge as synthesized: which browser origins may call it (none by default: the
 * verification page reaches `/public/*` through its own distribution), a lower throttle on every
 * public route than on signed-in ones, and the optional cap on each API function's concurrency.
 * Built without bundling: the templates are the same.
 */
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { PUBLIC_THROTTLE, THROTTLE } from '#infra/cloud/api-routes';
import { RESERVED_CONCURRENCY_CONTEXT } from '#infra/cloud/reserved-concurrency';
import { CLOUD_ROUTES, routeKey } from '#shared/routes';
import { buildUnbundled, logicalId, type Resource } from '../support/cdk';

type Stage = {
  DefaultRouteSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number };
  RouteSettings?: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }>;
};

const serviceOf = (options: Parameters<typeof buildUnbundled>[0] = {}) =>
  Template.fromStack(buildUnbundled(options).service);

const functionsOf = (template: Template) =>
  Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(
    (fn) =>
      (fn.Properties?.Environment as { Variables?: { SERVICE_NAME?: string } })?.Variables?.SERVICE_NAME,
  );

const variablesOf = (fn: Resource) =>
  (fn.Properties?.Environment as { Variables?: Record<string, unknown> } | undefined)?.Variables ?? {};

beforeAll(() => {
  delete process.env.CDK_DEFAULT_ACCOUNT;
  delete process.env.CDK_DEFAULT_REGION;
  delete process.env.CORS_ALLOWED_ORIGINS;
});

describe('CORS', () => {
  it('has no rule by default, and tells every function so (unset would mean any origin)', () => {
    const service = serviceOf();
    const [api] = Object.values(service.findResources('AWS::ApiGatewayV2::Api')) as Resource[];
    expect(api?.Properties?.CorsConfiguration).toBeUndefined();
    const functions = functionsOf(service);
    expect(functions.length).toBeGreaterThan(10);
    for (const fn of functions) expect(variablesOf(fn).CORS_ALLOWED_ORIGINS).toBe('');
  });

  it('allows exactly the origins given at synth, in the API and in every function', () => {
    const origins = ['https://app.example.gov.cn', 'http://localhost:5173'];
    const service = serviceOf({ corsAllowedOrigins: origins });
    service.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: origins,
        AllowHeaders: ['authorization', 'content-type', 'idempotency-key'],
        MaxAge: 600,
      },
    });
    for (const fn of functionsOf(service))
      expect(variablesOf(fn).CORS_ALLOWED_ORIGINS).toBe(origins.join(','));
  });

  it('reads CORS_ALLOWED_ORIGINS when synthesizing', () => {
    process.env.CORS_ALLOWED_ORIGINS = 'https://app.example.gov.cn, https://m.example.gov.cn';
    try {
      serviceOf().hasResourceProperties('AWS::ApiGatewayV2::Api', {
        CorsConfiguration: { AllowOrigins: ['https://app.example.gov.cn', 'https://m.example.gov.cn'] },
      });
    } finally {
      delete process.env.CORS_ALLOWED_ORIGINS;
    }
  });

  it('refuses what is not an origin, naming it', () => {
    for (const bad of ['app.example.gov.cn', 'https://app.example.gov.cn/', 'https://a.example.cn/path']) {
      expect(() => serviceOf({ corsAllowedOrigins: [bad] })).toThrow(bad);
    }
  });
});

describe('throttling', () => {
  let service: Template;
  let stage: Stage;

  beforeAll(() => {
    service = serviceOf();
    const [resource] = Object.values(service.findResources('AWS::ApiGatewayV2::Stage')) as Resource[];
    stage = resource?.Properties as unknown as Stage;
  });

  it('gives every public route, and only those, its own lower limit', () => {
    const publicKeys = CLOUD_ROUTES.filter((route) => !route.localOnly && route.access === 'public').map(
      routeKey,
    );
    expect(publicKeys.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(stage.RouteSettings ?? {}).sort()).toEqual([...publicKeys].sort());
    for (const settings of Object.values(stage.RouteSettings ?? {})) {
      expect(settings).toEqual({
        ThrottlingRateLimit: PUBLIC_THROTTLE.rateLimit,
        ThrottlingBurstLimit: PUBLIC_THROTTLE.burstLimit,
      });
    }
    expect(stage.DefaultRouteSettings).toMatchObject({
      ThrottlingRateLimit: THROTTLE.rateLimit,
      ThrottlingBurstLimit: THROTTLE.burstLimit,
    });
    expect(PUBLIC_THROTTLE.rateLimit).toBeLessThan(THROTTLE.rateLimit);
    expect(PUBLIC_THROTTLE.burstLimit).toBeLessThan(THROTTLE.burstLimit);
  });

  it('creates the stage after the routes its settings name', () => {
    const [stageId] = Object.keys(service.findResources('AWS::ApiGatewayV2::Stage'));
    const dependsOn = (service.toJSON().Resources[stageId as string].DependsOn ?? []) as string[];
    const routes = service.findResources('AWS::ApiGatewayV2::Route') as Record<string, Resource>;
    const publicRouteIds = Object.entries(routes)
      .filter(([, route]) =>
        Object.keys(stage.RouteSettings ?? {}).includes(String(route.Properties?.RouteKey)),
      )
      .map(([id]) => id);
    expect(publicRouteIds.length).toBe(Object.keys(stage.RouteSettings ?? {}).length);
    expect(dependsOn).toEqual(expect.arrayContaining(publicRouteIds));
  });
});

describe('reserved concurrency', () => {
  const capsOf = (template: Template) =>
    Object.fromEntries(
      functionsOf(template).map((fn) => [
        String(variablesOf(fn).SERVICE_NAME),
        fn.Properties?.ReservedConcurrentExecutions,
      ]),
    );
  const apiFunctions = [...new Set(CLOUD_ROUTES.filter((route) => !route.localOnly).map((r) => r.function))];

  it('is off by default', () => {
    expect(Object.values(capsOf(serviceOf())).filter((cap) => cap !== undefined)).toEqual([]);
  });

  it('caps every API function with a number, and no job', () => {
    const built = buildUnbundled({ appProps: { context: { [RESERVED_CONCURRENCY_CONTEXT]: '15' } } });
    const caps = capsOf(Template.fromStack(built.service));
    for (const [name, cap] of Object.entries(caps)) {
      expect(cap, name).toBe((apiFunctions as string[]).includes(name) ? 15 : undefined);
    }
  });

  it('caps the functions named in an object, and refuses unknown names or bad numbers', () => {
    const caps = capsOf(serviceOf({ reservedConcurrency: { verification: 20, sessions: 50 } }));
    expect(caps.verification).toBe(20);
    expect(caps.sessions).toBe(50);
    expect(caps.plans).toBeUndefined();
    expect(() => serviceOf({ reservedConcurrency: { nosuch: 5 } as never })).toThrow('nosuch');
    // A job, or a name every object has: neither serves the API.
    expect(() => serviceOf({ reservedConcurrency: { mailer: 5 } })).toThrow('"mailer" is no API function');
    expect(() => serviceOf({ reservedConcurrency: { toString: 5 } as never })).toThrow('toString');
    expect(() => serviceOf({ reservedConcurrency: 0 })).toThrow(RESERVED_CONCURRENCY_CONTEXT);
    expect(() =>
      buildUnbundled({ appProps: { context: { [RESERVED_CONCURRENCY_CONTEXT]: 'lots' } } }),
    ).toThrow(RESERVED_CONCURRENCY_CONTEXT);
  });

  it('is named for the right function', () => {
    const built = buildUnbundled({ reservedConcurrency: { verification: 7 } });
    const verification = built.service.functions.get('verification');
    const template = Template.fromStack(built.service);
    const resource = template.toJSON().Resources[logicalId(verification?.function as never)];
    expect(resource.Properties.ReservedConcurrentExecutions).toBe(7);
  });
});

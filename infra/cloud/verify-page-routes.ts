/**
 * The verification page on the HTTP API (the China profile's choice over CloudFront): one small
 * function carrying the page's files, reached at `GET /verify` and `GET /verify/{file}` without a
 * token, like the `/public/*` routes the page calls (which, in the China regions, the account's
 * ICP filing lets API Gateway serve). QR links then lead to `<API endpoint>/verify#…`.
 */
import { Validations } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { type HttpApi, HttpMethod, HttpNoneAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { VERIFY_PAGE_DIR, VERIFY_PAGE_FILES, VERIFY_PATH } from '../../web/verify-page';
import { HouseFunction } from './house-function';

export const VERIFY_PAGE_ENTRY = 'infra/cloud/verify-page-handler.ts';

/** The page's routes, as API Gateway keys them. */
export const VERIFY_PAGE_ROUTES = [`GET ${VERIFY_PATH}`, `GET ${VERIFY_PATH}/{file}`] as const;

export interface VerifyPageRoutesProps {
  readonly api: HttpApi;
}

export class VerifyPageRoutes extends Construct {
  readonly function: HouseFunction;
  readonly routes: apigwv2.HttpRoute[];
  /** Where the page is: the API's own endpoint. */
  readonly origin: string;

  constructor(scope: Construct, id: string, props: VerifyPageRoutesProps) {
    super(scope, id);
    const files = Object.fromEntries(
      Object.keys(VERIFY_PAGE_FILES).map((name) => [name, `${VERIFY_PAGE_DIR}${name}`]),
    );
    this.function = new HouseFunction(this, 'Fn', {
      name: 'verify-page',
      entry: VERIFY_PAGE_ENTRY,
      description: 'Serves the certificate verification page (web/verify) from the API',
      // Reads a few kilobytes it carries: the smallest size answers as fast.
      memorySize: 128,
      besideBundle: files,
    });
    const integration = new HttpLambdaIntegration('Integration', this.function.function);
    this.routes = props.api.addRoutes({
      path: VERIFY_PATH,
      methods: [HttpMethod.GET],
      integration,
      authorizer: new HttpNoneAuthorizer(),
    });
    this.routes.push(
      ...props.api.addRoutes({
        path: `${VERIFY_PATH}/{file}`,
        methods: [HttpMethod.GET],
        integration,
        authorizer: new HttpNoneAuthorizer(),
      }),
    );
    for (const route of this.routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The certificate verification page is public by design (anyone holding a certificate or its QR code ' +
          'checks it); the route serves only the static files of web/verify and the stage throttle bounds abuse.',
      });
    }
    // `https://<id>.execute-api.<region>.<URL suffix>`: amazonaws.com.cn in the China regions.
    this.origin = props.api.apiEndpoint;
  }
}

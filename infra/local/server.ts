/**
 * The local HTTP API: routes each request by the route table, checks the Bearer token as the
 * cloud's JWT authorizer does, and calls the same handler the Lambda runs with the same event.
 */

import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import pLimit from 'p-limit';
import { FUNCTIONS, type FunctionName } from '#shared/functions';
import { corsHeaders } from '#shared/http/cors';
import type { HttpEvent, HttpResult } from '#shared/http/types';
import * as MESSAGES from '#shared/i18n/messages';
import type { Text } from '#shared/i18n/text';
import { answerLanguage } from './answer-language';
import { DEFAULT_LOCAL_API_TIMEOUT_SECONDS, DEFAULT_LOCAL_CONCURRENCY, REPO_ROOT } from './config';
import { runAsWriter } from './dynamodb-rules';
import { toHttpApiEvent } from './event';
import { localLambdaContext } from './lambda-context';
import type { BearerVerifier } from './oidc';
import { Router } from './router';
import { verifyPageResponder } from './verify-page';

/** Lambda's synchronous payload limit. */
const MAX_BODY_BYTES = 6 * 1024 * 1024;

type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

const handlers = new Map<FunctionName, Promise<LambdaHandler>>();

function loadHandler(fn: FunctionName): Promise<LambdaHandler> {
  let loaded = handlers.get(fn);
  if (!loaded) {
    const url = pathToFileURL(join(REPO_ROOT, FUNCTIONS[fn].entry)).href;
    loaded = import(url).then((module: { handler: LambdaHandler }) => module.handler);
    handlers.set(fn, loaded);
  }
  return loaded;
}

function sendError(
  request: IncomingMessage,
  response: ServerResponse,
  status: number,
  code: string,
  message: Text,
) {
  const origin = request.headers.origin;
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...corsHeaders(origin) });
  response.end(JSON.stringify({ error: { code, message: message[answerLanguage(request)] } }));
}

async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function writeResult(response: ServerResponse, result: HttpResult): void {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(result.headers ?? {})) headers[name] = String(value);
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  const body = result.body ?? '';
  response.writeHead(result.statusCode ?? 200, headers);
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}

export interface LocalServerOptions {
  router?: Router;
  /** The deadline each request's invocation is given, from its start (middy answers at it). */
  apiTimeoutSeconds?: number;
  /** How many invocations run at once; the rest wait their turn (./config.ts `concurrency`). */
  concurrency?: number;
}

/**
 * The local HTTP API. `verifyBearer` stands where the HTTP API's JWT authorizer stands: the local
 * signer's check (./tokens) or an OpenID Connect provider's (./oidc).
 */
export function createLocalServer(
  verifyBearer: BearerVerifier,
  {
    router = new Router(),
    apiTimeoutSeconds = DEFAULT_LOCAL_API_TIMEOUT_SECONDS,
    concurrency = DEFAULT_LOCAL_CONCURRENCY,
  }: LocalServerOptions = {},
): Server {
  // Lambda gives each concurrent request an environment of its own; here they share one process,
  // and a burst let in at once would have every request time out together. So a bounded number
  // run at once, the rest queue in arrival order, and each one's deadline starts when it runs.
  const invocations = pLimit(concurrency);
  // The certificate verification page (web/verify), on the API's own origin.
  const verifyPage = verifyPageResponder();
  const server = createServer(async (request, response) => {
    const origin = request.headers.origin;
    try {
      const method = request.method ?? 'GET';
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      if (method === 'OPTIONS') {
        response.writeHead(204, corsHeaders(origin));
        response.end();
        return;
      }
      if (await verifyPage(request, response)) return;
      let match: ReturnType<Router['match']>;
      try {
        match = router.match(method, path);
      } catch {
        sendError(request, response, 400, 'BAD_REQUEST', MESSAGES.requests.malformedEscape());
        return;
      }
      if (!match) {
        sendError(request, response, 404, 'NOT_FOUND', MESSAGES.requests.noRoute(`${method} ${path}`));
        return;
      }
      const body = await readBody(request);
      if (!body) {
        sendError(
          request,
          response,
          413,
          'PAYLOAD_TOO_LARGE',
          MESSAGES.requests.payloadTooLarge(MAX_BODY_BYTES),
        );
        return;
      }
      const claims =
        match.route.access === 'public' ? undefined : await verifyBearer(request.headers.authorization);
      if (match.route.access !== 'public' && !claims) {
        sendError(request, response, 401, 'UNAUTHORIZED', MESSAGES.requests.signIn());
        return;
      }
      const event = toHttpApiEvent({
        request,
        route: match.route,
        pathParameters: match.pathParameters,
        body,
        claims,
      });
      const handler = await loadHandler(match.route.function);
      // Every write the request makes is logged with it when the cloud's rules are on (./cloud-rules-env.ts).
      const result = await invocations(() =>
        runAsWriter(`${method} ${path}`, () =>
          handler(event, localLambdaContext(`local-${match.route.function}`, apiTimeoutSeconds * 1000)),
        ),
      );
      writeResult(response, result);
    } catch (error) {
      console.error('local server fault:', error);
      if (!response.headersSent)
        sendError(request, response, 500, 'INTERNAL', MESSAGES.requests.localServerFault());
      else response.end();
    }
  });
  // Requests Node refuses before routing (an over-long request line or headers) still get the one
  // error shape; in the cloud API Gateway answers these itself.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return;
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({
      error: tooLarge
        ? { code: 'REQUEST_TOO_LARGE', message: MESSAGES.requests.headersTooLarge()['zh-CN'] }
        : { code: 'BAD_REQUEST', message: MESSAGES.requests.unparsable()['zh-CN'] },
    });
    socket.end(
      `HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\n` +
        `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}

/** An operation's result as the Lambda answer API Gateway expects. */
import { type HttpResult, RawResponse } from './types';

const JSON_TYPE = 'application/json; charset=utf-8';

export function jsonResponse(statusCode: number, body: unknown): HttpResult {
  return { statusCode, headers: { 'content-type': JSON_TYPE }, body: JSON.stringify(body) };
}

/** A file or page as it is, anything else as JSON. */
export function toResult(status: number, value: unknown): HttpResult {
  if (value instanceof RawResponse) {
    return {
      statusCode: status,
      headers: { 'content-type': value.contentType, ...value.headers },
      body: value.body,
      isBase64Encoded: value.isBase64Encoded,
    };
  }
  return jsonResponse(status, value);
}

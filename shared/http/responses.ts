/** An operation's result as the Lambda answer API Gateway expects. */
import { MEDIA_TYPES } from '#shared/media-types';
import { type HttpResult, RawResponse } from './types';

export function jsonResponse(statusCode: number, body: unknown): HttpResult {
  return { statusCode, headers: { 'content-type': MEDIA_TYPES.json }, body: JSON.stringify(body) };
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

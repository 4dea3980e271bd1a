/**
 * The media types of the files the system answers with, once: the route table declares them
 * (OpenAPI), the handlers send them. Plain data, so the route table stays data only.
 */
export const MEDIA_TYPES = {
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  html: 'text/html; charset=utf-8',
  pdf: 'application/pdf',
} as const;

/** A small HTTP client for e2e tests: JSON in, status and JSON out. */

// Tests read answers as loosely typed JSON; the response schemas are checked by the tests themselves.
// biome-ignore lint/suspicious/noExplicitAny: one deliberate escape hatch for e2e assertions
type Json = any;
export interface ApiResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly token?: string,
  ) {}

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, token);
  }

  async request<T = Json>(
    method: string,
    path: string,
    options: {
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      /** Ends the request (an AbortSignal.timeout, say): the promise rejects. */
      signal?: AbortSignal;
    } = {},
  ): Promise<ApiResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] = 'application/json';
    }
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers,
      body,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T };
  }

  get = <T = Json>(path: string) => this.request<T>('GET', path);

  /** A file answer (a PDF, a spreadsheet) as bytes: read as text, its binary body would be lost. */
  async download(path: string): Promise<ApiResponse<Buffer>> {
    const headers: Record<string, string> = this.token ? { authorization: `Bearer ${this.token}` } : {};
    const response = await fetch(`${this.baseUrl}${path}`, { headers });
    return {
      status: response.status,
      headers: response.headers,
      body: Buffer.from(await response.arrayBuffer()),
    };
  }
  post = <T = Json>(path: string, body?: unknown, headers?: Record<string, string>) =>
    this.request<T>('POST', path, { body, ...(headers ? { headers } : {}) });
  patch = <T = Json>(path: string, body?: unknown) => this.request<T>('PATCH', path, { body });

  /** A signed-in client for `role`, with a token from `POST /local/tokens`. */
  async as(sub: string, role: string, orgId?: string): Promise<ApiClient> {
    const minted = await new ApiClient(this.baseUrl).post<{ token: string }>('/local/tokens', {
      sub,
      role,
      ...(orgId ? { orgId } : {}),
    });
    if (minted.status !== 201) throw new Error(`Could not mint a token: ${JSON.stringify(minted.body)}`);
    return this.withToken(minted.body.token);
  }
}

/** A small HTTP client that behaves like the console: keeps the session cookie and sends the CSRF token. */
export interface Res<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export class HttpClient {
  cookie: string | null = null;
  csrfToken: string | null = null;
  bearer: string | null = null;

  constructor(readonly baseUrl: string) {}

  async login(email: string, password: string): Promise<Res> {
    const res = await this.post('/api/v1/auth/login', { email, password });
    if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
    this.csrfToken = res.body.csrfToken;
    return res;
  }

  withApiKey(secret: string): this {
    this.bearer = secret;
    return this;
  }

  async request<T = any>(
    method: string,
    path: string,
    options: { json?: unknown; body?: BodyInit; headers?: Record<string, string>; raw?: boolean } = {},
  ): Promise<Res<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrfToken && method !== 'GET' && !('x-csrf-token' in headers)) headers['x-csrf-token'] = this.csrfToken;
    let body = options.body;
    if (options.json !== undefined) {
      headers['content-type'] ??= 'application/json';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(this.baseUrl + path, { method, headers, body, duplex: 'half' } as RequestInit);
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /arbiter_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `arbiter_session=${m[1]}` : null;
    }
    const type = res.headers.get('content-type') ?? '';
    let parsed: any;
    if (options.raw) parsed = Buffer.from(await res.arrayBuffer());
    else if (type.includes('json')) parsed = await res.json();
    else parsed = await res.text();
    return { status: res.status, headers: res.headers, body: parsed };
  }

  get<T = any>(path: string, headers?: Record<string, string>) {
    return this.request<T>('GET', path, { headers });
  }
  post<T = any>(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request<T>('POST', path, { json: json ?? {}, headers });
  }
  patch<T = any>(path: string, json?: unknown, headers?: Record<string, string>) {
    return this.request<T>('PATCH', path, { json: json ?? {}, headers });
  }
  put<T = any>(path: string, body: BodyInit, headers: Record<string, string>) {
    return this.request<T>('PUT', path, { body, headers });
  }
}

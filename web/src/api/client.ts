/**
 * The console's HTTP client: JSON in and out, the session cookie (sent by the browser), the CSRF token on
 * every write, and RFC 9457 problem+json errors turned into `ApiError`.
 */

export interface FieldProblem {
  field: string;
  message: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** Field errors keyed by the field's name in the form (the `body.` / `query.` prefix removed). */
  readonly fields: Record<string, string>;
  /** The problem's other members (a tracking number's `reason`, a limit like `maxDays`…). */
  readonly extra: Record<string, unknown>;

  constructor(status: number, code: string, detail: string, fields: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
    super(detail);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.fields = fields;
    this.extra = extra;
  }
}

let csrfToken: string | null = null;
let onUnauthenticated: (() => void) | null = null;

export function setCsrfToken(token: string | null) {
  csrfToken = token;
}

/** Called when a request comes back 401 (the session ended): the app returns to the sign-in page. */
export function setUnauthenticatedHandler(handler: (() => void) | null) {
  onUnauthenticated = handler;
}

export function fieldName(path: string): string {
  return path.replace(/^(body|query|params|querystring)\.?/, '');
}

export function toApiError(status: number, body: unknown): ApiError {
  if (body && typeof body === 'object' && 'code' in body) {
    const p = body as { code: string; detail?: string; title?: string; errors?: FieldProblem[]; field?: string };
    const fields: Record<string, string> = {};
    for (const e of p.errors ?? []) {
      const name = fieldName(e.field);
      if (!(name in fields)) fields[name] = e.message;
    }
    if (typeof p.field === 'string' && !(p.field in fields)) fields[p.field] = p.detail ?? p.code;
    return new ApiError(status, p.code, p.detail ?? p.title ?? p.code, fields, body as Record<string, unknown>);
  }
  return new ApiError(status, status === 0 ? 'network_error' : 'http_error', `HTTP ${status}`);
}

type Query = Record<string, string | number | boolean | undefined | null>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `${path}${path.includes('?') ? '&' : '?'}${s}` : path;
}

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export async function request<T>(
  method: string,
  path: string,
  options: { json?: unknown; query?: Query; signal?: AbortSignal; quiet401?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (WRITES.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.json);
  } else if (WRITES.has(method) && method !== 'DELETE') {
    // Fastify rejects an empty body sent as JSON; an empty object is the neutral body for actions.
    headers['content-type'] = 'application/json';
    body = '{}';
  }
  let res: Response;
  try {
    res = await fetch(withQuery(path, options.query), { method, headers, body, credentials: 'same-origin', signal: options.signal });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError(0, 'network_error', (err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  const parsed: unknown = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const error = toApiError(res.status, parsed);
    if (res.status === 401 && !options.quiet401) onUnauthenticated?.();
    throw error;
  }
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query?: Query, signal?: AbortSignal) => request<T>('GET', path, { query, signal }),
  post: <T>(path: string, json?: unknown) => request<T>('POST', path, { json }),
  patch: <T>(path: string, json?: unknown) => request<T>('PATCH', path, { json }),
  put: <T>(path: string, json?: unknown) => request<T>('PUT', path, { json }),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** Media types the server accepts as a raw upload body; anything else goes as octet-stream to be sniffed. */
function uploadType(file: File): string {
  if (file.type === 'application/pdf' || /^(image|video)\/[\w.+-]+$/.test(file.type)) return file.type;
  return 'application/octet-stream';
}

export interface UploadHandle<T> {
  promise: Promise<T>;
  abort: () => void;
}

/**
 * Sends a file as the raw request body with XMLHttpRequest, which (unlike fetch) reports upload progress.
 * `onProgress` receives a fraction between 0 and 1.
 */
export function uploadFile<T>(method: 'PUT' | 'POST', path: string, file: File, onProgress?: (fraction: number) => void): UploadHandle<T> {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<T>((resolve, reject) => {
    xhr.open(method, path);
    xhr.setRequestHeader('content-type', uploadType(file));
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.withCredentials = true;
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.total ? e.loaded / e.total : 0);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = xhr.responseText;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onProgress?.(1);
        resolve(body as T);
      } else {
        if (xhr.status === 401) onUnauthenticated?.();
        reject(toApiError(xhr.status, body));
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network_error', 'Network error'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Upload cancelled'));
    xhr.send(file);
  });
  return { promise, abort: () => xhr.abort() };
}

/**
 * The CLI's side of the HTTP API: global fetch with the bearer token, the API's error body shown as one line, and
 * every response the CLI reads fields from validated with zod (a changed API fails loudly, not with `undefined`).
 */
import { z } from 'zod';
import { CliError, type CliIo } from './io';

export const DEFAULT_API_URL = 'http://127.0.0.1:8080';

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

export interface ApiConnection {
  apiUrl: string;
  token?: string;
}

/** `--api-url` / `--token` over VERIVALI_API_URL / VERIVALI_TOKEN over the default. */
export function connectionFrom(options: { apiUrl?: string; token?: string }, io: CliIo): ApiConnection {
  const apiUrl = (options.apiUrl ?? io.env.VERIVALI_API_URL ?? DEFAULT_API_URL).replace(/\/+$/, '');
  const token = options.token ?? io.env.VERIVALI_TOKEN;
  return { apiUrl, ...(token ? { token } : {}) };
}

export class ApiClient {
  constructor(private readonly connection: ApiConnection) {}

  get<T>(path: string, schema: z.ZodType<T>): Promise<T> {
    return this.request('GET', path, schema);
  }

  post<T>(path: string, schema: z.ZodType<T>, body: unknown = {}): Promise<T> {
    return this.request('POST', path, schema, body);
  }

  private async request<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T> {
    const url = `${this.connection.apiUrl}${path}`;
    const headers: Record<string, string> = { accept: 'application/json' };
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(url, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    } catch (err) {
      const cause = (err as { cause?: { code?: string; errors?: { code?: string }[]; message?: string } }).cause;
      const reason = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (err as Error).message;
      throw new CliError(`cannot reach the API at ${this.connection.apiUrl} (${reason}); is it running? (--api-url or VERIVALI_API_URL)`);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (!res.ok) {
      const parsed = errorBody.safeParse(json);
      const hint = res.status === 401 && !this.connection.token ? ' (no token: pass --token or set VERIVALI_TOKEN)' : '';
      throw new CliError(parsed.success ? `${res.status} ${parsed.data.error.code}: ${oneLine(parsed.data.error.message)}${hint}` : `${res.status} ${res.statusText} from ${method} ${path}${hint}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new CliError(`unexpected response from ${method} ${path}: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid'}`);
    }
    return parsed.data;
  }
}

const oneLine = (text: string): string => text.replace(/\s*\n\s*/g, ' ');

/** A path segment: package ids contain slashes and go into paths URL-encoded. */
export const segment = (value: string): string => encodeURIComponent(value);

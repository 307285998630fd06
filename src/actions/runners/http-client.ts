import { request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface HttpRequestOptions {
  url: URL;
  method: string;
  headers: OutgoingHttpHeaders;
  body?: string;
  verifyTls: boolean;
  followRedirects: boolean;
  signal: AbortSignal;
  maxResponseBytes: number;
  /** Called for the first URL and every redirect target; throws to refuse it. */
  checkUrl(url: URL): void;
}

export interface HttpResponse {
  status: number;
  /** Header names as the server sent them; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

const MAX_REDIRECTS = 10;

/** One HTTP exchange with node:http(s), following redirects (when asked) as python-requests does. */
export async function sendHttpRequest(options: HttpRequestOptions): Promise<HttpResponse> {
  let { url, method, body } = options;
  const headers = { ...options.headers };
  for (let hop = 0; ; hop++) {
    options.checkUrl(url);
    const response = await exchange({
      ...options,
      url,
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const location = findHeader(response.headers, 'location');
    if (!options.followRedirects || !isRedirect(response.status) || !location) return response;
    if (hop >= MAX_REDIRECTS)
      throw new Error(`more than ${MAX_REDIRECTS} redirects from ${options.url.href}`);
    const next = new URL(location, url);
    if (response.status <= 303 && method !== 'GET' && method !== 'HEAD') {
      method = 'GET';
      body = undefined;
      deleteHeader(headers, 'content-type');
      deleteHeader(headers, 'content-length');
    }
    if (next.host !== url.host) deleteHeader(headers, 'authorization');
    url = next;
  }
}

function exchange(options: HttpRequestOptions): Promise<HttpResponse> {
  const send = options.url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      options.url,
      {
        method: options.method,
        headers: options.headers,
        signal: options.signal,
        ...(options.url.protocol === 'https:' ? { rejectUnauthorized: options.verifyTls } : {}),
      },
      (res) => {
        readResponse(res, options.maxResponseBytes).then(resolve, reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function readResponse(res: IncomingMessage, maxBytes: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        res.destroy(new Error(`response body is larger than ${maxBytes} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', reject);
    res.on('end', () =>
      resolve({
        status: res.statusCode ?? 0,
        headers: rawHeaders(res.rawHeaders),
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
}

function rawHeaders(raw: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!;
    const existing = findHeaderName(headers, name);
    if (existing) headers[existing] = `${headers[existing]}, ${raw[i + 1]!}`;
    else headers[name] = raw[i + 1]!;
  }
  return headers;
}

function isRedirect(status: number): boolean {
  return [301, 302, 303, 307, 308].includes(status);
}

function findHeaderName(headers: Record<string, unknown>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((key) => key.toLowerCase() === lower);
}

/** A header's value whatever the case of its name. */
export function findHeader(headers: Record<string, unknown>, name: string): string | undefined {
  const key = findHeaderName(headers, name);
  const value = key === undefined ? undefined : headers[key];
  return value === undefined || value === null ? undefined : String(value);
}

function deleteHeader(headers: Record<string, unknown>, name: string): void {
  const key = findHeaderName(headers, name);
  if (key !== undefined) delete headers[key];
}

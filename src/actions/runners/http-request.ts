import type { OutgoingHttpHeaders } from 'node:http';

import type { ParameterSpecs } from '../../snapshot/model/action-definition.js';
import { errorMessage } from '../../common/errors.js';
import type { Runner, RunnerContext, RunnerResult } from '../runner.js';
import { findHeader, sendHttpRequest } from './http-client.js';
import { stringValues, timeoutSeconds } from './process-environment.js';

export interface HttpRequestRunnerOptions {
  /** Larger response bodies fail the execution. @default 10 MiB */
  maxResponseBytes?: number;
}

const SUCCESS_STATUS = { min: 200, max: 206 };
const DEFAULT_TIMEOUT_SECONDS = 60;

const hostList = (description: string) => ({
  type: 'array' as const,
  items: { type: 'string' },
  description,
});

/** st2's http runner parameters (contrib/runners/http_runner/runner.yaml) plus what core.http adds. */
const HTTP_PARAMETERS: ParameterSpecs = {
  url: { type: 'string', required: true, description: 'URL to the HTTP endpoint.' },
  method: { type: 'string', description: 'HTTP method; GET, or POST when there is a body.' },
  headers: { type: 'object', description: 'HTTP headers for the request.' },
  body: { type: ['string', 'object', 'array'], description: 'Body to send with the request.' },
  params: { type: 'object', description: 'Query parameters added to the URL.' },
  cookies: { type: 'object', description: 'Cookies to send with the request.' },
  timeout: {
    type: 'number',
    default: DEFAULT_TIMEOUT_SECONDS,
    description: 'Timeout for the request in seconds; 0 means no limit.',
  },
  auth: { type: 'string', secret: true, description: 'Basic authentication as "user:password".' },
  username: { type: 'string', description: 'Username for basic authentication.' },
  password: { type: 'string', secret: true, description: 'Password for basic authentication.' },
  verify_ssl_cert: {
    type: 'boolean',
    default: true,
    description: 'Verify the server certificate for HTTPS.',
  },
  allow_redirects: { type: 'boolean', default: false, description: 'Follow redirects.' },
  allowed_hosts: hostList('When set, only these hosts may be requested (redirects included).'),
  denied_hosts: hostList('These hosts may not be requested (redirects included).'),
  url_hosts_whitelist: hostList('st2 name for allowed_hosts.'),
  url_hosts_blacklist: hostList('st2 name for denied_hosts.'),
};

/** st2's `http-request`: one HTTP request; succeeds only for status 200–206. */
export function createHttpRequestRunner(options: HttpRequestRunnerOptions = {}): Runner {
  return {
    name: 'http-request',
    description: 'Sends an HTTP request.',
    parameters: HTTP_PARAMETERS,
    shellParameters: [],
    run: (context) => runRequest(context, options),
  };
}

async function runRequest(context: RunnerContext, options: HttpRequestRunnerOptions): Promise<RunnerResult> {
  const p = context.parameters;
  let url: URL;
  let body: string | undefined;
  try {
    url = requestUrl(p['url'], p['params']);
    body = requestBody(p['body'], p['headers']);
  } catch (error) {
    return failed(`action ${context.action.ref}: ${errorMessage(error)}`);
  }
  const allowed = [...strings(p['allowed_hosts']), ...strings(p['url_hosts_whitelist'])];
  const denied = [...strings(p['denied_hosts']), ...strings(p['url_hosts_blacklist'])];
  if (allowed.length > 0 && denied.length > 0) {
    return failed('allowed_hosts and denied_hosts are mutually exclusive; give only one of them');
  }
  const method =
    typeof p['method'] === 'string' && p['method'] ? p['method'].toUpperCase() : body ? 'POST' : 'GET';
  const timeout = timeoutSeconds(p['timeout'], DEFAULT_TIMEOUT_SECONDS);
  // 0 means no limit, as for the shell runners.
  const timeoutSignal =
    timeout > 0 ? AbortSignal.timeout(Math.max(1, Math.round(timeout * 1000))) : undefined;
  try {
    const response = await sendHttpRequest({
      url,
      method,
      headers: requestHeaders(context, body),
      ...(body === undefined ? {} : { body }),
      verifyTls: p['verify_ssl_cert'] !== false,
      followRedirects: p['allow_redirects'] === true,
      signal: timeoutSignal ? AbortSignal.any([context.signal, timeoutSignal]) : context.signal,
      maxResponseBytes: options.maxResponseBytes ?? 10 * 1024 * 1024,
      checkUrl: (target) => checkHost(target, allowed, denied),
    });
    const { parsed, value } = parseBody(response.body, findHeader(response.headers, 'content-type'));
    const ok = response.status >= SUCCESS_STATUS.min && response.status <= SUCCESS_STATUS.max;
    return {
      status: ok ? 'succeeded' : 'failed',
      result: { status_code: response.status, body: value, parsed, headers: response.headers },
      ...(ok ? {} : { error: `${method} ${url.origin}${url.pathname} answered HTTP ${response.status}` }),
    };
  } catch (error) {
    if (context.signal.aborted) return { status: 'canceled', result: { error: 'Execution was canceled' } };
    if (timeoutSignal?.aborted) {
      const message = `request to ${url.origin} did not complete in ${timeout} seconds`;
      return { status: 'timeout', result: { error: message }, error: message };
    }
    return failed(`${method} ${url.origin}${url.pathname} failed: ${errorMessage(error)}`);
  }
}

function requestUrl(raw: unknown, params: unknown): URL {
  if (typeof raw !== 'string' || raw === '') throw new Error('parameter "url" is required');
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`url ${url.protocol}// is not supported; use http:// or https://`);
  }
  for (const [key, value] of Object.entries(stringValues(params))) url.searchParams.append(key, value);
  return url;
}

function requestHeaders(context: RunnerContext, body: string | undefined): OutgoingHttpHeaders {
  const p = context.parameters;
  const headers: OutgoingHttpHeaders = {
    'User-Agent': 'squall',
    'X-Stanley-Action': context.action.spec.name,
    ...stringValues(p['headers']),
  };
  const cookies = Object.entries(stringValues(p['cookies']));
  if (cookies.length > 0) headers['Cookie'] = cookies.map(([k, v]) => `${k}=${v}`).join('; ');
  const basic = basicCredentials(p['auth'], p['username'], p['password']);
  if (basic && !findHeader(headers, 'authorization')) {
    headers['Authorization'] = `Basic ${Buffer.from(basic).toString('base64')}`;
  }
  if (body !== undefined && !findHeader(headers, 'content-length')) {
    headers['Content-Length'] = String(Buffer.byteLength(body));
  }
  return headers;
}

function basicCredentials(auth: unknown, username: unknown, password: unknown): string | undefined {
  if (typeof username === 'string' || typeof password === 'string') {
    return `${typeof username === 'string' ? username : ''}:${typeof password === 'string' ? password : ''}`;
  }
  return typeof auth === 'string' && auth.includes(':') ? auth : undefined;
}

/** A JSON content type sends JSON (a string body is checked to be JSON); otherwise text as given. */
function requestBody(body: unknown, headers: unknown): string | undefined {
  if (body === undefined || body === null || body === '') return undefined;
  const contentType = findHeader(stringValues(headers), 'content-type')?.split(';')[0]?.trim();
  if (typeof body !== 'string') return JSON.stringify(body);
  if (contentType !== 'application/json') return body;
  try {
    return JSON.stringify(JSON.parse(body));
  } catch {
    throw new Error('the body is not valid JSON but the Content-Type header says application/json');
  }
}

function parseBody(text: string, contentType: string | undefined): { parsed: boolean; value: unknown } {
  if (contentType?.split(';')[0]?.trim().toLowerCase() !== 'application/json')
    return { parsed: false, value: text };
  try {
    return { parsed: true, value: JSON.parse(text) as unknown };
  } catch {
    return { parsed: false, value: text };
  }
}

function checkHost(url: URL, allowed: readonly string[], denied: readonly string[]): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (denied.includes(host)) throw new Error(`host "${host}" is in denied_hosts`);
  if (allowed.length > 0 && !allowed.includes(host))
    throw new Error(`host "${host}" is not in allowed_hosts`);
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function failed(error: string): RunnerResult {
  return { status: 'failed', result: { error }, error };
}

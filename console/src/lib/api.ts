/** The API client: same origin, the key from sessionStorage in st2's header, errors as ApiError. */

const KEY_STORAGE = 'squall.apiKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

type AuthListener = (reason: string) => void;
const authListeners = new Set<AuthListener>();

/** Called when the API answers 401/403: the app asks for the key. */
export function onAuthNeeded(listener: AuthListener): () => void {
  authListeners.add(listener);
  return () => authListeners.delete(listener);
}

export function apiKey(): string | null {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key: string | null): void {
  if (key === null || key === '') sessionStorage.removeItem(KEY_STORAGE);
  else sessionStorage.setItem(KEY_STORAGE, key);
}

export function authHeaders(): Record<string, string> {
  const key = apiKey();
  return key === null ? {} : { 'St2-Api-Key': key };
}

/** `api('GET', '/rules')` → the parsed JSON body; any status ≥ 400 throws an ApiError. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeaders() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`/api/v1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let data: unknown = undefined;
  try {
    data = text === '' ? undefined : JSON.parse(text);
  } catch {
    data = text;
  }
  if (!response.ok) {
    const fault = data as { faultstring?: string; code?: string } | undefined;
    const message = fault?.faultstring ?? `${method} ${path} answered ${response.status}`;
    const error = new ApiError(response.status, fault?.code ?? `HTTP_${response.status}`, message);
    if (response.status === 401 || response.status === 403)
      for (const listener of authListeners) listener(message);
    throw error;
  }
  return data as T;
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Query string from the defined, non-empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

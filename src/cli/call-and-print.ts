import { print, withApi, type CommandContext, type CommonOptions } from './command-context.js';
import type { HttpMethod, SquallApi } from './connect.js';
import type { Style } from './output/style.js';

/** One request to the home's API; a bare string is a GET of that path. */
export interface ApiRequest {
  /** @default 'GET' */
  method?: HttpMethod;
  path: string;
  body?: unknown;
  /** Runs once the API is open, before the request (e.g. to note that it opened in-process). */
  onOpen?: (api: SquallApi) => void;
}

/**
 * The shape of most `list` / `get` verbs: opens the API, makes one request and prints the answer as
 * JSON with `--json`, otherwise as `format` renders it (a table or a key/value block). Returns the
 * answer for verbs that also set the exit code from it.
 */
export async function callAndPrint<T>(
  context: CommandContext,
  options: CommonOptions,
  request: ApiRequest | string,
  format: (value: T, style: Style) => string,
): Promise<T> {
  const { method = 'GET', path, body, onOpen } = typeof request === 'string' ? { path: request } : request;
  const value = await withApi(context, options, (api) => {
    onOpen?.(api);
    return api.call<T>(method, path, body);
  });
  print(context, options, value, (style) => format(value, style));
  return value;
}

import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import path from 'node:path';

import { parseYamlDocument } from '../parsing/yaml-document.js';
import { ValidationError } from '../common/errors.js';
import { compileSchemaCheck } from '../parsing/json-schema.js';
import { CONFIG_SCHEMA } from './config-schema.js';
import {
  DEFAULT_CONFIG,
  MIN_API_KEY_LENGTH,
  type PythonConfig,
  type SquallConfig,
  type SshConfig,
} from './squall-config.js';

const checkConfig = compileSchemaCheck(CONFIG_SCHEMA);

export const CONFIG_FILE = 'squall.yaml';
const SECTIONS = new Set(Object.keys(DEFAULT_CONFIG));

/**
 * Reads `<home>/squall.yaml` when it exists, checks it and merges it over the defaults.
 * `SQUALL_API_KEY`, `SQUALL_DATABASE_URL` and `SQUALL_REDIS_URL` override the file, so secrets can stay out of it.
 */
export async function loadConfig(
  home: string,
  env: NodeJS.ProcessEnv = process.env,
  options: { dataDir?: string } = {},
): Promise<SquallConfig> {
  const file = path.join(home, CONFIG_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
  const fromFile = text === undefined ? {} : sectionsOf(parseYamlDocument(text, file).data, file);
  const problem = checkConfig(fromFile);
  if (problem) {
    throw new ValidationError(
      `${file}: ${problem.replaceAll('payload', 'squall.yaml')}; see docs/configuration.md`,
      {
        code: 'E_CONFIG',
        location: { file },
      },
    );
  }
  const config: SquallConfig = {
    api: { ...DEFAULT_CONFIG.api, ...(fromFile['api'] as object | undefined) },
    store: {
      ...((fromFile['store'] as SquallConfig['store'] | undefined) ??
        (options.dataDir
          ? { driver: 'sqlite', path: path.join(options.dataDir, 'squall.db') }
          : DEFAULT_CONFIG.store)),
    },
    queue: { ...((fromFile['queue'] as SquallConfig['queue'] | undefined) ?? DEFAULT_CONFIG.queue) },
    ...(fromFile['cluster'] ? { cluster: { ...(fromFile['cluster'] as object) } } : {}),
    executions: { ...DEFAULT_CONFIG.executions, ...(fromFile['executions'] as object | undefined) },
    backpressure: { ...DEFAULT_CONFIG.backpressure, ...(fromFile['backpressure'] as object | undefined) },
    webhooks: { ...(fromFile['webhooks'] as SquallConfig['webhooks'] | undefined) },
    chatops: { ...(fromFile['chatops'] as object | undefined) },
    packs: { ...(fromFile['packs'] as object | undefined) },
    python: pythonSection(fromFile['python'], home),
    ssh: sshSection(fromFile['ssh'], home),
    regex: { ...DEFAULT_CONFIG.regex, ...(fromFile['regex'] as object | undefined) },
    history: { ...DEFAULT_CONFIG.history, ...(fromFile['history'] as object | undefined) },
  };
  if (env['SQUALL_API_KEY']) config.api.api_key = env['SQUALL_API_KEY'];
  const databaseUrl = env['SQUALL_DATABASE_URL'];
  if (databaseUrl) {
    const schema = config.store.driver === 'postgres' ? config.store.schema : undefined;
    config.store = { driver: 'postgres', url: databaseUrl, ...(schema ? { schema } : {}) };
  }
  const redisUrl = env['SQUALL_REDIS_URL'];
  if (redisUrl) {
    const file = config.queue.driver === 'bullmq' ? config.queue : undefined;
    config.queue = { ...file, driver: 'bullmq', url: redisUrl };
  }
  if (config.store.driver === 'sqlite' && !path.isAbsolute(config.store.path)) {
    config.store = { ...config.store, path: path.join(home, config.store.path) };
  }
  validateConfig(config, file);
  return config;
}

type Section = Record<string, unknown> | undefined;

/** `python:` over its defaults; find_links folders resolve against the home. */
function pythonSection(value: unknown, home: string): PythonConfig {
  const section = value as Section;
  const defaults = DEFAULT_CONFIG.python;
  const pip = { ...(section?.['pip'] as Section) } as PythonConfig['pip'];
  const list = (item: unknown): string[] | undefined =>
    item === undefined ? undefined : Array.isArray(item) ? (item as string[]) : [item as string];
  const extra = list(pip.extra_index_url);
  const links = list(pip.find_links)?.map((link) => (isUrl(link) ? link : path.resolve(home, link)));
  return {
    ...defaults,
    ...(section as Partial<PythonConfig> | undefined),
    packs: { ...(section?.['packs'] as PythonConfig['packs'] | undefined) },
    pip: { ...pip, ...(extra ? { extra_index_url: extra } : {}), ...(links ? { find_links: links } : {}) },
  };
}

/** `ssh:` over its defaults; key and known_hosts files resolve against the home. */
function sshSection(value: unknown, home: string): SshConfig {
  const section = { ...DEFAULT_CONFIG.ssh, ...(value as Partial<SshConfig> | undefined) };
  for (const key of ['private_key_file', 'known_hosts_file'] as const) {
    const file = section[key];
    if (file !== undefined) section[key] = path.resolve(home, file.replace(/^~(?=\/)/, homedir()));
  }
  return section;
}

function isUrl(text: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
}

function sectionsOf(data: unknown, file: string): Record<string, unknown> {
  if (data === undefined || data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new ValidationError(`${file}: must be a mapping of sections (${[...SECTIONS].join(', ')})`, {
      code: 'E_CONFIG',
      location: { file },
    });
  }
  for (const key of Object.keys(data)) {
    if (!SECTIONS.has(key)) {
      throw new ValidationError(`${file}: unknown section "${key}"; known: ${[...SECTIONS].join(', ')}`, {
        code: 'E_CONFIG',
        location: { file },
      });
    }
  }
  return data as Record<string, unknown>;
}

function validateConfig(config: SquallConfig, file: string): void {
  const fail = (message: string): never => {
    throw new ValidationError(`${file}: ${message}`, { code: 'E_CONFIG', location: { file } });
  };
  if (!Number.isInteger(config.api.port) || config.api.port < 0 || config.api.port > 65535) {
    fail(`api.port must be a port number, got ${JSON.stringify(config.api.port)}`);
  }
  if (!['sqlite', 'postgres'].includes(config.store.driver)) fail('store.driver must be sqlite or postgres');
  if (!['memory', 'bullmq'].includes(config.queue.driver)) fail('queue.driver must be memory or bullmq');
  if (!Number.isInteger(config.executions.concurrency) || config.executions.concurrency < 1) {
    fail('executions.concurrency must be a whole number ≥ 1');
  }
  const apiKey = config.api.api_key;
  if (apiKey !== undefined && apiKey.length < MIN_API_KEY_LENGTH) {
    fail(
      `api.api_key (or SQUALL_API_KEY) is ${apiKey.length} characters; an API key needs at least ${MIN_API_KEY_LENGTH} (generate one with: openssl rand -hex 24)`,
    );
  }
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

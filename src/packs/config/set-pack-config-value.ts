import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

import yaml from 'js-yaml';

import { compileSchemaCheck } from '../../parsing/json-schema.js';
import { parseYamlDocument } from '../../parsing/yaml-document.js';
import type { ParameterSpec } from '../../snapshot/model/action-definition.js';
import { ValidationError } from '../../common/errors.js';
import { MASK } from '../../security/mask-constant.js';
import { castParameterValue } from '../../templates/cast-parameter.js';
import { installedPackSchema, isRecord, propertyAt } from './config-schema.js';
import { encryptConfigValue } from './encrypted-value.js';
import { packConfigFile, type PackConfigDeps } from './pack-config.js';

export interface SetConfigOptions {
  /** Store encrypted even when the schema does not mark the key secret. */
  secret?: boolean;
}

export interface SetConfigResult {
  pack: string;
  file: string;
  key: string;
  /** The stored value as output may show it (masked when secret). */
  value: unknown;
  encrypted: boolean;
}

const KEY_PATH = /^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/;

/**
 * Sets one key of `<home>/configs/<pack>.yaml` (dotted for nested keys). The text value is cast to
 * the schema's type and checked against the key's property; secret keys (schema `secret: true` or
 * `secret` here) are written encrypted. A top-level key is replaced in place, so the file's comments
 * and order stay; a nested key rewrites the file.
 */
export async function setPackConfigValue(
  pack: string,
  key: string,
  text: string,
  options: SetConfigOptions,
  deps: Pick<PackConfigDeps, 'home' | 'snapshot' | 'secretBox'>,
): Promise<SetConfigResult> {
  if (!KEY_PATH.test(key)) {
    throw new ValidationError(
      `pack config: "${key}" is not a config key (letters, digits, _ and -, dotted for nested keys)`,
      {
        code: 'E_PACK_CONFIG',
      },
    );
  }
  const file = packConfigFile(deps.home, pack);
  const schema = await installedPackSchema(pack, deps.snapshot());
  const spec = schema ? propertyAt(schema.properties, key) : undefined;
  const value = typedValue(key, text, spec);
  const encrypted = options.secret === true || spec?.secret === true;
  const stored = encrypted
    ? encryptConfigValue(deps.secretBox, typeof value === 'string' ? value : JSON.stringify(value))
    : value;
  const before = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  await writeAtomically(file, withKey(before, file, key, stored));
  return { pack, file, key, value: encrypted ? MASK : value, encrypted };
}

function typedValue(key: string, text: string, spec: ParameterSpec | undefined): unknown {
  if (!spec) return text;
  const value = spec.type === undefined ? text : castParameterValue(key, text, spec);
  const { secret: _secret, required: _required, ...schema } = spec;
  const problems = compileSchemaCheck(schema)(value);
  if (problems !== undefined) {
    throw new ValidationError(`pack config: ${key}: ${problems.replace(/^payload\.?/, 'value ')}`, {
      code: 'E_PACK_CONFIG',
    });
  }
  return value;
}

function withKey(text: string, file: string, key: string, value: unknown): string {
  const parts = key.split('.');
  if (parts.length === 1) return replaceTopLevel(text, key, value);
  const data = text.trim() === '' ? {} : parseYamlDocument(text, file).data;
  const root = isRecord(data) ? data : {};
  let node = root;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node[part] = isRecord(next) ? next : {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts.at(-1) ?? key] = value;
  return yaml.dump(root, { lineWidth: -1 });
}

/** Replaces `key:` and its indented block, or appends it; other lines are kept as they are. */
function replaceTopLevel(text: string, key: string, value: unknown): string {
  const snippet = yaml
    .dump({ [key]: value }, { lineWidth: -1 })
    .trimEnd()
    .split('\n');
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const start = lines.findIndex((line) => new RegExp(`^(['"]?)${escapeRegExp(key)}\\1\\s*:`).test(line));
  if (start < 0) return `${[...lines, ...snippet].join('\n')}\n`;
  let end = start + 1;
  while (end < lines.length && /^(\s|-|$)/.test(lines[end] ?? '')) end++;
  while (end > start + 1 && (lines[end - 1] ?? '').trim() === '') end--;
  lines.splice(start, end - start, ...snippet);
  return `${lines.join('\n')}\n`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await rename(temp, file);
}

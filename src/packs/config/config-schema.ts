import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { parseYamlDocument } from '../../parsing/yaml-document.js';
import type { ParameterSpec } from '../../snapshot/model/action-definition.js';
import type { JsonSchema } from '../../domain/json.js';
import type { ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { NotFoundError, ValidationError } from '../../common/errors.js';

/**
 * A pack's `config.schema.yaml`. As in st2 the file maps each config key to its property
 * (`type`, `description`, `required`, `default`, `secret`, nested `properties`); it is read as the
 * properties of an object that may hold other keys too.
 */
export interface PackConfigSchema {
  file: string;
  properties: Record<string, ParameterSpec>;
  /** The JSON schema the config validates against. */
  schema: JsonSchema;
}

export const CONFIG_SCHEMA_FILE = 'config.schema.yaml';

/** The schema of an installed pack (see loadConfigSchema); a pack that is not installed is not found. */
export async function installedPackSchema(
  pack: string,
  snapshot: ContentSnapshot,
): Promise<PackConfigSchema | undefined> {
  const info = snapshot.packs.get(pack);
  if (!info)
    throw new NotFoundError(`pack config: pack "${pack}" is not installed`, { code: 'E_PACK_NOT_FOUND' });
  return loadConfigSchema(info.dir);
}

/** The pack's schema, or undefined when the pack declares none (its config is then taken as it is). */
export async function loadConfigSchema(packDir: string): Promise<PackConfigSchema | undefined> {
  const file = path.join(packDir, CONFIG_SCHEMA_FILE);
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ValidationError(`${file}: cannot read the config schema: ${error.message}`, {
      code: 'E_CONFIG_SCHEMA',
      location: { file },
    });
  });
  if (text === undefined) return undefined;
  const data = parseYamlDocument(text, file).data ?? {};
  if (!isRecord(data) || Object.values(data).some((property) => !isRecord(property))) {
    throw new ValidationError(
      `${file}: a config schema maps each config key to its property ({type, description, default, secret, required})`,
      {
        code: 'E_CONFIG_SCHEMA',
        location: { file },
      },
    );
  }
  const properties = data as Record<string, ParameterSpec>;
  return { file, properties, schema: { type: 'object', properties, additionalProperties: true } };
}

/** Dotted paths of the properties marked `secret: true`, nested object properties included. */
export function secretPaths(properties: Record<string, ParameterSpec>, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [name, spec] of Object.entries(properties)) {
    const at = `${prefix}${name}`;
    if (spec.secret === true) paths.push(at);
    if (isRecord(spec.properties))
      paths.push(...secretPaths(spec.properties as Record<string, ParameterSpec>, `${at}.`));
  }
  return paths;
}

/** The property at a dotted path, through nested `properties`. */
export function propertyAt(
  properties: Record<string, ParameterSpec>,
  dotted: string,
): ParameterSpec | undefined {
  let current: Record<string, ParameterSpec> | undefined = properties;
  let spec: ParameterSpec | undefined;
  for (const part of dotted.split('.')) {
    spec = current?.[part];
    if (!spec) return undefined;
    current = isRecord(spec.properties) ? (spec.properties as Record<string, ParameterSpec>) : undefined;
  }
  return spec;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

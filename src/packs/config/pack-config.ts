import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { compileSchemaCheck } from '../../parsing/json-schema.js';
import { parseYamlDocument } from '../../parsing/yaml-document.js';
import type { SecretBox } from '../../datastore/secret-box.js';
import type { ParameterSpec } from '../../snapshot/model/action-definition.js';
import type { KeyValueLookup } from '../../snapshot/model/rule-definition.js';
import { ValidationError, errorMessage } from '../../common/errors.js';
import { MASK } from '../../security/mask-constant.js';
import { castParameterValue } from '../../templates/cast-parameter.js';
import { compileTemplate, isTemplate } from '../../templates/compile-template.js';
import type { ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { assertPackRef } from '../manage/pack-paths.js';
import {
  isRecord,
  installedPackSchema,
  propertyAt,
  secretPaths,
  type PackConfigSchema,
} from './config-schema.js';
import { decryptConfigValue, isEncryptedValue } from './encrypted-value.js';

export interface PackConfigDeps {
  home: string;
  /** Finds the pack's folder (and its config.schema.yaml). */
  snapshot(): ContentSnapshot;
  secretBox: SecretBox;
  /** Resolves `{{ st2kv.system.x }}`; without it missing keys render empty. */
  kv?: KeyValueLookup;
  /** For `{{ st2kv.system.x | decrypt_kv }}`. */
  decrypt?: (ciphertext: string) => string;
}

export interface PackConfigReport {
  pack: string;
  file: string;
  exists: boolean;
  schema_file?: string;
  valid: boolean;
  errors: string[];
  warnings: string[];
}

/** A pack config ready for runners and sensors: defaults applied, secrets decrypted, datastore values resolved. */
export interface LoadedPackConfig {
  pack: string;
  values: Record<string, unknown>;
  /** The clear-text secret values, for the engine's secret registry (masked wherever data leaves). */
  secrets: string[];
  report: PackConfigReport;
}

/** The pack config as output may show it: secret items and encrypted values masked, templates unresolved. */
export interface PackConfigDescription {
  pack: string;
  file: string;
  values: Record<string, unknown>;
  report: PackConfigReport;
}

interface RawConfig {
  pack: string;
  file: string;
  exists: boolean;
  values: Record<string, unknown>;
  schema: PackConfigSchema | undefined;
}

export function packConfigFile(home: string, pack: string): string {
  assertPackRef(pack);
  return path.join(path.resolve(home), 'configs', `${pack}.yaml`);
}

/** Resolves `<home>/configs/<pack>.yaml`; throws ValidationError (E_PACK_CONFIG) when it does not validate. */
export async function loadPackConfig(pack: string, deps: PackConfigDeps): Promise<LoadedPackConfig> {
  const raw = await readRawConfig(pack, deps);
  const properties = raw.schema?.properties ?? {};
  const secrets = new Set<string>();
  const secretSet = new Set(secretPaths(properties));
  const context = {
    kv: deps.kv ?? { get: () => undefined },
    ...(deps.decrypt ? { decrypt: deps.decrypt } : {}),
  };
  const resolve = (value: unknown, at: string, spec: ParameterSpec | undefined): unknown => {
    let result = value;
    if (isEncryptedValue(value)) {
      result = decryptConfigValue(deps.secretBox, value);
      secrets.add(result as string);
    } else if (typeof value === 'string' && isTemplate(value)) {
      result = compileTemplate(value, { name: `${raw.file} ${at}` })(context);
    } else if (Array.isArray(value)) {
      return value.map((item, index) =>
        resolve(item, `${at}[${index}]`, spec?.items as ParameterSpec | undefined),
      );
    } else if (isRecord(value)) {
      return mapEntries(value, (key, item) => resolve(item, `${at}.${key}`, childSpec(spec, key)));
    }
    if (result !== value && spec?.type !== undefined) result = castParameterValue(at, result, spec);
    if (secretSet.has(at) && (typeof result === 'string' || typeof result === 'number'))
      secrets.add(String(result));
    return result;
  };
  const values = mapEntries(applyDefaults(raw.values, properties), (key, item) =>
    resolve(item, key, properties[key]),
  );
  const report = checkConfig(raw, values, []);
  if (!report.valid) {
    throw new ValidationError(
      `pack config ${raw.file}: ${report.errors.join('; ')}; fix the file or run \`squall pack config ${pack} --validate\``,
      {
        code: 'E_PACK_CONFIG',
        location: { file: raw.file },
      },
    );
  }
  return { pack, values, secrets: [...secrets], report };
}

/**
 * Checks the config file against the schema without the datastore: values resolved at run time
 * (templates) stand in for a valid value of their type; encrypted values must decrypt with this key.
 */
export async function validatePackConfig(pack: string, deps: PackConfigDeps): Promise<PackConfigReport> {
  const raw = await readRawConfig(pack, deps);
  const properties = raw.schema?.properties ?? {};
  const warnings: string[] = [];
  const errors: string[] = [];
  const secretSet = new Set(secretPaths(properties));
  const stand = (value: unknown, at: string, spec: ParameterSpec | undefined): unknown => {
    if (isEncryptedValue(value)) {
      try {
        return castIfTyped(decryptConfigValue(deps.secretBox, value), at, spec);
      } catch (error) {
        errors.push(`${at}: ${errorMessage(error)}`);
        return placeholder(spec);
      }
    }
    if (typeof value === 'string' && isTemplate(value)) return placeholder(spec);
    if (secretSet.has(at) && value !== null && value !== undefined && !isRecord(value)) {
      warnings.push(
        `${at} is a secret stored in clear text; store it with \`squall pack config ${pack} set ${at} <value> --secret\``,
      );
    }
    if (Array.isArray(value))
      return value.map((item, index) =>
        stand(item, `${at}[${index}]`, spec?.items as ParameterSpec | undefined),
      );
    if (isRecord(value))
      return mapEntries(value, (key, item) => stand(item, `${at}.${key}`, childSpec(spec, key)));
    return value;
  };
  const values = mapEntries(applyDefaults(raw.values, properties), (key, item) =>
    stand(item, key, properties[key]),
  );
  const report = checkConfig(raw, values, warnings);
  report.errors.unshift(...errors);
  report.valid = report.errors.length === 0;
  return report;
}

export async function describePackConfig(pack: string, deps: PackConfigDeps): Promise<PackConfigDescription> {
  const raw = await readRawConfig(pack, deps);
  const properties = raw.schema?.properties ?? {};
  const secretSet = new Set(secretPaths(properties));
  const mask = (value: unknown, at: string): unknown => {
    if (isEncryptedValue(value)) return MASK;
    if (secretSet.has(at) && value !== null && value !== undefined && !isRecord(value)) return MASK;
    if (Array.isArray(value)) return value.map((item, index) => mask(item, `${at}[${index}]`));
    if (isRecord(value)) return mapEntries(value, (key, item) => mask(item, `${at}.${key}`));
    return value;
  };
  const values = mapEntries(applyDefaults(raw.values, properties), (key, item) => mask(item, key));
  return { pack, file: raw.file, values, report: await validatePackConfig(pack, deps) };
}

async function readRawConfig(pack: string, deps: PackConfigDeps): Promise<RawConfig> {
  const file = packConfigFile(deps.home, pack);
  const schema = await installedPackSchema(pack, deps.snapshot());
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw new ValidationError(`pack config ${file}: cannot read: ${error.message}`, {
      code: 'E_PACK_CONFIG',
      location: { file },
    });
  });
  const data = text === undefined ? {} : (parseYamlDocument(text, file).data ?? {});
  if (!isRecord(data)) {
    throw new ValidationError(`pack config ${file}: must be a mapping of config keys to values`, {
      code: 'E_PACK_CONFIG',
      location: { file },
    });
  }
  return { pack, file, exists: text !== undefined, values: data, schema };
}

function checkConfig(raw: RawConfig, values: Record<string, unknown>, warnings: string[]): PackConfigReport {
  const problems = raw.schema ? compileSchemaCheck(raw.schema.schema)(values) : undefined;
  const errors =
    problems === undefined ? [] : problems.split('; ').map((line) => line.replace(/^payload\.?/, 'config '));
  return {
    pack: raw.pack,
    file: raw.file,
    exists: raw.exists,
    ...(raw.schema ? { schema_file: raw.schema.file } : {}),
    valid: errors.length === 0,
    errors,
    warnings,
  };
}

/** Schema defaults for keys the config leaves out, into nested objects too (st2's config loader does the same). */
export function applyDefaults(
  values: Record<string, unknown>,
  properties: Record<string, ParameterSpec>,
): Record<string, unknown> {
  const result: Record<string, unknown> = { ...values };
  for (const [name, spec] of Object.entries(properties)) {
    if (result[name] === undefined && spec.default !== undefined)
      result[name] = structuredClone(spec.default);
    const nested = spec.properties;
    const current = result[name];
    if (isRecord(nested) && (isRecord(current) || (current === undefined && hasNestedDefaults(nested)))) {
      result[name] = applyDefaults(isRecord(current) ? current : {}, nested as Record<string, ParameterSpec>);
    }
  }
  return result;
}

function hasNestedDefaults(properties: Record<string, unknown>): boolean {
  return Object.values(properties).some(
    (spec) =>
      isRecord(spec) &&
      (spec['default'] !== undefined ||
        (isRecord(spec['properties']) && hasNestedDefaults(spec['properties']))),
  );
}

function childSpec(spec: ParameterSpec | undefined, key: string): ParameterSpec | undefined {
  return spec?.properties ? propertyAt(spec.properties as Record<string, ParameterSpec>, key) : undefined;
}

function castIfTyped(value: unknown, at: string, spec: ParameterSpec | undefined): unknown {
  return spec?.type === undefined ? value : castParameterValue(at, value, spec);
}

/** A value of the declared type, standing in for one only known at run time. */
function placeholder(spec: ParameterSpec | undefined): unknown {
  if (spec?.default !== undefined) return spec.default;
  const type = Array.isArray(spec?.type) ? spec.type[0] : spec?.type;
  const samples: Record<string, unknown> = {
    string: '',
    integer: 0,
    number: 0,
    boolean: false,
    array: [],
    object: {},
    null: null,
  };
  return type === undefined ? '' : samples[type];
}

function mapEntries(
  value: Record<string, unknown>,
  map: (key: string, item: unknown) => unknown,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = map(key, item);
  return result;
}

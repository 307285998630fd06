import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import path from 'node:path';

import { readUtf8, type ReadText } from '../../parsing/read-text.js';
import { parseYamlDocument, type YamlPath } from '../../parsing/yaml-document.js';
import type { JsonSchema } from '../../domain/json.js';
import {
  IGNORED_TRIGGER_TYPE_FIELDS,
  TRIGGER_TYPE_FIELDS,
  type TriggerType,
} from '../../snapshot/model/trigger-type.js';
import {
  checkFields,
  IGNORED_FIELD,
  type FieldRules,
  type WarningSink,
} from '../../parsing/metadata-fields.js';
import { ValidationError } from '../../common/errors.js';
import { realPathInside } from '../../security/contained-path.js';
import { isRecord } from '../../common/guards.js';

// StackStorm's SensorTypeAPI (additionalProperties: false), plus the older `name`.
const SENSOR_FIELDS = [
  'id',
  'ref',
  'uid',
  'name',
  'pack',
  'class_name',
  'description',
  'artifact_uri',
  'entry_point',
  'enabled',
  'trigger_types',
  'poll_interval',
  'metadata_file',
];
// StackStorm registers a sensor's trigger types by picking the fields it knows and dropping the
// rest (st2common/services/triggers.py add_trigger_models), so Exchange packs carry old ones such
// as `payload_info` (the twitter pack): those load with a warning.
const INLINE_TRIGGER_TYPE_RULES: FieldRules = {
  what: 'trigger type',
  known: ['id', 'ref', 'uid', ...TRIGGER_TYPE_FIELDS],
  ignored: IGNORED_TRIGGER_TYPE_FIELDS,
  open: true,
};
const NODE_EXTENSIONS = new Set(['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts']);

/**
 * Loads `sensors/<name>.yaml`. Problems are ValidationErrors naming file:line; a sensor whose code
 * Squall cannot run loads with `runtime: 'unsupported'` so the rest of the pack still works. A `.py`
 * entry point is a StackStorm Python sensor (`runtime: 'python'`).
 */
export async function loadSensorFile(
  file: string,
  options: { pack: string; packDir: string; readText?: ReadText; onWarning?: WarningSink },
): Promise<SensorDefinition> {
  const doc = parseYamlDocument(await (options.readText ?? readUtf8)(file), file);
  const fail = (at: YamlPath, problem: string) => {
    const line = doc.lineOf(at);
    return new ValidationError(`sensor ${file}${line ? `:${line}` : ''}: ${problem}`, {
      code: 'E_SENSOR_METADATA',
      location: line === undefined ? { file } : { file, line },
    });
  };
  const data = doc.data;
  if (!isRecord(data)) throw fail([], 'expected a mapping of sensor fields');
  const meta = data;
  const check: FieldCheck = (record, rules, at) => {
    for (const problem of checkFields(record, rules)) {
      const path = [...at, problem.key];
      if (problem.severity === 'error') throw fail(path, problem.message);
      const line = doc.lineOf(path);
      options.onWarning?.({
        code: IGNORED_FIELD,
        message: `sensor ${file}${line ? `:${line}` : ''}: ${problem.message}`,
        ...(line === undefined ? {} : { line }),
      });
    }
  };
  check(meta, { what: 'sensor metadata', known: SENSOR_FIELDS }, []);
  const className = requiredString(meta, 'class_name', fail);
  const entryPoint = requiredString(meta, 'entry_point', fail);
  const enabled = meta['enabled'] ?? true;
  if (typeof enabled !== 'boolean') throw fail(['enabled'], 'enabled must be true or false');
  const pollInterval = meta['poll_interval'];
  if (pollInterval !== undefined && (typeof pollInterval !== 'number' || !(pollInterval > 0))) {
    throw fail(['poll_interval'], 'poll_interval must be a positive number of seconds');
  }
  const description = optionalString(meta, 'description', fail);
  if (meta['pack'] !== undefined && meta['pack'] !== options.pack) {
    throw fail(
      ['pack'],
      `pack "${String(meta['pack'])}" does not match the pack it is in ("${options.pack}")`,
    );
  }
  const triggerTypes = readTriggerTypes(meta['trigger_types'], options.pack, fail, check);
  const entryPath = path.resolve(path.dirname(file), entryPoint);
  const extension = path.extname(entryPoint).toLowerCase();
  const definition: SensorDefinition = {
    ref: `${options.pack}.${className}`,
    pack: options.pack,
    className,
    enabled,
    entryPoint,
    entryPath,
    runtime: extension === '.py' ? 'python' : 'node',
    packDir: options.packDir,
    triggerTypes,
    file,
  };
  if (description !== undefined) definition.description = description;
  if (typeof pollInterval === 'number') definition.pollInterval = pollInterval;
  if (!NODE_EXTENSIONS.has(extension) && extension !== '.py') {
    definition.runtime = 'unsupported';
    definition.unsupportedReason = `entry point ${entryPoint} is not a Python (.py), JavaScript or TypeScript module (.js, .mjs, .cjs, .ts, .mts)`;
    return definition;
  }
  // Resolved like an action's entry point: through symlinks, and only inside the pack.
  const found = await realPathInside(options.packDir, entryPath);
  if ('missing' in found) {
    if (definition.runtime === 'python') {
      // StackStorm metadata is often copied without its modules: listed with the reason, not an error.
      definition.runtime = 'unsupported';
      definition.unsupportedReason = `Python sensor module ${entryPoint} not found (looked for ${entryPath})`;
      return definition;
    }
    throw fail(['entry_point'], `entry_point ${entryPoint} not found (looked for ${entryPath})`);
  }
  if ('outside' in found) {
    throw fail(
      ['entry_point'],
      `entry_point ${entryPoint} points outside the pack folder ${found.root} (it resolves to ${found.outside}); refused`,
    );
  }
  return definition;
}

type Fail = (at: YamlPath, problem: string) => ValidationError;
type FieldCheck = (record: Record<string, unknown>, rules: FieldRules, at: YamlPath) => void;

function requiredString(meta: Record<string, unknown>, key: string, fail: Fail): string {
  const value = meta[key];
  if (typeof value !== 'string' || value.trim() === '')
    throw fail([key], `${key} is required and must be a string`);
  return value;
}

function optionalString(meta: Record<string, unknown>, key: string, fail: Fail): string | undefined {
  const value = meta[key];
  if (value !== undefined && typeof value !== 'string') throw fail([key], `${key} must be a string`);
  return value;
}

function readTriggerTypes(value: unknown, pack: string, fail: Fail, check: FieldCheck): TriggerType[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw fail(['trigger_types'], 'trigger_types must be a list');
  return value.map((item: unknown, index) => {
    const at = (key?: string): YamlPath => (key ? ['trigger_types', index, key] : ['trigger_types', index]);
    if (!isRecord(item)) throw fail(at(), 'each trigger type must be a mapping');
    const entry = item;
    check(entry, INLINE_TRIGGER_TYPE_RULES, at());
    const name = entry['name'];
    if (typeof name !== 'string' || name === '') throw fail(at('name'), 'trigger type name is required');
    const typePack = entry['pack'] ?? pack;
    if (typeof typePack !== 'string') throw fail(at('pack'), 'trigger type pack must be a string');
    const type: TriggerType = { ref: `${typePack}.${name}`, pack: typePack, name };
    if (typeof entry['description'] === 'string') type.description = entry['description'];
    for (const key of ['payload_schema', 'parameters_schema'] as const) {
      const schema = entry[key];
      if (schema === undefined || schema === null) continue;
      if (typeof schema !== 'object' || Array.isArray(schema))
        throw fail(at(key), `${key} must be a JSON schema mapping`);
      type[key] = schema as JsonSchema;
    }
    return type;
  });
}

import { NotFoundError, ValidationError, errorMessage } from '../common/errors.js';
import { didYouMean } from '../common/did-you-mean.js';
import { isRecord } from '../common/guards.js';
import type { JsonSchema } from '../domain/json.js';
import { applySchemaDefaults } from '../parsing/apply-schema-defaults.js';
import { compileSchemaCheck } from '../parsing/json-schema.js';
import { readUtf8, type ReadText } from '../parsing/read-text.js';
import { parseYamlDocument } from '../parsing/yaml-document.js';
import type { PolicyDefinition, PolicyType } from './policy-definition.js';

const FIELDS = [
  'name',
  'pack',
  'description',
  'enabled',
  'resource_ref',
  'policy_type',
  'parameters',
  'ref',
  'id',
  'uid',
];

const concurrency = {
  threshold: { type: 'integer', minimum: 0, required: true },
  action: { type: 'string', enum: ['delay', 'cancel'], default: 'delay' },
};

/** The parameters of each policy type, as st2's policies/meta/*.yaml declare them. */
const POLICY_TYPES: Record<PolicyType, JsonSchema> = {
  'action.concurrency': { type: 'object', additionalProperties: false, properties: concurrency },
  'action.concurrency.attr': {
    type: 'object',
    additionalProperties: false,
    properties: { ...concurrency, attributes: { type: 'array', items: { type: 'string' }, required: true } },
  },
  'action.retry': {
    type: 'object',
    additionalProperties: false,
    properties: {
      retry_on: { type: 'string', enum: ['failure', 'timeout'], required: true },
      max_retry_count: { type: 'integer', minimum: 1, maximum: 5, default: 2 },
      delay: { type: 'number', minimum: 0, maximum: 120 },
    },
  },
};
const checks = Object.fromEntries(
  Object.entries(POLICY_TYPES).map(([type, schema]) => [type, compileSchemaCheck(schema)]),
) as Record<PolicyType, (value: unknown) => string | undefined>;

export interface LoadPolicyOptions {
  pack: string;
  readText?: ReadText;
}

/**
 * Reads one policy file in st2's format (`name`, `resource_ref`, `policy_type`, `parameters`,
 * `enabled` — true unless false). Problems are ValidationErrors naming the file, line and fix.
 */
export async function loadPolicyFile(file: string, options: LoadPolicyOptions): Promise<PolicyDefinition> {
  let text: string;
  try {
    text = await (options.readText ?? readUtf8)(file);
  } catch (error) {
    throw new NotFoundError(`policy ${file}: cannot read the file: ${errorMessage(error)}`, {
      code: 'E_POLICY_FILE',
      location: { file },
    });
  }
  const doc = parseYamlDocument(text, file);
  const fail = (path: string[], message: string): never => {
    const line = doc.lineOf(path);
    throw new ValidationError(`policy ${file}${line ? `:${line}` : ''}: ${message}`, {
      code: 'E_POLICY',
      location: line === undefined ? { file } : { file, line },
    });
  };
  const data = doc.data;
  if (!isRecord(data))
    return fail([], 'a policy is a mapping with name, resource_ref, policy_type and parameters');
  for (const key of Object.keys(data)) {
    if (!FIELDS.includes(key)) fail([key], `unknown field "${key}"${didYouMean(key, FIELDS)}`);
  }
  const text_ = (key: string, required: boolean): string | undefined => {
    const value = data[key];
    if (value === undefined && !required) return undefined;
    if (typeof value !== 'string' || value === '') return fail([key], `"${key}" must be a non-empty string`);
    return value;
  };
  const name = text_('name', true)!;
  const pack = text_('pack', false) ?? options.pack;
  if (pack !== options.pack)
    fail(['pack'], `pack is "${pack}" but the file is in pack "${options.pack}"; make them equal`);
  const resource = text_('resource_ref', true)!;
  if (!resource.includes('.'))
    fail(['resource_ref'], `resource_ref "${resource}" must be an action ref (pack.name)`);
  const type = text_('policy_type', true)!;
  const types = Object.keys(POLICY_TYPES);
  if (!types.includes(type)) {
    fail(
      ['policy_type'],
      `unknown policy_type "${type}"${didYouMean(type, types)}; Squall runs ${types.join(', ')}`,
    );
  }
  if (data['enabled'] !== undefined && typeof data['enabled'] !== 'boolean')
    fail(['enabled'], 'enabled must be true or false');
  const raw = data['parameters'] ?? {};
  if (!isRecord(raw)) return fail(['parameters'], 'parameters must be a mapping');
  const parameters = applySchemaDefaults(POLICY_TYPES[type as PolicyType], raw) as Record<string, unknown>;
  const problem = checks[type as PolicyType](parameters);
  if (problem)
    fail(
      ['parameters'],
      `parameters for ${type} are invalid: ${problem.replaceAll('payload', 'parameters')}`,
    );
  return {
    ref: `${pack}.${name}`,
    name,
    pack,
    description: typeof data['description'] === 'string' ? data['description'] : '',
    enabled: data['enabled'] !== false,
    resource_ref: resource,
    policy_type: type as PolicyType,
    parameters,
    source: { file },
  };
}

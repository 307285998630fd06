import type { YamlDocument, YamlPath } from '../parsing/yaml-document.js';
import type { RuleSpec } from '../snapshot/model/rule-definition.js';
import { isRecord } from '../common/guards.js';
import { didYouMean } from '../common/did-you-mean.js';
import { ruleMatchers } from './rule-matchers.js';
import { createRuleSite, describePath, type RuleSite } from './rule-site.js';
import { checkFields, type WarningSink } from '../parsing/metadata-fields.js';

const RULE_FIELDS = [
  'name',
  'pack',
  'description',
  'enabled',
  'type',
  'trigger',
  'criteria',
  'conditions',
  'action',
  'context',
  'tags',
  'metadata_file',
  // st2 writes these when it exports a rule; they are derived, so they are accepted and dropped.
  'id',
  'ref',
  'uid',
];
const TRIGGER_FIELDS = ['type', 'parameters', 'ref', 'description'];
const ACTION_FIELDS = ['ref', 'parameters', 'description'];
const RULE_TYPES = ['standard', 'backstop'];
const DEFAULT_PACK = 'default';

/**
 * Validates a rule as StackStorm's schema does (plus Squall's `conditions`) and returns it with
 * defaults applied: pack `default` (or the pack it is loaded from), enabled false, type standard.
 * Criteria and conditions are compiled to check operators, keys, regexes and templates. Every
 * problem is a ValidationError naming file:line, the rule and the fix.
 */
export function validateRuleSpec(
  raw: unknown,
  doc: YamlDocument,
  options: { pack?: string; onWarning?: WarningSink } = {},
): RuleSpec {
  if (!isRecord(raw)) {
    const unnamed: RuleSite = createRuleSite(doc, '(unnamed)');
    unnamed.fail([], 'a rule file must hold a mapping with name, trigger and action');
  }
  const writtenPack = raw['pack'];
  const pack =
    typeof writtenPack === 'string' && writtenPack !== '' ? writtenPack : (options.pack ?? DEFAULT_PACK);
  const name = raw['name'];
  const site: RuleSite = createRuleSite(
    doc,
    typeof name === 'string' && name !== '' ? `${pack}.${name}` : '(unnamed)',
    options.onWarning,
  );
  rejectUnknown(raw, [], RULE_FIELDS, site);
  if (typeof name !== 'string' || name.trim() === '')
    site.fail([], 'missing required field "name" (a string)');
  if (writtenPack !== undefined && (typeof writtenPack !== 'string' || writtenPack === '')) {
    site.fail(['pack'], '"pack" must be a non-empty string');
  }
  if (options.pack !== undefined && writtenPack !== undefined && writtenPack !== options.pack) {
    site.fail(
      ['pack'],
      `pack "${String(writtenPack)}" differs from the pack it is in: set pack: ${options.pack} (or remove it)`,
    );
  }
  optionalString(raw, 'description', site);
  optionalString(raw, 'metadata_file', site);
  for (const field of ['id', 'ref', 'uid']) optionalString(raw, field, site);
  const enabled = raw['enabled'];
  if (enabled !== undefined && typeof enabled !== 'boolean') {
    site.fail(['enabled'], `"enabled" must be true or false, not ${JSON.stringify(enabled)}`);
  }
  const spec: RuleSpec = {
    name,
    pack,
    enabled: enabled === true,
    type: ruleType(raw['type'], site),
    trigger: trigger(raw['trigger'], site),
    action: action(raw['action'], site),
  };
  if (typeof raw['description'] === 'string') spec.description = raw['description'];
  if (typeof raw['metadata_file'] === 'string') spec.metadata_file = raw['metadata_file'];
  const criteria = optionalMapping(raw, ['criteria'], site);
  if (criteria) spec.criteria = criteria as RuleSpec['criteria'];
  const context = optionalMapping(raw, ['context'], site);
  if (context) spec.context = context;
  if (raw['tags'] !== undefined) spec.tags = tags(raw['tags'], site);
  if (raw['conditions'] !== undefined) spec.conditions = raw['conditions'] as RuleSpec['conditions'];
  ruleMatchers(spec, site);
  return spec;
}

function rejectUnknown(
  record: Record<string, unknown>,
  path: YamlPath,
  allowed: readonly string[],
  site: RuleSite,
) {
  for (const key of Object.keys(record)) {
    if (!allowed.includes(key)) {
      const where = path.length === 0 ? '' : ` in ${describePath(path)}`;
      site.fail([...path, key], `unknown field "${key}"${where}${didYouMean(key, allowed)}`);
    }
  }
}

/** Unknown fields where StackStorm accepts any: a typo of a known one is an error, others warn. */
function warnUnknown(record: Record<string, unknown>, key: string, known: readonly string[], site: RuleSite) {
  for (const problem of checkFields(record, { what: key, known, open: true })) {
    if (problem.severity === 'error') site.fail([key, problem.key], problem.message);
    site.warn([key, problem.key], problem.message);
  }
}

function optionalString(record: Record<string, unknown>, field: string, site: RuleSite): void {
  const value = record[field];
  if (value !== undefined && typeof value !== 'string') site.fail([field], `"${field}" must be a string`);
}

function optionalMapping(record: Record<string, unknown>, path: [string], site: RuleSite) {
  const value = record[path[0]];
  // `criteria:` with nothing under it is YAML null; st2 users write it for "no criteria".
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) site.fail(path, `"${path[0]}" must be a mapping`);
  return value;
}

function ruleType(value: unknown, site: RuleSite): RuleSpec['type'] {
  if (value === undefined) return 'standard';
  let ref: unknown = value;
  if (isRecord(value)) {
    rejectUnknown(value, ['type'], ['ref', 'parameters'], site);
    ref = value['ref'] ?? 'standard';
  }
  if (typeof ref !== 'string' || !RULE_TYPES.includes(ref)) {
    const hint = typeof ref === 'string' ? didYouMean(ref, RULE_TYPES) : '';
    site.fail(['type'], `"type" must be standard or backstop, not ${JSON.stringify(ref)}${hint}`);
  }
  return ref as RuleSpec['type'];
}

function trigger(value: unknown, site: RuleSite): RuleSpec['trigger'] {
  const { ref, parameters } = refSection(value, TRIGGER_SECTION, site);
  return parameters ? { type: ref, parameters } : { type: ref };
}

function action(value: unknown, site: RuleSite): RuleSpec['action'] {
  const { ref, parameters } = refSection(value, ACTION_SECTION, site);
  return parameters ? { ref, parameters } : { ref };
}

/** `trigger:` and `action:`: a mapping that names what it refers to, with optional parameters. */
interface RefSectionShape {
  key: 'trigger' | 'action';
  /** The field holding the ref. */
  refField: 'type' | 'ref';
  fields: readonly string[];
  /** StackStorm accepts other fields here (RuleAPI's trigger has additionalProperties: true). */
  open: boolean;
  /** For messages: "a trigger type", "an action". */
  noun: string;
  example: string;
}

const TRIGGER_SECTION: RefSectionShape = {
  key: 'trigger',
  refField: 'type',
  fields: TRIGGER_FIELDS,
  open: true,
  noun: 'a trigger type',
  example: 'core.st2.webhook',
};
const ACTION_SECTION: RefSectionShape = {
  key: 'action',
  refField: 'ref',
  fields: ACTION_FIELDS,
  open: false,
  noun: 'an action',
  example: 'core.local',
};

function refSection(
  value: unknown,
  shape: RefSectionShape,
  site: RuleSite,
): { ref: string; parameters?: Record<string, unknown> } {
  const { key, refField } = shape;
  if (value === undefined)
    site.fail([], `missing required field "${key}" (with a "${refField}" such as ${shape.example})`);
  if (!isRecord(value))
    site.fail([key], `"${key}" must be a mapping with "${refField}" and optional "parameters"`);
  if (shape.open) warnUnknown(value, key, shape.fields, site);
  else rejectUnknown(value, [key], shape.fields, site);
  const ref = value[refField];
  if (typeof ref !== 'string' || !isRef(ref)) {
    site.fail(
      [key, refField],
      `${key}.${refField} must be ${shape.noun} ref like ${shape.example}, not ${JSON.stringify(ref)}`,
    );
  }
  const parameters = value['parameters'];
  if (parameters !== undefined && parameters !== null && !isRecord(parameters)) {
    site.fail([key, 'parameters'], `${key}.parameters must be a mapping`);
  }
  return isRecord(parameters) ? { ref, parameters } : { ref };
}

function isRef(text: string): boolean {
  return /^[^.\s]+\.\S+$/.test(text);
}

function tags(value: unknown, site: RuleSite): NonNullable<RuleSpec['tags']> {
  if (!Array.isArray(value)) site.fail(['tags'], '"tags" must be a list of {name, value}');
  return value.map((tag: unknown, index) => {
    if (!isRecord(tag))
      site.fail(['tags', index], `tags[${index}] must be a mapping with "name" and "value"`);
    rejectUnknown(tag, ['tags', index], ['name', 'value'], site);
    const { name, value: tagValue } = tag;
    if (typeof name !== 'string' || name === '') site.fail(['tags', index], `tags[${index}] needs a "name"`);
    if (tagValue !== undefined && typeof tagValue !== 'string') {
      site.fail(['tags', index, 'value'], `tags[${index}].value must be a string`);
    }
    return tagValue === undefined ? { name } : { name, value: tagValue };
  });
}

import { ValidationError, formatLocation, type SourceLocation } from '../common/errors.js';
import type { YamlPath } from '../parsing/yaml-document.js';
import type {
  AliasAckSpec,
  AliasDefinition,
  AliasFormatSpec,
  AliasPattern,
  AliasResultSpec,
} from '../snapshot/model/alias-definition.js';
import { compileAliasFormat } from './compile-alias-format.js';
import { didYouMean } from '../common/did-you-mean.js';
import { isRecord } from '../common/guards.js';

export interface ParseAliasOptions {
  /** The pack the alias belongs to; a `pack:` field must agree with it. */
  pack: string;
  /** For messages. @default '<alias>' */
  file?: string;
  /** Line of a key, for messages (YamlDocument.lineOf). */
  lineOf?: (path: YamlPath) => number | undefined;
}

// StackStorm's ActionAliasAPI fields (additionalProperties: false) plus Squall's extensions.
const FIELDS = [
  'name',
  'pack',
  'action_ref',
  'description',
  'enabled',
  'formats',
  'ack',
  'result',
  'extra',
  'immutable_parameters',
  'metadata_file',
  'uid',
  'id',
  'ref',
  'allowed_users',
  'allowed_groups',
  'confirm',
];

type Fail = (path: YamlPath, message: string) => never;

/** Validates alias metadata (StackStorm's YAML, as parsed) and compiles its formats. */
export function parseAliasDefinition(data: unknown, options: ParseAliasOptions): AliasDefinition {
  const file = options.file ?? '<alias>';
  const locate = (path: YamlPath): SourceLocation => {
    const line = options.lineOf?.(path);
    return line === undefined ? { file } : { file, line };
  };
  const fail: Fail = (path, message) => {
    const location = locate(path);
    throw new ValidationError(`${formatLocation(location)}alias: ${message}`, { code: 'E_ALIAS', location });
  };
  if (!isRecord(data))
    fail([], 'the file must hold a mapping of alias fields (name, action_ref, formats...)');
  for (const key of Object.keys(data)) {
    if (!FIELDS.includes(key)) {
      const otherwise = ` (known fields: ${FIELDS.join(', ')})`;
      fail([key], `unknown field "${key}"${didYouMean(key, FIELDS, { maxDistance: 2, otherwise })}`);
    }
  }
  const name = requiredString(data, 'name', fail);
  const pack = optionalString(data, 'pack', fail) ?? options.pack;
  if (pack !== options.pack) {
    fail(
      ['pack'],
      `"pack: ${pack}" differs from the pack the alias is in ("${options.pack}"); remove the field`,
    );
  }
  const actionRef = requiredString(data, 'action_ref', fail);
  if (!/^[^.\s]+\.[^\s]+$/.test(actionRef))
    fail(['action_ref'], `action_ref "${actionRef}" must be "pack.action"`);
  const formats = parseFormats(data['formats'], fail);
  const description = optionalString(data, 'description', fail);
  const extra = optionalObject(data, 'extra', fail);
  const allowedUsers = optionalStringList(data, 'allowed_users', fail);
  const allowedGroups = optionalStringList(data, 'allowed_groups', fail);
  return {
    ref: `${pack}.${name}`,
    name,
    pack,
    action_ref: actionRef,
    ...(description === undefined ? {} : { description }),
    enabled: optionalBoolean(data, 'enabled', fail) ?? true,
    formats: formats.specs,
    patterns: compilePatterns(formats.specs, fail),
    ack: parseAck(data['ack'], fail),
    result: parseResult(data['result'], fail),
    ...(extra === undefined ? {} : { extra }),
    immutable_parameters: optionalObject(data, 'immutable_parameters', fail) ?? {},
    ...(allowedUsers === undefined ? {} : { allowed_users: allowedUsers }),
    ...(allowedGroups === undefined ? {} : { allowed_groups: allowedGroups }),
    confirm: optionalBoolean(data, 'confirm', fail) ?? false,
    source: locate(['name']),
  };
}

function parseFormats(value: unknown, fail: Fail): { specs: AliasFormatSpec[] } {
  if (value === undefined || value === null) return { specs: [] };
  if (!Array.isArray(value))
    fail(['formats'], 'formats must be a list of strings or {display, representation}');
  const specs = value.map((item: unknown, index): AliasFormatSpec => {
    if (typeof item === 'string') return item;
    if (!isRecord(item)) fail(['formats', index], 'a format must be a string or {display, representation}');
    const display = item['display'];
    if (display !== undefined && typeof display !== 'string') {
      fail(['formats', index, 'display'], 'display must be a string');
    }
    let representation = item['representation'];
    if (typeof representation === 'string') representation = [representation];
    if (representation === undefined || representation === null) representation = [];
    if (!Array.isArray(representation) || !representation.every((r) => typeof r === 'string')) {
      fail(['formats', index, 'representation'], 'representation must be a list of format strings');
    }
    if (display === undefined && representation.length === 0) {
      fail(['formats', index], 'a format needs a display string, a representation list, or both');
    }
    return { ...(display === undefined ? {} : { display }), representation: representation as string[] };
  });
  return { specs };
}

function compilePatterns(specs: AliasFormatSpec[], fail: Fail): AliasPattern[] {
  return specs.map((spec, index) => {
    const representation = typeof spec === 'string' ? [spec] : (spec.representation ?? []);
    const display = typeof spec === 'string' ? spec : (spec.display ?? representation[0] ?? '');
    const representations = representation.map((format, position) => {
      try {
        return compileAliasFormat(format);
      } catch (error) {
        const path =
          typeof spec === 'string' ? ['formats', index] : ['formats', index, 'representation', position];
        return fail(path, error instanceof Error ? error.message : String(error));
      }
    });
    return { display, representations };
  });
}

function parseAck(value: unknown, fail: Fail): AliasAckSpec {
  const section = optionalSection(value, 'ack', fail);
  return {
    ...messageSpec(section, 'ack', fail),
    append_url: sectionBoolean(section, 'ack', 'append_url', fail) ?? true,
  };
}

function parseResult(value: unknown, fail: Fail): AliasResultSpec {
  return messageSpec(optionalSection(value, 'result', fail), 'result', fail);
}

/** What `ack:` and `result:` share: whether to post, and the format and extra to post with. */
function messageSpec(section: Record<string, unknown>, key: string, fail: Fail): AliasResultSpec {
  const format = sectionString(section, key, 'format', fail);
  const extra = sectionObject(section, key, 'extra', fail);
  return {
    enabled: sectionBoolean(section, key, 'enabled', fail) ?? true,
    ...(format === undefined ? {} : { format }),
    ...(extra === undefined ? {} : { extra }),
  };
}

function optionalSection(value: unknown, key: string, fail: Fail): Record<string, unknown> {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) fail([key], `${key} must be a mapping ({enabled, format, extra})`);
  return value;
}

function sectionString(section: Record<string, unknown>, key: string, field: string, fail: Fail) {
  const value = section[field];
  if (value !== undefined && typeof value !== 'string')
    fail([key, field], `${key}.${field} must be a string`);
  return value as string | undefined;
}

function sectionBoolean(section: Record<string, unknown>, key: string, field: string, fail: Fail) {
  const value = section[field];
  if (value !== undefined && typeof value !== 'boolean')
    fail([key, field], `${key}.${field} must be true or false`);
  return value as boolean | undefined;
}

function sectionObject(section: Record<string, unknown>, key: string, field: string, fail: Fail) {
  const value = section[field];
  if (value !== undefined && !isRecord(value)) fail([key, field], `${key}.${field} must be a mapping`);
  return value as Record<string, unknown> | undefined;
}

function requiredString(data: Record<string, unknown>, key: string, fail: Fail): string {
  const value = data[key];
  if (typeof value !== 'string' || value.trim() === '')
    fail([key], `"${key}" is required (a non-empty string)`);
  return value;
}

function optionalString(data: Record<string, unknown>, key: string, fail: Fail): string | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') fail([key], `"${key}" must be a string`);
  return value;
}

function optionalBoolean(data: Record<string, unknown>, key: string, fail: Fail): boolean | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') fail([key], `"${key}" must be true or false`);
  return value;
}

function optionalObject(data: Record<string, unknown>, key: string, fail: Fail) {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) fail([key], `"${key}" must be a mapping`);
  return value;
}

function optionalStringList(data: Record<string, unknown>, key: string, fail: Fail): string[] | undefined {
  const value = data[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    fail([key], `"${key}" must be a list of names`);
  }
  return value as string[];
}

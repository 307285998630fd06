import path from 'node:path';

import { readUtf8, type ReadText } from '../parsing/read-text.js';
import { parseYamlDocument } from '../parsing/yaml-document.js';
import { ValidationError } from '../common/errors.js';
import { isRecord } from '../common/guards.js';
import { checkFields, IGNORED_FIELD, type WarningSink } from '../parsing/metadata-fields.js';

/** pack.yaml as StackStorm has it; the fields Squall reads. Unknown fields are kept, not refused. */
export interface PackMetadata {
  /** The pack's ref: `ref` when given, else `name`. */
  ref: string;
  name: string;
  description: string;
  version: string;
  author: string;
  email?: string;
  keywords?: string[];
  dependencies?: string[];
  stackstorm_version?: string;
  [extra: string]: unknown;
}

const REF_PATTERN = /^[a-z0-9_]+$/;
const SEMVER = /^\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;
const REQUIRED = ['name', 'description', 'version', 'author'] as const;
// StackStorm's PackAPI fields. It accepts any other (additionalProperties: true), so others warn.
const PACK_FIELDS = [
  'id',
  'uid',
  'ref',
  ...REQUIRED,
  'keywords',
  'stackstorm_version',
  'python_versions',
  'email',
  'contributors',
  'files',
  'dependencies',
  'system',
  'path',
];

/** Reads `<packDir>/pack.yaml`; fields StackStorm accepts but does not know go to `onWarning`. */
export async function loadPackMetadata(
  packDir: string,
  readText: ReadText = readUtf8,
  onWarning?: WarningSink,
): Promise<PackMetadata> {
  const file = path.join(packDir, 'pack.yaml');
  const text = await readText(file).catch((error: unknown) => {
    throw new ValidationError(`${file}: cannot read pack.yaml; a pack folder needs one`, {
      code: 'E_PACK_METADATA',
      cause: error,
      location: { file },
    });
  });
  const doc = parseYamlDocument(text, file);
  const data = doc.data;
  if (!isRecord(data)) {
    throw new ValidationError(`${file}: pack.yaml must be a mapping of fields (name, version, ...)`, {
      code: 'E_PACK_METADATA',
      location: { file },
    });
  }
  const fields = data as Record<string, unknown>;
  for (const problem of checkFields(fields, {
    what: 'pack.yaml',
    known: PACK_FIELDS,
    open: true,
    typos: 'warning',
  })) {
    const line = doc.lineOf([problem.key]);
    const message = `${file}${line ? `:${line}` : ''}: ${problem.message}`;
    const location = line ? { file, line } : { file };
    if (problem.severity === 'error')
      throw new ValidationError(message, { code: 'E_PACK_METADATA', location });
    onWarning?.({ code: IGNORED_FIELD, message, ...(line ? { line } : {}) });
  }
  for (const key of REQUIRED) {
    const value = fields[key];
    if (value === undefined || value === null || String(value).trim() === '') {
      throw new ValidationError(`${file}: pack.yaml is missing "${key}"; add it (st2 requires it)`, {
        code: 'E_PACK_METADATA',
        location: { file },
      });
    }
  }
  const version = String(fields['version']);
  if (!SEMVER.test(version)) {
    const line = doc.lineOf(['version']);
    throw new ValidationError(
      `${file}${line ? `:${line}` : ''}: version "${version}" is not semver (e.g. 1.0.0)`,
      { code: 'E_PACK_METADATA', location: line ? { file, line } : { file } },
    );
  }
  const name = String(fields['name']);
  const ref = fields['ref'] === undefined ? name : String(fields['ref']);
  if (!REF_PATTERN.test(ref)) {
    const explicit = fields['ref'] !== undefined;
    const line = doc.lineOf([explicit ? 'ref' : 'name']);
    const problem = explicit
      ? `ref "${ref}" is not a valid pack ref; use lower-case letters, digits and _ only`
      : `pack name "${name}" is not a valid ref; add \`ref:\` with lower-case letters, digits and _`;
    throw new ValidationError(`${file}${line ? `:${line}` : ''}: ${problem}`, {
      code: 'E_PACK_REF',
      location: line ? { file, line } : { file },
    });
  }
  return {
    ...fields,
    ref,
    name,
    description: String(fields['description']),
    version,
    author: String(fields['author']),
  };
}

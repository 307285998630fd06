import { readUtf8, type ReadText } from '../parsing/read-text.js';
import { parseYamlDocument } from '../parsing/yaml-document.js';
import { IGNORED_TRIGGER_TYPE_FIELDS, TRIGGER_TYPE_FIELDS, type TriggerType } from './model/trigger-type.js';
import { checkFields, IGNORED_FIELD, type WarningSink } from '../parsing/metadata-fields.js';
import { ValidationError } from '../common/errors.js';
import { isRecord } from '../common/guards.js';

// StackStorm's TriggerTypeAPI (additionalProperties: false) with its ids.
const FIELDS = ['id', 'ref', 'uid', ...TRIGGER_TYPE_FIELDS];

/** A pack's `triggers/*.yaml`: a trigger type that sensors or the `st2` webhook dispatch. */
export async function loadTriggerTypeFile(
  file: string,
  options: { pack: string; readText?: ReadText; onWarning?: WarningSink },
): Promise<TriggerType> {
  const doc = parseYamlDocument(await (options.readText ?? readUtf8)(file), file);
  const data = doc.data;
  if (!isRecord(data)) {
    throw new ValidationError(`${file}: a trigger type must be a mapping with at least "name"`, {
      code: 'E_TRIGGER_TYPE',
      location: { file },
    });
  }
  const fields = data;
  const rules = { what: 'trigger type', known: FIELDS, ignored: IGNORED_TRIGGER_TYPE_FIELDS };
  for (const problem of checkFields(fields, rules)) {
    const line = doc.lineOf([problem.key]);
    const message = `${file}${line ? `:${line}` : ''}: ${problem.message}`;
    if (problem.severity === 'warning') {
      options.onWarning?.({ code: IGNORED_FIELD, message, ...(line ? { line } : {}) });
      continue;
    }
    throw new ValidationError(message, {
      code: 'E_TRIGGER_TYPE',
      location: line ? { file, line } : { file },
    });
  }
  const name = fields['name'];
  if (typeof name !== 'string' || name === '') {
    throw new ValidationError(`${file}: trigger type needs a "name"`, {
      code: 'E_TRIGGER_TYPE',
      location: { file },
    });
  }
  const pack = typeof fields['pack'] === 'string' ? fields['pack'] : options.pack;
  if (pack !== options.pack) {
    throw new ValidationError(
      `${file}: trigger type ${name} says pack "${pack}" but is in pack "${options.pack}"; fix or remove "pack"`,
      { code: 'E_TRIGGER_TYPE', location: { file } },
    );
  }
  const type: TriggerType = { ref: `${pack}.${name}`, pack, name };
  if (typeof fields['description'] === 'string') type.description = fields['description'];
  if (isRecord(fields['payload_schema'])) type.payload_schema = fields['payload_schema'];
  if (isRecord(fields['parameters_schema'])) type.parameters_schema = fields['parameters_schema'];
  return type;
}

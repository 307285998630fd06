import { readUtf8, type ReadText } from '../parsing/read-text.js';
import { parseYamlDocument } from '../parsing/yaml-document.js';
import { TRIGGER_TYPE_FIELDS, type TriggerType } from './model/trigger-type.js';
import { ValidationError } from '../common/errors.js';
import { isRecord } from '../common/guards.js';

const FIELDS = new Set(TRIGGER_TYPE_FIELDS);

/** A pack's `triggers/*.yaml`: a trigger type that sensors or the `st2` webhook dispatch. */
export async function loadTriggerTypeFile(
  file: string,
  options: { pack: string; readText?: ReadText },
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
  for (const key of Object.keys(fields)) {
    if (!FIELDS.has(key)) {
      const line = doc.lineOf([key]);
      throw new ValidationError(
        `${file}${line ? `:${line}` : ''}: unknown field "${key}" in trigger type; allowed: ${[...FIELDS].join(', ')}`,
        { code: 'E_TRIGGER_TYPE', location: line ? { file, line } : { file } },
      );
    }
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

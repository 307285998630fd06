import type { ParameterSpec } from '../lib/types';

/** The type a form field edits: the first of a list, string when unsaid. */
export function fieldType(spec: ParameterSpec): string {
  const type = Array.isArray(spec.type) ? spec.type[0] : spec.type;
  return type ?? 'string';
}

/** Orders st2's way: positional first, then required, then by name. */
export function orderedParameters(parameters: Record<string, ParameterSpec>): [string, ParameterSpec][] {
  return Object.entries(parameters)
    .filter(([, spec]) => spec.immutable !== true)
    .sort(([a, left], [b, right]) => {
      const position = (left.position ?? 1e9) - (right.position ?? 1e9);
      if (position !== 0) return position;
      if (Boolean(left.required) !== Boolean(right.required)) return left.required ? -1 : 1;
      return a.localeCompare(b);
    });
}

function initialText(spec: ParameterSpec): string {
  if (spec.default === undefined || spec.default === null) return '';
  if (spec.secret) return '';
  return typeof spec.default === 'string' ? spec.default : JSON.stringify(spec.default);
}

/** One input per parameter, typed from the schema: numbers, checkboxes, enums, JSON, secrets as passwords. */
export function ParameterField({ name, spec }: { name: string; spec: ParameterSpec }) {
  const type = fieldType(spec);
  const id = `param-${name}`;
  const hint = [type, spec.required ? 'required' : '', spec.secret ? 'secret' : '']
    .filter(Boolean)
    .join(', ');
  const describedBy = spec.description ? `${id}-help` : undefined;
  let input;
  if (spec.enum && spec.enum.length > 0) {
    input = (
      <select
        id={id}
        name={name}
        required={spec.required}
        defaultValue={initialText(spec)}
        aria-describedby={describedBy}
      >
        {spec.required ? null : <option value="">(unset)</option>}
        {spec.enum.map((value) => (
          <option key={String(value)} value={typeof value === 'string' ? value : JSON.stringify(value)}>
            {String(value)}
          </option>
        ))}
      </select>
    );
  } else if (type === 'boolean') {
    input = (
      <input
        id={id}
        name={name}
        type="checkbox"
        defaultChecked={spec.default === true}
        aria-describedby={describedBy}
      />
    );
  } else if (type === 'object' || type === 'array') {
    input = (
      <textarea
        id={id}
        name={name}
        rows={3}
        required={spec.required}
        defaultValue={initialText(spec)}
        placeholder={type === 'array' ? '["a", "b"]' : '{"key": "value"}'}
        aria-describedby={describedBy}
      />
    );
  } else {
    input = (
      <input
        id={id}
        name={name}
        type={
          (spec.secret ? 'password' : type === 'integer' || type === 'number' ? 'number' : 'text') as 'text'
        }
        step={type === 'number' ? 'any' : undefined}
        required={spec.required && spec.default === undefined}
        defaultValue={initialText(spec)}
        placeholder={spec.secret && spec.default !== undefined ? '(default kept)' : undefined}
        autoComplete={spec.secret ? 'off' : undefined}
        aria-describedby={describedBy}
      />
    );
  }
  return (
    <div class={`field field-${type}`}>
      <label for={id}>
        {name}
        {spec.required ? <span aria-hidden="true"> *</span> : null} <span class="muted">({hint})</span>
      </label>
      {input}
      {spec.description ? (
        <small id={describedBy} class="muted">
          {spec.description}
        </small>
      ) : null}
    </div>
  );
}

/** The typed parameters from the form; unset fields are left out so defaults apply. */
export function readParameters(
  form: HTMLFormElement,
  parameters: Record<string, ParameterSpec>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(parameters)) {
    const element = form.elements.namedItem(name);
    if (!element) continue;
    const type = fieldType(spec);
    if (element instanceof HTMLInputElement && element.type === 'checkbox') {
      if (element.checked !== (spec.default === true)) values[name] = element.checked;
      continue;
    }
    const text = (element as HTMLInputElement).value;
    if (text === '') continue;
    if (type === 'integer' || type === 'number') values[name] = Number(text);
    else if (type === 'object' || type === 'array') {
      try {
        values[name] = JSON.parse(text) as unknown;
      } catch {
        throw new Error(
          `${name} must be JSON (${type === 'array' ? 'a list like ["a"]' : 'an object like {"a": 1}'})`,
        );
      }
    } else if (spec.enum && typeof spec.enum[0] !== 'string') values[name] = JSON.parse(text) as unknown;
    else values[name] = text;
  }
  return values;
}

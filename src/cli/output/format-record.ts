import { dump } from 'js-yaml';

import type { Style } from './style.js';

export interface RecordField {
  label: string;
  value: unknown;
  /** Styles a one-line value (e.g. a status). */
  style?(text: string): string;
}

/**
 * A `key: value` block: labels aligned, scalars on the line, multi-line text and nested values
 * indented below their label. Empty values (undefined) are left out; null prints as nothing.
 */
export function formatRecord(fields: readonly RecordField[], style: Style): string {
  const shown = fields.filter((field) => field.value !== undefined);
  const width = Math.max(0, ...shown.map((field) => field.label.length + 1));
  const lines: string[] = [];
  for (const field of shown) {
    const label = style.bold(`${field.label}:`.padEnd(width));
    const text = valueText(field.value);
    if (!text.includes('\n')) {
      lines.push(`${label} ${field.style ? field.style(text) : text}`.trimEnd());
      continue;
    }
    lines.push(label.trimEnd());
    for (const line of text.replace(/\n$/, '').split('\n')) lines.push(`  ${line}`);
  }
  return `${lines.join('\n')}\n`;
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value) ? value.length === 0 : Object.keys(value).length === 0)
    return JSON.stringify(value);
  return dump(value, { lineWidth: 100, noRefs: true, sortKeys: false });
}

import { readFile, rename, writeFile } from 'node:fs/promises';

import { ValidationError } from '../common/errors.js';

const ENABLED_LINE = /^enabled\s*:.*$/m;

/**
 * Sets a rule file's top-level `enabled:` in place, keeping its comments and layout: the line is
 * rewritten when present, appended otherwise. Content stays in files, so enabling a rule is an
 * edit a reload (or the watcher) picks up, as it would be from an editor.
 */
export async function setRuleEnabled(file: string, enabled: boolean): Promise<void> {
  if (!/\.ya?ml$/i.test(file)) {
    throw new ValidationError(
      `rule ${file}: only YAML rule files can be enabled or disabled here; edit "enabled" in the file`,
      { code: 'E_RULE_NOT_YAML' },
    );
  }
  const text = await readFile(file, 'utf8');
  const line = `enabled: ${enabled}`;
  const next = ENABLED_LINE.test(text)
    ? text.replace(ENABLED_LINE, line)
    : `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${line}\n`;
  if (next === text) return;
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, next, 'utf8');
  await rename(temp, file);
}

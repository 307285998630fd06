import type { YamlDocument, YamlPath } from '../parsing/yaml-document.js';
import { ValidationError } from '../common/errors.js';
import { IGNORED_FIELD, type WarningSink } from '../parsing/metadata-fields.js';

/** Where a rule comes from, so that load errors name the file, the line and the rule. */
export interface RuleSite {
  /** `pack.name` when known, else the name, else `(unnamed)`. */
  ruleRef: string;
  /** Throws a ValidationError (code E_RULE_INVALID) located at `path` in the rule's YAML. */
  fail(path: YamlPath, message: string): never;
  /** Reports a field that loads but is ignored, located at `path`. */
  warn(path: YamlPath, message: string): void;
}

export function createRuleSite(
  doc: YamlDocument | undefined,
  ruleRef: string,
  onWarning?: WarningSink,
): RuleSite {
  return {
    ruleRef,
    warn(path, message) {
      const line = doc?.lineOf(path);
      const where = doc ? `${doc.file}${line === undefined ? '' : `:${line}`}: ` : '';
      onWarning?.({
        code: IGNORED_FIELD,
        message: `${where}rule ${ruleRef}: ${message}`,
        ...(line === undefined ? {} : { line }),
      });
    },
    fail(path, message) {
      const line = doc?.lineOf(path);
      const where = doc ? `${doc.file}${line === undefined ? '' : `:${line}`}: ` : '';
      throw new ValidationError(`${where}rule ${ruleRef}: ${message}`, {
        code: 'E_RULE_INVALID',
        ...(doc ? { location: line === undefined ? { file: doc.file } : { file: doc.file, line } } : {}),
        details: { rule: ruleRef, path: path.join('.') },
      });
    },
  };
}

/** `criteria.trigger.body.x` style label of a YAML path, for messages. */
export function describePath(path: YamlPath): string {
  return path
    .map((part) => (typeof part === 'number' ? `[${part}]` : part))
    .join('.')
    .replace(/\.\[/g, '[');
}

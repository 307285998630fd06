import { existsSync } from 'node:fs';
import path from 'node:path';

import type { CompiledRule } from '../../snapshot/model/rule-definition.js';
import { SquallError, ValidationError } from '../../common/errors.js';
import type { ContentIssue, ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { loadRuleFile } from '../../rules/load-rule-file.js';
import { loadHomeContent } from '../load-home-content.js';

export interface RuleUnderTest {
  rule: CompiledRule;
  /** The home's content (for the action's parameter types); the store is never opened. */
  snapshot: ContentSnapshot;
  /** Load problems of the rule's own file. */
  issues: ContentIssue[];
}

/**
 * The rule `squall rule test` checks: a YAML file (when `target` names one) or a rule ref loaded
 * from the home's packs. Any failure to get a valid rule is a ValidationError (exit 2).
 */
export async function loadRuleUnderTest(target: string, home: string, cwd: string): Promise<RuleUnderTest> {
  const snapshot = await loadHomeContent(home);
  const file = path.resolve(cwd, target);
  if (/\.(ya?ml|json)$/i.test(target) || existsSync(file)) {
    const pack = packOfRuleFile(file);
    const rule = await loadRuleFile(file, pack === undefined ? {} : { pack }).catch((error: unknown) => {
      throw asInvalid(error);
    });
    return { rule, snapshot, issues: [] };
  }
  const rule = snapshot.rules.get(target);
  const issues = snapshot.issues.filter((issue) => issue.kind === 'rule' && issue.pack === packOfRef(target));
  if (!rule) {
    const why = issues.length > 0 ? `: ${issues.map((issue) => issue.message).join('; ')}` : '';
    throw new ValidationError(
      `rule test: no rule "${target}" in ${home} and no such file${why}; give a rule file or a ref from \`squall rule list\``,
      { code: 'E_UNKNOWN_RULE' },
    );
  }
  return { rule, snapshot, issues };
}

/** `<pack>/rules/<file>` beside a pack.yaml belongs to that pack (its rules must say so). */
function packOfRuleFile(file: string): string | undefined {
  const rulesDir = path.dirname(file);
  if (path.basename(rulesDir) !== 'rules') return undefined;
  const packDir = path.dirname(rulesDir);
  return existsSync(path.join(packDir, 'pack.yaml')) ? path.basename(packDir) : undefined;
}

function packOfRef(ref: string): string {
  return ref.includes('.') ? ref.slice(0, ref.indexOf('.')) : 'default';
}

function asInvalid(error: unknown): unknown {
  if (error instanceof ValidationError || !(error instanceof SquallError)) return error;
  return new ValidationError(error.message, {
    code: error.code,
    cause: error,
    ...(error.location ? { location: error.location } : {}),
  });
}

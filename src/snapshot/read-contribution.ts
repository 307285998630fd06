import { loadActionFile } from '../actions/load-action-file.js';
import { SquallError, errorMessage } from '../common/errors.js';
import { loadAliasFile } from '../chatops/load-alias-file.js';
import { loadPolicyFile } from '../policies/load-policy-file.js';
import { loadRuleFile } from '../rules/load-rule-file.js';
import { loadSensorFile } from '../sensors/pack-sensors/load-sensor-file.js';
import type { ContentSources } from './content-sources.js';
import { loadTriggerTypeFile } from './load-trigger-type-file.js';
import type { ContentIssue, ContentKind, FileContribution, PackInfo } from './model/content-snapshot.js';

/** Reads one content file into what it contributes; throws what the file's loader throws. */
export async function readContribution(
  file: string,
  kind: ContentKind,
  pack: PackInfo,
  sources: ContentSources,
): Promise<FileContribution> {
  const contribution: FileContribution = {
    file,
    pack: pack.ref,
    kind,
    actions: [],
    rules: [],
    triggerTypes: [],
    sensors: [],
    aliases: [],
  };
  const { readText } = sources;
  const where = { pack: pack.ref, packDir: pack.dir, ...(readText ? { readText } : {}) };
  if (kind === 'action')
    contribution.actions.push(await loadActionFile(file, { ...where, runners: sources.runners }));
  if (kind === 'rule') contribution.rules.push(await loadRuleFile(file, where));
  if (kind === 'trigger') contribution.triggerTypes.push(await loadTriggerTypeFile(file, where));
  if (kind === 'sensor') contribution.sensors.push(await loadSensorFile(file, where));
  if (kind === 'alias') contribution.aliases.push(await loadAliasFile(file, where));
  if (kind === 'policy') contribution.policies = [await loadPolicyFile(file, where)];
  return contribution;
}

export function emptyContribution(file: string, kind: ContentKind, pack: string): FileContribution {
  return { file, pack, kind, actions: [], rules: [], triggerTypes: [], sensors: [], aliases: [] };
}

export function issueFrom(
  error: unknown,
  kind: ContentKind,
  pack: string,
  file: string,
  keptPrevious: boolean,
): ContentIssue {
  const issue: ContentIssue = {
    severity: 'error',
    kind,
    pack,
    file,
    code: error instanceof SquallError ? error.code : 'E_CONTENT',
    message: errorMessage(error),
  };
  const line = error instanceof SquallError ? error.location?.line : undefined;
  if (line !== undefined) issue.line = line;
  if (keptPrevious) issue.keptPrevious = true;
  return issue;
}

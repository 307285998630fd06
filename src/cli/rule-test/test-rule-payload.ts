import { createRunnerRegistry } from '../../actions/create-runner-registry.js';
import type { KeyValueLookup, CriterionResult } from '../../snapshot/model/rule-definition.js';
import { errorMessage } from '../../common/errors.js';
import { explainRule } from '../../rules/test-rule.js';
import { maskSecretParameters } from '../../security/mask.js';
import { renderParameters } from '../../templates/render-parameters.js';
import type { RuleUnderTest } from './load-rule-under-test.js';
import type { TestPayload } from './read-test-payloads.js';

/** What `squall rule test` reports for one payload (one JSON line with --payloads). */
export interface RuleTestReport {
  rule: string;
  /** Line of the payload in a --payloads file. */
  line?: number;
  matched: boolean;
  criteria: CriterionResult[];
  /** Why matching itself failed. */
  error?: string;
  action: string;
  /** The rendered action parameters (secrets masked), when the rule matched. */
  parameters?: Record<string, unknown>;
  /** Why the parameters could not be rendered: the engine would record a failed enforcement. */
  parameters_error?: string;
  /** Datastore keys the rule read; rule test does not open the datastore, so they read as missing. */
  kv_references: string[];
  notes: string[];
}

/** Matches one payload against the rule and, when it matches, renders the action's parameters. */
export function testRulePayload(subject: RuleUnderTest, input: TestPayload): RuleTestReport {
  const { rule, snapshot } = subject;
  const kv = recordingLookup();
  const notes: string[] = [];
  const trigger = rule.spec.trigger.type;
  const report: RuleTestReport = {
    rule: rule.ref,
    ...(input.line === undefined ? {} : { line: input.line }),
    matched: false,
    criteria: [],
    action: rule.spec.action.ref,
    kv_references: [],
    notes,
  };
  if (input.trigger !== undefined && input.trigger !== trigger) {
    notes.push(`the trigger instance is a ${input.trigger}, but the rule listens to ${trigger}`);
    return report;
  }
  const result = explainRule(rule, input.payload, { kv: kv.lookup });
  report.matched = result.matched;
  report.criteria = result.criteria;
  if (result.error !== undefined) report.error = result.error;
  if (result.matched) {
    const action = snapshot.actions.get(rule.spec.action.ref);
    if (!action)
      notes.push(`action ${rule.spec.action.ref} is not installed: parameters rendered without its types`);
    const shell = action ? (createRunnerRegistry().get(action.spec.runner_type)?.shellParameters ?? []) : [];
    try {
      const rendered = renderParameters(
        rule.spec.action.parameters ?? {},
        action?.parameters ?? {},
        { trigger: input.payload, kv: kv.lookup },
        { shellParameters: new Set(shell), source: `rule ${rule.ref}` },
      );
      report.parameters = action ? maskSecretParameters(rendered, action.parameters) : rendered;
    } catch (error) {
      report.parameters_error = errorMessage(error);
    }
  }
  report.kv_references = kv.references();
  if (report.kv_references.length > 0) {
    notes.push(
      `rule test does not read the datastore: ${report.kv_references.join(', ')} read as missing (empty)`,
    );
  }
  if (!rule.spec.enabled)
    notes.push('the rule is disabled (enabled: false or absent): it will not fire until enabled');
  return report;
}

/** An empty datastore that remembers which keys were asked for. */
function recordingLookup(): { lookup: KeyValueLookup; references(): string[] } {
  const seen = new Set<string>();
  return {
    lookup: {
      get(scope, key) {
        seen.add(scope === 'system' ? `st2kv.system.${key}` : `st2kv.user.${key} (${scope})`);
        return undefined;
      },
    },
    references: () => [...seen],
  };
}

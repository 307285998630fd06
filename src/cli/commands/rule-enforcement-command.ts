import type { Command } from 'commander';

import type { EnforcementView } from '../../api/serialize/serialize-enforcement.js';
import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  queryString,
  withCommonOptions,
  withPaging,
  type CommandContext,
  type CommonOptions,
  type PagingOptions,
} from '../command-context.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import { styleStatus, type Style } from '../output/style.js';

interface ListOptions extends CommonOptions, PagingOptions {
  rule?: string;
  triggerInstance?: string;
  execution?: string;
  status?: string;
  enforcedAtGt?: string;
  enforcedAtLt?: string;
}

/** st2's `rule-enforcement list|get`: which rule matched which trigger instance and what it did. */
export function registerRuleEnforcementCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('rule-enforcement')
    .description('rule enforcements: a rule matched a trigger instance, newest first');

  withPaging(
    withCommonOptions(command.command('list').description('list rule enforcements'))
      .option('-r, --rule <ref>', 'only this rule')
      .option('--trigger-instance <id>', 'only enforcements of this trigger instance')
      .option('-e, --execution <id>', 'only the enforcement that requested this execution')
      .option('-s, --status <status>', 'succeeded or failed')
      .option('--enforced-at-gt <time>', 'only those enforced after this ISO-8601 time')
      .option('--enforced-at-lt <time>', 'only those enforced before this ISO-8601 time'),
  ).action(async (options: ListOptions) => {
    const path = `/ruleenforcements${queryString({
      rule_ref: options.rule,
      trigger_instance: options.triggerInstance,
      execution: options.execution,
      status: options.status,
      enforced_at_gt: options.enforcedAtGt,
      enforced_at_lt: options.enforcedAtLt,
      limit: options.limit,
      offset: options.offset,
    })}`;
    await callAndPrint(context, options, path, formatEnforcementTable);
  });

  withCommonOptions(command.command('get <id>').description('show one rule enforcement')).action(
    async (id: string, options: CommonOptions) => {
      await callAndPrint(context, options, `/ruleenforcements/${encodeRef(id)}`, formatEnforcement);
    },
  );
}

export function formatEnforcementTable(enforcements: readonly EnforcementView[], style: Style): string {
  return formatTable(
    [
      { header: 'id', value: (e: EnforcementView) => e.id },
      { header: 'rule', value: (e: EnforcementView) => e.rule.ref },
      { header: 'trigger_instance', value: (e: EnforcementView) => e.trigger_instance_id },
      { header: 'execution', value: (e: EnforcementView) => e.execution_id ?? '' },
      { header: 'enforced_at', value: (e: EnforcementView) => e.enforced_at },
      {
        header: 'status',
        value: (e: EnforcementView) => e.status,
        style: (text) => styleStatus(style, text),
      },
      { header: 'failure_reason', value: (e: EnforcementView) => e.failure_reason ?? '' },
    ],
    enforcements,
    style,
  );
}

export function formatEnforcement(enforcement: EnforcementView, style: Style): string {
  return formatRecord(
    [
      { label: 'id', value: enforcement.id },
      { label: 'rule', value: enforcement.rule.ref },
      { label: 'trigger_instance_id', value: enforcement.trigger_instance_id },
      { label: 'execution_id', value: enforcement.execution_id ?? undefined },
      { label: 'status', value: enforcement.status, style: (text) => styleStatus(style, text) },
      {
        label: 'failure_reason',
        value: enforcement.failure_reason ?? undefined,
        style: (text) => style.red(text),
      },
      { label: 'enforced_at', value: enforcement.enforced_at },
      { label: 'trace_id', value: enforcement.trace_id },
      { label: 'criteria', value: enforcement.criteria.length > 0 ? enforcement.criteria : undefined },
    ],
    style,
  );
}

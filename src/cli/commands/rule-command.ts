import type { Command } from 'commander';

import type { RuleView } from '../../api/serialize/serialize-rule.js';
import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  queryString,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatIssues } from '../output/format-issues.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import { styleStatus, type Style } from '../output/style.js';
import { registerRuleTestCommand } from './rule-test-command.js';

export function registerRuleCommand(program: Command, context: CommandContext): void {
  const rule = program.command('rule').description('rules: when a trigger fires, run an action');

  withCommonOptions(rule.command('list').description('list rules'))
    .option('-p, --pack <pack>', 'only this pack')
    .option('-t, --trigger <ref>', 'only rules on this trigger type')
    .action(async (options: CommonOptions & { pack?: string; trigger?: string }) => {
      const path = `/rules${queryString({ pack: options.pack, trigger: options.trigger })}`;
      await callAndPrint(context, options, path, formatRuleTable);
    });

  withCommonOptions(rule.command('get <ref>').description('show one rule')).action(
    async (ref: string, options: CommonOptions) => {
      await callAndPrint(context, options, `/rules/${encodeRef(ref)}`, formatRule);
    },
  );

  registerRuleTestCommand(rule, context);
}

export function formatRuleTable(rules: readonly RuleView[], style: Style): string {
  return formatTable(
    [
      { header: 'ref', value: (r: RuleView) => r.ref },
      {
        header: 'enabled',
        value: (r: RuleView) => (r.enabled ? 'enabled' : 'disabled'),
        style: (text) => (text.startsWith('enabled') ? style.green(text) : style.dim(text)),
      },
      { header: 'trigger', value: (r: RuleView) => r.trigger.type },
      { header: 'action', value: (r: RuleView) => r.action.ref },
      { header: 'description', value: (r: RuleView) => r.description },
      {
        header: 'file',
        value: (r: RuleView) => (r.load_error ? 'broken: older version serving' : 'ok'),
        style: (text) => (text.trim() === 'ok' ? text : style.red(text)),
      },
    ],
    rules,
    style,
  );
}

export function formatRule(rule: RuleView, style: Style): string {
  const broken = rule.load_error
    ? `${style.red('load error:')} ${rule.load_error.message}\n${style.dim('the previous version of the file is serving until it loads')}\n`
    : '';
  const warnings = rule.issues.filter((issue) => issue.severity === 'warning');
  return (
    broken +
    formatRecord(
      [
        { label: 'ref', value: rule.ref },
        {
          label: 'enabled',
          value: rule.enabled ? 'enabled' : 'disabled',
          style: (text) => styleStatus(style, text),
        },
        { label: 'type', value: rule.type.ref },
        { label: 'description', value: rule.description },
        { label: 'trigger', value: rule.trigger.type },
        {
          label: 'trigger parameters',
          value: Object.keys(rule.trigger.parameters).length > 0 ? rule.trigger.parameters : undefined,
        },
        { label: 'criteria', value: rule.criteria },
        { label: 'conditions', value: rule.conditions },
        { label: 'action', value: rule.action.ref },
        { label: 'action parameters', value: rule.action.parameters },
        { label: 'metadata_file', value: rule.metadata_file ?? undefined },
      ],
      style,
    ) +
    formatIssues(warnings, style)
  );
}

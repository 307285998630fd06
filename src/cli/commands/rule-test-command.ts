import type { Command } from 'commander';

import { formatMatchReport } from '../../rules/test-rule.js';
import { EXIT_FAILURE } from '../cli-io.js';
import {
  print,
  resolveHome,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatRecord } from '../output/format-record.js';
import type { Style } from '../output/style.js';
import { loadRuleUnderTest, type RuleUnderTest } from '../rule-test/load-rule-under-test.js';
import { readTestPayloads } from '../rule-test/read-test-payloads.js';
import { testRulePayload, type RuleTestReport } from '../rule-test/test-rule-payload.js';

interface RuleTestOptions extends CommonOptions {
  payload?: string;
  triggerInstance?: string;
  payloads?: string;
}

/**
 * `squall rule test`: st2-rule-tester. Works without a server and without the store. Exit 0 when
 * the rule matches (every payload, with --payloads), 1 when not, 2 when the rule or input is invalid.
 */
export function registerRuleTestCommand(rule: Command, context: CommandContext): void {
  withCommonOptions(
    rule
      .command('test <rule>')
      .description('show, criterion by criterion, whether a rule (file or ref) matches a payload'),
  )
    .option('--payload <json>', 'the trigger payload as JSON')
    .option('--trigger-instance <file>', 'a trigger instance file: {"trigger": ..., "payload": ...}')
    .option('--payloads <file>', 'a JSON Lines file of payloads; prints one JSON line per payload')
    .action(async (target: string, options: RuleTestOptions) => {
      const { io } = context;
      const payloads = await readTestPayloads(options, io.cwd);
      const subject = await loadRuleUnderTest(target, resolveHome(options, io), io.cwd);
      const reports = payloads.map((payload) => testRulePayload(subject, payload));
      if (options.payloads !== undefined) {
        for (const report of reports) io.stdout.write(`${JSON.stringify(report)}\n`);
      } else {
        const [report] = reports;
        if (report) print(context, options, report, (style) => formatRuleTestReport(subject, report, style));
      }
      if (reports.some((report) => !passed(report))) context.setExitCode(EXIT_FAILURE);
    });
}

function passed(report: RuleTestReport): boolean {
  return report.matched && report.parameters_error === undefined;
}

export function formatRuleTestReport(subject: RuleUnderTest, report: RuleTestReport, style: Style): string {
  const lines = formatMatchReport(subject.rule, {
    matched: report.matched,
    criteria: report.criteria,
    ...(report.error === undefined ? {} : { error: report.error }),
  }).map((line) => colourMarks(line, style));
  let text = `${lines.join('\n')}\n`;
  if (report.matched) {
    text += formatRecord(
      [
        { label: 'action', value: report.action },
        { label: 'parameters', value: report.parameters },
        { label: 'parameters error', value: report.parameters_error, style: (line) => style.red(line) },
      ],
      style,
    );
  }
  for (const note of report.notes) text += `${style.yellow('note:')} ${note}\n`;
  for (const issue of subject.issues) text += `${style.yellow('load issue:')} ${issue.message}\n`;
  return text;
}

function colourMarks(line: string, style: Style): string {
  return line
    .replace(/^(\s*)(✔)/, (_all, space: string, mark: string) => space + style.green(mark))
    .replace(/^(\s*)(✘)/, (_all, space: string, mark: string) => space + style.red(mark));
}

import type { Command } from 'commander';

import type { PolicyView } from '../../api/routes/policies.js';
import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  queryString,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

interface ListOptions extends CommonOptions {
  pack?: string;
  action?: string;
  type?: string;
}

/** st2's `policy list|get`: concurrency and retry policies from the packs' policies/ folders. */
export function registerPolicyCommand(program: Command, context: CommandContext): void {
  const policy = program
    .command('policy')
    .description("policies (a pack's policies/): concurrency limits and retries of actions");

  withCommonOptions(policy.command('list').description('list policies'))
    .option('-p, --pack <pack>', 'only this pack')
    .option('-r, --action <ref>', 'only policies of this action (resource_ref)')
    .option('-t, --type <policy_type>', 'only this policy type, e.g. action.concurrency')
    .action(async (options: ListOptions) => {
      const path = `/policies${queryString({ pack: options.pack, resource_ref: options.action, policy_type: options.type })}`;
      await callAndPrint(context, options, path, formatPolicyTable);
    });

  withCommonOptions(policy.command('get <ref>').description('show one policy')).action(
    async (ref: string, options: CommonOptions) => {
      await callAndPrint(context, options, `/policies/${encodeRef(ref)}`, formatPolicy);
    },
  );
}

const parameterText = (parameters: Record<string, unknown>): string =>
  Object.entries(parameters)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');

function formatPolicyTable(policies: readonly PolicyView[], style: Style): string {
  return formatTable(
    [
      { header: 'ref', value: (p: PolicyView) => p.ref },
      { header: 'resource_ref', value: (p: PolicyView) => p.resource_ref },
      { header: 'policy_type', value: (p: PolicyView) => p.policy_type },
      { header: 'parameters', value: (p: PolicyView) => parameterText(p.parameters) },
      { header: 'enabled', value: (p: PolicyView) => String(p.enabled) },
    ],
    policies,
    style,
  );
}

function formatPolicy(policy: PolicyView, style: Style): string {
  return formatRecord(
    [
      { label: 'ref', value: policy.ref },
      { label: 'description', value: policy.description || undefined },
      { label: 'enabled', value: policy.enabled },
      { label: 'resource_ref', value: policy.resource_ref },
      { label: 'policy_type', value: policy.policy_type },
      { label: 'parameters', value: policy.parameters },
      { label: 'file', value: policy.file },
    ],
    style,
  );
}

import type { Command } from 'commander';

import type { TraceView } from '../../history/trace-types.js';
import { callAndPrint } from '../call-and-print.js';
import { encodeRef, withCommonOptions, type CommandContext, type CommonOptions } from '../command-context.js';
import { formatTrace } from '../output/format-trace.js';

/** `squall trace <id>`: what one event caused, as a tree (`--json`: st2's trace shape plus the tree). */
export function registerTraceCommand(program: Command, context: CommandContext): void {
  withCommonOptions(
    program
      .command('trace <id>')
      .description(
        'what one event caused: a trigger instance, execution, rule enforcement or trace id → rules → executions → action triggers → …',
      ),
  ).action(async (id: string, options: CommonOptions) => {
    await callAndPrint<TraceView>(context, options, `/traces/${encodeRef(id)}`, formatTrace);
  });
}

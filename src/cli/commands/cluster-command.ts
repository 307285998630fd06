import type { Command } from 'commander';

import type { ClusterStatusView } from '../../cluster/cluster-status.js';
import { callAndPrint } from '../call-and-print.js';
import { withCommonOptions, type CommandContext, type CommonOptions } from '../command-context.js';
import { formatCluster } from '../output/format-cluster.js';

/** `squall cluster status`: the nodes of the cluster, queue depths and lag, leases (docs/scaling.md). */
export function registerClusterCommand(program: Command, context: CommandContext): void {
  const cluster = program.command('cluster').description('the processes sharing this Redis and PostgreSQL');
  withCommonOptions(
    cluster
      .command('status')
      .description('nodes (roles, host, pid, version, content, heartbeat), queues, leases'),
  ).action(async (options: CommonOptions) => {
    await callAndPrint<ClusterStatusView>(context, options, '/cluster', formatCluster);
  });
}

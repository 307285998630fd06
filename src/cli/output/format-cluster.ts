import type { ClusterStatusView } from '../../cluster/cluster-status.js';
import { formatTable } from './format-table.js';
import type { Style } from './style.js';

type NodeRow = ClusterStatusView['nodes'][number];

/** `squall cluster status`: a table of nodes, then queues and leases. */
export function formatCluster(view: ClusterStatusView, style: Style): string {
  const nodes = formatTable<NodeRow>(
    [
      { header: 'node', value: (node) => (node.id === view.node ? `${node.id} *` : node.id) },
      { header: 'roles', value: (node) => node.roles.join(',') },
      { header: 'host', value: (node) => node.host },
      { header: 'pid', value: (node) => node.pid },
      { header: 'version', value: (node) => node.version },
      { header: 'content', value: (node) => node.content_revision ?? '-' },
      {
        header: 'heartbeat',
        value: (node) => node.last_heartbeat,
        style: (text, node) => (node.alive ? text : style.dim(`${text} (silent)`)),
      },
    ],
    view.nodes,
    style,
  );
  const queues = formatTable<[string, ClusterStatusView['queues'][string]]>(
    [
      { header: 'queue', value: ([name]) => name },
      { header: 'waiting', value: ([, depth]) => depth.waiting },
      { header: 'active', value: ([, depth]) => depth.active },
      { header: 'delayed', value: ([, depth]) => depth.delayed },
      { header: 'failed', value: ([, depth]) => depth.failed },
      { header: 'lag ms', value: ([, depth]) => depth.lagMs },
    ],
    Object.entries(view.queues),
    style,
  );
  const leases = formatTable<ClusterStatusView['leases'][number]>(
    [
      { header: 'lease', value: (lease) => lease.name, maxWidth: 80 },
      { header: 'holder', value: (lease) => lease.holder },
      { header: 'expires', value: (lease) => lease.expires_at },
    ],
    view.leases,
    style,
  );
  const revision = `content revision: ${view.content_revision ?? '(none)'}\n`;
  return `${nodes}\n${revision}\n${queues}\n${leases}`;
}

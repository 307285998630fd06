import type { QueueDepth } from '../queue/queue.js';
import type { ClusterNode, ClusterStore, Lease } from '../store/cluster-store.js';
import type { ContentStore } from '../store/content-store.js';

/** `GET /api/v1/cluster`, `squall cluster status`. */
export interface ClusterStatusView {
  /** The node that answered; null for a single process (no cluster). */
  node: string | null;
  nodes: (ClusterNode & { last_heartbeat: string; alive: boolean })[];
  content_revision: string | null;
  queues: Record<string, QueueDepth>;
  leases: (Lease & { expires_at: string })[];
}

export interface ClusterStatusDeps {
  store: ClusterStore & ContentStore;
  queues: Record<string, { depth(): Promise<QueueDepth> } | undefined>;
  node: string | null;
  /** A node silent for longer is shown as not alive (and left out after ten times that). */
  heartbeatMs: number;
}

/** What the cluster looks like from the store and the queues now. */
export async function clusterStatus(deps: ClusterStatusDeps): Promise<ClusterStatusView> {
  const now = Date.now();
  const [nodes, leases, latest] = await Promise.all([
    deps.store.listNodes(now - deps.heartbeatMs * 10),
    deps.store.listLeases(now),
    deps.store.latestContentRevision(),
  ]);
  const queues: Record<string, QueueDepth> = {};
  for (const [name, queue] of Object.entries(deps.queues)) if (queue) queues[name] = await queue.depth();
  return {
    node: deps.node,
    nodes: nodes.map((node) => ({
      ...node,
      last_heartbeat: new Date(node.heartbeat_ms).toISOString(),
      alive: now - node.heartbeat_ms <= deps.heartbeatMs * 3,
    })),
    content_revision: latest?.id ?? null,
    queues,
    leases: leases.map((lease) => ({ ...lease, expires_at: new Date(lease.expires_ms).toISOString() })),
  };
}

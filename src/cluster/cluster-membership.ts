import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { errorMessage } from '../common/errors.js';
import type { Logger } from '../common/logger.js';
import { packageRoot } from '../common/package-root.js';
import type { Stage } from '../common/stage.js';
import type { ClusterConfig } from '../config/squall-config.js';
import type { ClusterNodeInfo, ClusterStore } from '../store/cluster-store.js';
import { LeaseKeeper } from './lease-keeper.js';

export interface ClusterMembershipOptions {
  store: ClusterStore;
  roles: readonly string[];
  config: ClusterConfig | undefined;
  logger: Logger;
  /** The content revision this node serves now. */
  contentRevision: () => string | null;
  /** The API address, once the HTTP server listens. */
  url?: () => string | undefined;
}

/** This node in its cluster: its id, its heartbeat row and the leases it holds. */
export interface ClusterMembership extends Stage {
  readonly nodeId: string;
  readonly leases: LeaseKeeper;
  readonly heartbeatMs: number;
  /** Writes a heartbeat now (after the content revision changed, say). */
  beat(): Promise<void>;
}

export function newNodeId(): string {
  return `${os.hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export function squallVersion(): string {
  const parsed = JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  return typeof parsed.version === 'string' ? parsed.version : '0.0.0';
}

/**
 * A node of a cluster heartbeats into the store every `heartbeat_seconds` and keeps the leases
 * of what it runs once per cluster; on stop it releases them and leaves the node list, so another
 * node takes its timers at once rather than when the leases expire.
 */
export function createClusterMembership(options: ClusterMembershipOptions): ClusterMembership {
  const nodeId = newNodeId();
  const heartbeatMs = Math.round((options.config?.heartbeat_seconds ?? 5) * 1000);
  const leases = new LeaseKeeper({
    store: options.store,
    holder: nodeId,
    ttlMs: Math.round((options.config?.lease_seconds ?? 15) * 1000),
    logger: options.logger.child({ component: 'leases' }),
  });
  const version = squallVersion();
  const info = (): ClusterNodeInfo => {
    const url = options.url?.();
    return {
      roles: [...options.roles],
      host: os.hostname(),
      pid: process.pid,
      version,
      content_revision: options.contentRevision(),
      ...(url ? { url } : {}),
    };
  };
  const beat = async (): Promise<void> => {
    await options.store.heartbeatNode(nodeId, info()).catch((error: unknown) => {
      options.logger.warn({ node: nodeId, err: errorMessage(error) }, 'cluster: heartbeat failed');
    });
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    name: 'cluster',
    nodeId,
    leases,
    heartbeatMs,
    beat,
    async start() {
      await options.store.heartbeatNode(nodeId, info());
      timer = setInterval(() => {
        beat().catch(() => undefined);
      }, heartbeatMs);
      timer.unref();
      leases.start();
      options.logger.info({ node: nodeId, roles: options.roles }, 'joined the cluster');
    },
    async stop() {
      clearInterval(timer);
      await leases.stop();
      await options.store.removeNode(nodeId).catch(() => undefined);
    },
  };
}

/** One lease: `holder` does the named once-per-cluster work until `expires_ms` unless it renews. */
export interface Lease {
  name: string;
  holder: string;
  acquired_ms: number;
  expires_ms: number;
}

/** What a node says about itself at each heartbeat (`squall cluster status`). */
export interface ClusterNodeInfo {
  roles: string[];
  host: string;
  pid: number;
  version: string;
  /** The content revision its snapshot serves, when content is distributed through the store. */
  content_revision: string | null;
  /** API address, when it serves HTTP. */
  url?: string;
}

export interface ClusterNode extends ClusterNodeInfo {
  id: string;
  started_ms: number;
  heartbeat_ms: number;
}

/**
 * Membership and leases of a cluster. Times are the caller's clock (epoch milliseconds), so the
 * nodes' clocks must agree to well under a lease's length (NTP).
 */
export interface ClusterStore {
  /**
   * Takes the lease when it is free or expired, or renews it when `holder` has it; resolves true
   * when `holder` holds it until `now + ttlMs`.
   */
  acquireLease(name: string, holder: string, ttlMs: number, now?: number): Promise<boolean>;
  /** Gives the lease up when `holder` has it. */
  releaseLease(name: string, holder: string): Promise<void>;
  /** Leases not yet expired. */
  listLeases(now?: number): Promise<Lease[]>;
  /** Records (or refreshes) a node's heartbeat. */
  heartbeatNode(id: string, info: ClusterNodeInfo, now?: number): Promise<void>;
  /** Nodes whose heartbeat is at or after `since`, oldest first. */
  listNodes(since: number): Promise<ClusterNode[]>;
  /** A node leaving says so (its leases go with it). */
  removeNode(id: string): Promise<void>;
}

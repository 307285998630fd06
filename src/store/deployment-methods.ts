import type { Store } from './store.js';

/** The Store methods about pack deployments, which each SQL driver implements in its own file. */
export type DeploymentMethods = Pick<
  Store,
  | 'insertDeployment'
  | 'updateDeployment'
  | 'getDeployment'
  | 'listDeployments'
  | 'confirmDeployment'
  | 'expirePendingDeployments'
  | 'putDeployedPack'
  | 'getDeployedPack'
  | 'listDeployedPacks'
  | 'claimDueRollbacks'
  | 'settleRollbackClaim'
>;

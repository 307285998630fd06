/** A matched, cast command waiting for its confirmation. */
export interface PendingRun {
  alias: string;
  command: string;
  parameters: Record<string, unknown>;
  groups: string[];
}

export type ChatOutcome =
  | { status: 'ignored' | 'help' | 'no_match' | 'ambiguous' | 'refused' | 'invalid' | 'failed' }
  | { status: 'confirmation_requested'; code: string }
  | { status: 'confirmation_rejected'; reason: 'unknown' | 'expired' | 'wrong_user' }
  | { status: 'executed'; executionId: string; completion: Promise<void> };

/** A refused command, for the audit trail (ChatServiceOptions.onRefused). */
export interface RefusalRecord {
  alias: string;
  action_ref: string;
  user: string;
  groups: string[];
  channel: string;
  command: string;
  at: string;
}

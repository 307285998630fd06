import type { Execution } from '../domain/execution.js';
import { isRecord } from '../common/guards.js';

/** An inquiry as st2's API shows it (InquiryResponseAPI): the core.ask execution's result and id. */
export interface Inquiry {
  id: string;
  route: string;
  /** Minutes from the ask's start until it expires; 0 never expires. */
  ttl: number;
  users: string[];
  roles: string[];
  schema: Record<string, unknown>;
  /** Not in st2's shape: where it waits and since when, for `squall inquiry list`. */
  status: Execution['status'];
  parent: string | null;
  start_timestamp: string | null;
}

/** Who answers: the API's caller or a chat user; `groups` are the roles they hold, when known. */
export interface InquiryRequester {
  user: string;
  groups?: readonly string[];
}

export const INQUIRER_RUNNER = 'inquirer';

export function isInquiryExecution(execution: Execution): boolean {
  return execution.runner === INQUIRER_RUNNER;
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export function inquiryOf(execution: Execution): Inquiry {
  const result = isRecord(execution.result) ? execution.result : {};
  return {
    id: execution.id,
    route: typeof result['route'] === 'string' ? result['route'] : '',
    ttl: typeof result['ttl'] === 'number' ? result['ttl'] : 1440,
    users: strings(result['users']),
    roles: strings(result['roles']),
    schema: isRecord(result['schema']) ? result['schema'] : {},
    status: execution.status,
    parent: execution.parent,
    start_timestamp: execution.start_timestamp,
  };
}

/** st2's check_permission without RBAC roles of its own: users listed, or a listed role held. */
export function mayRespond(inquiry: Inquiry, requester: InquiryRequester): boolean {
  const usersPass = inquiry.users.length === 0 || inquiry.users.includes(requester.user);
  const rolesPass =
    inquiry.roles.length === 0 || (requester.groups ?? []).some((group) => inquiry.roles.includes(group));
  return usersPass && rolesPass;
}

/** Epoch ms when a pending inquiry expires; undefined when it never does (ttl 0, not started). */
export function expiresAt(inquiry: Inquiry): number | undefined {
  if (inquiry.ttl <= 0 || !inquiry.start_timestamp) return undefined;
  return Date.parse(inquiry.start_timestamp) + inquiry.ttl * 60_000;
}

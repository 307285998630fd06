import type { EventBus } from '../bus/event-bus.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../common/errors.js';
import type { Execution } from '../domain/execution.js';
import { compileSchemaCheck } from '../parsing/json-schema.js';
import type { RecordStore } from '../store/record-store.js';
import { applySchemaDefaults } from '../parsing/apply-schema-defaults.js';
import {
  expiresAt,
  inquiryOf,
  isInquiryExecution,
  mayRespond,
  type Inquiry,
  type InquiryRequester,
} from './inquiry.js';

export interface InquiryServiceNeeds {
  store: RecordStore;
  bus: EventBus;
}

export interface InquiryService {
  /** Inquiries waiting for an answer (pending core.ask executions), newest first. */
  list(options?: { limit?: number }): Promise<Inquiry[]>;
  /** A pending inquiry; NotFoundError for an unknown id, ValidationError when it is no longer pending. */
  get(id: string): Promise<Inquiry>;
  /**
   * st2's respond: checks the inquiry is pending, the requester may answer (ForbiddenError) and the
   * response matches its schema (defaults filled; ValidationError), then succeeds the execution with
   * `result.response`, which resumes the workflow that asked.
   */
  respond(
    id: string,
    response: unknown,
    requester: InquiryRequester,
  ): Promise<{ id: string; response: unknown }>;
  /** Inquiries whose ttl ran out by `now` (epoch ms) become `timeout`; returns them. */
  expire(now: number): Promise<Execution[]>;
}

export function createInquiryService(needs: InquiryServiceNeeds): InquiryService {
  const { store, bus } = needs;

  async function execution(id: string): Promise<Execution> {
    const found = await store.getExecution(id);
    if (!found || !isInquiryExecution(found)) {
      throw new NotFoundError(`inquiry ${id} does not exist; see \`squall inquiry list\``, {
        code: 'E_UNKNOWN_INQUIRY',
      });
    }
    return found;
  }

  function checkPending(found: Execution): void {
    if (found.status === 'timeout') {
      throw new ValidationError(
        `inquiry ${found.id} timed out (its ttl ran out); it can no longer be answered`,
        {
          code: 'E_INQUIRY_TIMED_OUT',
        },
      );
    }
    if (found.status !== 'pending') {
      throw new ValidationError(`inquiry ${found.id} has already been responded to (${found.status})`, {
        code: 'E_INQUIRY_RESPONDED',
      });
    }
  }

  function finished(final: Execution): void {
    bus.publish('execution.updated', final);
    bus.publish('execution.finished', final);
  }

  return {
    async list(options = {}) {
      const pending = await store.listExecutions({ status: 'pending', limit: 0 });
      const inquiries = pending.filter(isInquiryExecution).map(inquiryOf);
      return options.limit ? inquiries.slice(0, options.limit) : inquiries;
    },

    async get(id) {
      const found = await execution(id);
      checkPending(found);
      return inquiryOf(found);
    },

    async respond(id, response, requester) {
      const found = await execution(id);
      checkPending(found);
      const inquiry = inquiryOf(found);
      if (!mayRespond(inquiry, requester)) {
        throw new ForbiddenError(
          `inquiry ${id}: user "${requester.user}" may not respond; it is for ${describeAudience(inquiry)}`,
          { code: 'E_INQUIRY_FORBIDDEN' },
        );
      }
      const filled = applySchemaDefaults(inquiry.schema, response);
      const problem = compileSchemaCheck(inquiry.schema)(filled);
      if (problem) {
        throw new ValidationError(
          `inquiry ${id}: the response does not match the inquiry's schema: ${problem.replaceAll('payload', 'response')}`,
          { code: 'E_INQUIRY_RESPONSE' },
        );
      }
      const final = await store.transitionExecution(id, ['pending'], {
        status: 'succeeded',
        result: { ...(found.result as Record<string, unknown>), response: filled },
        error: null,
        end_timestamp: new Date().toISOString(),
      });
      if (!final) {
        throw new ConflictError(`inquiry ${id} was answered or expired meanwhile`, {
          code: 'E_INQUIRY_RESPONDED',
        });
      }
      finished(final);
      return { id, response: filled };
    },

    async expire(now) {
      const pending = await store.listExecutions({ status: 'pending', limit: 0 });
      const expired: Execution[] = [];
      for (const found of pending.filter(isInquiryExecution)) {
        const due = expiresAt(inquiryOf(found));
        if (due === undefined || due > now) continue;
        const final = await store.transitionExecution(found.id, ['pending'], {
          status: 'timeout',
          error: `inquiry ${found.id} expired: no response within its ttl`,
          end_timestamp: new Date(now).toISOString(),
        });
        if (!final) continue;
        finished(final);
        expired.push(final);
      }
      return expired;
    },
  };
}

function describeAudience(inquiry: Inquiry): string {
  const parts = [
    ...(inquiry.users.length > 0 ? [`users ${inquiry.users.join(', ')}`] : []),
    ...(inquiry.roles.length > 0 ? [`roles ${inquiry.roles.join(', ')}`] : []),
  ];
  return parts.join(' and ');
}

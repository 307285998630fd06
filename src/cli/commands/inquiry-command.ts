import type { Command } from 'commander';

import { ValidationError } from '../../common/errors.js';
import type { Inquiry } from '../../inquiries/inquiry.js';
import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  queryString,
  withCommonOptions,
  withPaging,
  type CommandContext,
  type CommonOptions,
  type PagingOptions,
} from '../command-context.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

interface RespondOptions extends CommonOptions {
  user?: string;
  role?: string[];
}

/** st2's `inquiry list|get|respond`: questions core.ask put to people, and their answers. */
export function registerInquiryCommand(program: Command, context: CommandContext): void {
  const command = program
    .command('inquiry')
    .description('inquiries (core.ask): workflows waiting for a person to answer');

  withPaging(
    withCommonOptions(command.command('list').description('list inquiries waiting for a response')),
  ).action(async (options: CommonOptions & PagingOptions) => {
    await callAndPrint(
      context,
      options,
      `/inquiries${queryString({ limit: options.limit })}`,
      formatInquiryTable,
    );
  });

  withCommonOptions(command.command('get <id>').description('show one inquiry and its schema')).action(
    async (id: string, options: CommonOptions) => {
      await callAndPrint(context, options, `/inquiries/${encodeRef(id)}`, formatInquiry);
    },
  );

  withCommonOptions(
    command
      .command('respond <id> <response>')
      .description('answer an inquiry with a JSON object matching its schema, e.g. \'{"approved": true}\'')
      .option('-u, --user <name>', "who answers (default: stanley, st2's system user)")
      .option('-r, --role <role...>', 'roles the answering user holds'),
  ).action(async (id: string, text: string, options: RespondOptions) => {
    const body = {
      response: parseResponse(text),
      ...(options.user ? { user: options.user } : {}),
      ...(options.role ? { roles: options.role } : {}),
    };
    await callAndPrint(
      context,
      options,
      { method: 'PUT', path: `/inquiries/${encodeRef(id)}`, body },
      (answer, style) =>
        `${style.green('responded')} to inquiry ${id}\n${formatRecord([{ label: 'response', value: (answer as { response: unknown }).response }], style)}`,
    );
  });
}

function parseResponse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ValidationError(
      `inquiry respond: the response must be JSON, e.g. '{"approved": true}' (${(error as Error).message})`,
      { code: 'E_CLI_ARGUMENT' },
    );
  }
}

function formatInquiryTable(inquiries: readonly Inquiry[], style: Style): string {
  return formatTable(
    [
      { header: 'id', value: (i: Inquiry) => i.id },
      { header: 'parent', value: (i: Inquiry) => i.parent ?? '' },
      { header: 'route', value: (i: Inquiry) => i.route },
      { header: 'ttl', value: (i: Inquiry) => String(i.ttl) },
      { header: 'users', value: (i: Inquiry) => i.users.join(',') },
      { header: 'roles', value: (i: Inquiry) => i.roles.join(',') },
    ],
    inquiries,
    style,
  );
}

function formatInquiry(inquiry: Inquiry, style: Style): string {
  return formatRecord(
    [
      { label: 'id', value: inquiry.id },
      { label: 'parent', value: inquiry.parent ?? undefined },
      { label: 'route', value: inquiry.route },
      { label: 'ttl', value: inquiry.ttl },
      { label: 'users', value: inquiry.users },
      { label: 'roles', value: inquiry.roles },
      { label: 'schema', value: inquiry.schema },
    ],
    style,
  );
}

import { Option, type Command } from 'commander';

import type { KeyView } from '../../api/serialize/serialize-key.js';
import { callAndPrint } from '../call-and-print.js';
import {
  encodeRef,
  parseCount,
  print,
  queryString,
  withApi,
  withCommonOptions,
  type CommandContext,
  type CommonOptions,
} from '../command-context.js';
import { formatRecord } from '../output/format-record.js';
import { formatTable } from '../output/format-table.js';
import type { Style } from '../output/style.js';

interface ScopeOptions extends CommonOptions {
  scope?: string;
  user?: string;
}

const scopeOption = (allowAll: boolean): Option =>
  new Option('--scope <scope>', `system or user (with --user)${allowAll ? ', or all' : ''}`).default(
    'system',
  );

/** `st2 key` verbs over the datastore. Secret values print masked unless --decrypt. */
export function registerKeyCommand(program: Command, context: CommandContext): void {
  const key = program
    .command('key')
    .description('the datastore (st2kv): key-value pairs rules and actions read');
  const withScope = (command: Command, allowAll = false): Command =>
    withCommonOptions(command)
      .addOption(scopeOption(allowAll))
      .option('--user <name>', 'the user of a user scope');

  withScope(key.command('set <name> <value>').description('create or replace a key'))
    .option('-e, --encrypt', 'store the value encrypted (a secret)')
    .option('-l, --ttl <seconds>', 'expire the key after this many seconds', parseCount)
    .action(
      async (name: string, value: string, options: ScopeOptions & { encrypt?: boolean; ttl?: number }) => {
        const body = {
          value,
          secret: options.encrypt === true,
          scope: options.scope,
          ...(options.user ? { user: options.user } : {}),
          ...(options.ttl === undefined ? {} : { ttl: options.ttl }),
        };
        await callAndPrint(
          context,
          options,
          { method: 'PUT', path: `/keys/${encodeRef(name)}`, body },
          formatKey,
        );
      },
    );

  withScope(key.command('get <name>').description('show one key'))
    .option('-d, --decrypt', 'show a secret value in clear text')
    .action(async (name: string, options: ScopeOptions & { decrypt?: boolean }) => {
      const path = `/keys/${encodeRef(name)}${scopeQuery(options, { decrypt: options.decrypt })}`;
      await callAndPrint(context, options, path, formatKey);
    });

  withScope(key.command('list').description('list keys'), true)
    .option('--prefix <prefix>', 'only keys starting with this')
    .option('-d, --decrypt', 'show secret values in clear text')
    .action(async (options: ScopeOptions & { prefix?: string; decrypt?: boolean }) => {
      const path = `/keys${scopeQuery(options, { prefix: options.prefix, decrypt: options.decrypt })}`;
      await callAndPrint(context, options, path, formatKeyTable);
    });

  withScope(key.command('delete <name>').description('delete a key')).action(
    async (name: string, options: ScopeOptions) => {
      await withApi(context, options, (api) =>
        api.call<undefined>('DELETE', `/keys/${encodeRef(name)}${scopeQuery(options)}`),
      );
      print(context, options, { deleted: name }, () => `deleted key ${name}\n`);
    },
  );
}

function scopeQuery(options: ScopeOptions, extra: Record<string, string | boolean | undefined> = {}): string {
  return queryString({ scope: options.scope, user: options.user, ...extra });
}

function scopeLabel(pair: KeyView): string {
  return pair.user === undefined ? 'system' : `user:${pair.user}`;
}

export function formatKeyTable(pairs: readonly KeyView[], style: Style): string {
  return formatTable(
    [
      { header: 'name', value: (p: KeyView) => p.name },
      { header: 'value', value: (p: KeyView) => p.value },
      { header: 'secret', value: (p: KeyView) => (p.secret ? 'yes' : '') },
      { header: 'scope', value: scopeLabel },
      { header: 'expires', value: (p: KeyView) => p.expire_timestamp },
    ],
    pairs,
    style,
  );
}

export function formatKey(pair: KeyView, style: Style): string {
  return formatRecord(
    [
      { label: 'name', value: pair.name },
      { label: 'value', value: pair.value },
      { label: 'secret', value: pair.secret },
      { label: 'scope', value: scopeLabel(pair) },
      { label: 'expire_timestamp', value: pair.expire_timestamp ?? undefined },
      { label: 'updated_at', value: pair.updated_at },
    ],
    style,
  );
}

import type { InternalAction, InternalActionContext } from '../../actions/runners/internal.js';
import type { SquallConfig } from '../../config/squall-config.js';
import type { SecretBox } from '../../datastore/secret-box.js';
import { ValidationError, errorMessage } from '../../common/errors.js';
import type { Logger } from '../../common/logger.js';
import { maskDeep } from '../../security/mask.js';
import { describePackConfig } from '../config/pack-config.js';
import type { ContentSnapshot } from '../../snapshot/model/content-snapshot.js';
import { getPack, listPacks } from './describe-packs.js';
import { installPacks, type InstallResult } from './install-pack.js';
import { removePack, type RemoveResult } from './remove-pack.js';
import { setupVirtualenvs } from '../venv/setup-virtualenvs.js';

export interface PackActionDeps {
  home: string;
  reload(): Promise<ContentSnapshot>;
  snapshot(): ContentSnapshot;
  config: SquallConfig;
  secretBox: SecretBox;
  logger: Logger;
}

/** entry_point names of the bundled `packs` pack's actions (`runner_type: squall-internal`). */
export const PACK_ACTION_NAMES = [
  'packs.install',
  'packs.uninstall',
  'packs.get',
  'packs.list',
  'packs.setup_virtualenv',
] as const;

/**
 * The `packs` pack's built-in actions. Installs and removals run one at a time, so two requests
 * never swap the same folder at once. Results have URL credentials masked.
 */
export function createPackActions(deps: PackActionDeps): Map<string, InternalAction> {
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const install: InternalAction = (context) => serialized(() => installAll(deps, context));
  const uninstall: InternalAction = (context) =>
    serialized(async () => {
      const removed: RemoveResult[] = [];
      for (const ref of stringList(context.parameters['packs'], 'packs'))
        removed.push(await removePack(ref, { ...deps, logger: context.logger }));
      return { removed };
    });
  const actions = new Map<string, InternalAction>([
    ['packs.install', install],
    ['packs.uninstall', uninstall],
    [
      'packs.get',
      async ({ parameters }) => {
        const ref = requiredString(parameters['pack'], 'pack');
        const pack = await getPack(ref, deps.snapshot());
        // A config that does not read is shown as such; the pack itself is still described.
        const config = await describePackConfig(ref, deps).then(
          (described) => ({ file: described.file, values: described.values, report: described.report }),
          (error: unknown) => ({ error: errorMessage(error) }),
        );
        return { ...pack, config };
      },
    ],
    ['packs.list', async () => ({ packs: await listPacks(deps.snapshot()) })],
    [
      'packs.setup_virtualenv',
      (context) =>
        serialized(async () => ({
          virtualenvs: await setupVirtualenvs(
            {
              ...deps,
              signal: context.signal,
              onProgress: (pack, message) => context.logger.info({ step: 'venv', pack }, message),
            },
            stringList(context.parameters['packs'], 'packs'),
            { update: context.parameters['update'] === true },
          ),
        })),
    ],
  ]);
  return new Map([...actions].map(([name, action]) => [name, withUrlCredentialsMasked(action)]));
}

/** Where pack results leave for the execution record: a pack.yaml or a source URL may hold a token. */
function withUrlCredentialsMasked(action: InternalAction): InternalAction {
  return async (context) => maskDeep(await action(context), []);
}

async function installAll(deps: PackActionDeps, context: InternalActionContext): Promise<unknown> {
  const { parameters } = context;
  const total: InstallResult = { installed: [], unchanged: [], issues: [] };
  for (const source of stringList(parameters['packs'], 'packs')) {
    const result = await installPacks(
      {
        source,
        ...optional('packs', optionalStringList(parameters['select'], 'select')),
        ...optional('subtree', optionalBoolean(parameters['subtree'])),
        force: parameters['force'] === true,
        skipDependencies: parameters['skip_dependencies'] === true,
      },
      {
        ...deps,
        logger: context.logger,
        signal: context.signal,
        onProgress: (progress) =>
          context.logger.info({ step: progress.step, pack: progress.pack }, progress.message),
      },
    );
    total.installed.push(...result.installed);
    total.unchanged.push(...result.unchanged);
    total.issues.push(...result.issues);
  }
  return total;
}

function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}

function stringList(value: unknown, name: string): string[] {
  const list = optionalStringList(value, name);
  if (!list || list.length === 0)
    throw new ValidationError(`parameter "${name}" needs at least one value`, { code: 'E_PARAMETERS' });
  return list;
}

function optionalStringList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list =
    typeof value === 'string'
      ? value
          .split(',')
          .map((item) => item.trim())
          .filter((item) => item !== '')
      : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new ValidationError(`parameter "${name}" must be a list of strings`, { code: 'E_PARAMETERS' });
  }
  return list as string[];
}

function optionalBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

function requiredString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '')
    throw new ValidationError(`parameter "${name}" is required`, { code: 'E_PARAMETERS' });
  return value;
}

import type { RunnerRegistry } from '../actions/runner.js';
import type { ReadText } from '../parsing/read-text.js';
import type { ContentKind, PackInfo } from './model/content-snapshot.js';
import type { TriggerType } from './model/trigger-type.js';

export interface PackRoot {
  dir: string;
  bundled: boolean;
}

export interface ContentSources {
  /** Folders holding pack folders, in order; a later pack with the same ref replaces an earlier one. */
  packRoots: readonly PackRoot[];
  /** The install's own content (`<home>/rules`, ...) forms the pack `default`. */
  localDir?: string;
  /** Trigger types that exist without a pack file (timers, webhooks, internal triggers). */
  builtinTriggerTypes: readonly TriggerType[];
  /** The runners actions are checked against (their parameters merge into the action's). */
  runners: RunnerRegistry;
  /** How content files are read. @default readUtf8 */
  readText?: ReadText;
}

export const LOCAL_PACK = 'default';

/** The content folders of a pack and the loader for each. */
export const KIND_FOLDERS: readonly { folder: string; kind: ContentKind }[] = [
  { folder: 'triggers', kind: 'trigger' },
  { folder: 'actions', kind: 'action' },
  { folder: 'rules', kind: 'rule' },
  { folder: 'sensors', kind: 'sensor' },
  { folder: 'aliases', kind: 'alias' },
  { folder: 'policies', kind: 'policy' },
];

/** The folders of the install's own content (`<home>/rules`, `<home>/sensors`). */
export const LOCAL_KIND_FOLDERS = KIND_FOLDERS.filter((k) => k.kind === 'rule' || k.kind === 'sensor');

export function localPack(dir: string): PackInfo {
  return {
    ref: LOCAL_PACK,
    dir,
    bundled: false,
    metadata: {
      ref: LOCAL_PACK,
      name: LOCAL_PACK,
      description: 'Local content of this Squall install',
      version: '0.0.0',
      author: 'local',
    },
  };
}

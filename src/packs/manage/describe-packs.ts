import { NotFoundError } from '../../common/errors.js';
import type { ContentIssue, ContentSnapshot, PackInfo } from '../../snapshot/model/content-snapshot.js';
import { readSourceRecord, type PackSourceRecord } from './source-record.js';

/** A pack as `squall pack get` shows it: pack.yaml, where it came from, what loaded and what did not. */
export interface PackDescription {
  ref: string;
  name: string;
  version: string;
  description: string;
  author: string;
  bundled: boolean;
  dir: string;
  /** Where it was installed from (URL credentials masked); absent for bundled and hand-copied packs. */
  source?: PackSourceRecord;
  content: { actions: number; rules: number; trigger_types: number };
  issues: ContentIssue[];
}

export async function getPack(ref: string, snapshot: ContentSnapshot): Promise<PackDescription> {
  const pack = snapshot.packs.get(ref);
  if (!pack) {
    const known = [...snapshot.packs.keys()].sort().join(', ');
    throw new NotFoundError(`pack "${ref}" is not installed; installed packs: ${known}`, {
      code: 'E_PACK_NOT_FOUND',
    });
  }
  return describePack(pack, snapshot);
}

export async function listPacks(snapshot: ContentSnapshot): Promise<PackDescription[]> {
  const packs = [...snapshot.packs.values()].sort((a, b) => a.ref.localeCompare(b.ref));
  return Promise.all(packs.map((pack) => describePack(pack, snapshot)));
}

async function describePack(pack: PackInfo, snapshot: ContentSnapshot): Promise<PackDescription> {
  const source = pack.bundled ? undefined : await readSourceRecord(pack.dir);
  const description: PackDescription = {
    ref: pack.ref,
    name: pack.metadata.name,
    version: pack.metadata.version,
    description: pack.metadata.description,
    author: pack.metadata.author,
    bundled: pack.bundled,
    dir: pack.dir,
    ...(source ? { source } : {}),
    content: {
      actions: count(snapshot.actions.values(), (action) => action.spec.pack === pack.ref),
      rules: count(snapshot.rules.values(), (rule) => rule.spec.pack === pack.ref),
      trigger_types: count(snapshot.triggerTypes.values(), (type) => type.pack === pack.ref),
    },
    issues: snapshot.issues.filter((issue) => issue.pack === pack.ref),
  };
  return description;
}

function count<T>(items: Iterable<T>, belongs: (item: T) => boolean): number {
  let total = 0;
  for (const item of items) if (belongs(item)) total++;
  return total;
}

import { ContentLoader } from './content-loader.js';
import type { ContentSources } from './content-sources.js';
import type { ContentSnapshot } from './model/content-snapshot.js';

export { LOCAL_PACK, type ContentSources, type PackRoot } from './content-sources.js';

/**
 * Loads every pack into a new snapshot. With `previous`, a file that fails to load keeps the version
 * the previous snapshot had, and the failure is reported as an issue. (A `ContentManager` keeps a
 * `ContentLoader` instead, which re-reads only what changed.)
 */
export async function loadContent(
  sources: ContentSources,
  previous?: ContentSnapshot,
): Promise<ContentSnapshot> {
  return new ContentLoader(sources, previous).load();
}

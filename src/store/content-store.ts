/** One published content revision. */
export interface ContentRevision {
  /** Hash of the content: equal content, equal id. */
  id: string;
  /** The node that published it. */
  node: string;
  created_ms: number;
}

export interface ContentRevisionWithArchive extends ContentRevision {
  /** The content folders, as the publisher packed them (base64 gzip'd JSON). */
  archive: string;
}

/** Content distributed through the store: the last revision published is what every node serves. */
export interface ContentStore {
  /** Publishes a revision; it becomes the latest. Keeps the last few. */
  putContentRevision(revision: ContentRevisionWithArchive): Promise<void>;
  /** The latest revision without its archive, or undefined before the first. */
  latestContentRevision(): Promise<ContentRevision | undefined>;
  /** A revision with its archive, or undefined when it is no longer kept. */
  getContentRevision(id: string): Promise<ContentRevisionWithArchive | undefined>;
}

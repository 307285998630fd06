import { readFileSync } from 'node:fs';

/** Reads a content file's text. Injectable so that loading can be observed (which files it reads). */
export type ReadText = (file: string) => Promise<string>;

/**
 * Content files are small and local: read synchronously (a promise through libuv's thread pool per
 * file cost more than the read at 10,000 files), with the error as a rejection like `readFile`'s.
 */
export const readUtf8: ReadText = (file) => {
  try {
    return Promise.resolve(readFileSync(file, 'utf8'));
  } catch (error) {
    return Promise.reject(error as Error);
  }
};

import { readFile } from 'node:fs/promises';

/** Reads a content file's text. Injectable so that loading can be observed (which files it reads). */
export type ReadText = (file: string) => Promise<string>;

export const readUtf8: ReadText = (file) => readFile(file, 'utf8');

import { readFile } from 'node:fs/promises';
import path from 'node:path';

/** The requirement lines of `<pack>/requirements.txt` (comments and blank lines dropped); [] without one. */
export async function readRequirements(packDir: string): Promise<string[]> {
  const text = await readFile(path.join(packDir, 'requirements.txt'), 'utf8').catch(() => '');
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line !== '');
}

import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

export const CORPUS = '/work/shared/st2-corpus';

/** Every `<pack>/aliases/*.yaml` file of the StackStorm corpus, with the pack it belongs to. */
export async function corpusAliasFiles(): Promise<{ file: string; pack: string }[]> {
  const files: { file: string; pack: string }[] = [];
  for (const folder of await readdir(CORPUS, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    const aliases = join(CORPUS, folder.name, 'aliases');
    if (!existsSync(aliases)) continue;
    for (const name of await readdir(aliases)) {
      if (!/\.ya?ml$/.test(name)) continue;
      // packs-2016 holds the 2016 `packs` pack; its metadata is the pack named in pack.yaml.
      const pack = folder.name === 'packs-2016' ? 'packs' : folder.name;
      files.push({ file: join(aliases, name), pack });
    }
  }
  return files;
}

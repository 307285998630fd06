import path from 'node:path';

/**
 * StackStorm's own packs (core, linux, chatops, examples, packs, …), read in place and never copied
 * into the project. `SQUALL_ST2_CORPUS` points elsewhere; tests that need it skip, saying so, without it.
 */
export const ST2_CORPUS = path.resolve(process.env['SQUALL_ST2_CORPUS'] ?? '/work/shared/st2-corpus');

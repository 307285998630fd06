import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

const DIST = path.resolve('dist/console');
/** The budget for everything the first page load fetches. */
const BUDGET_BYTES = 250 * 1024;

describe('the web console bundle', () => {
  it('loads in at most 250 KB gzipped, with no file fetched from another origin', () => {
    if (!existsSync(path.join(DIST, 'index.html'))) {
      execFileSync('npm', ['run', 'build:console'], { stdio: 'inherit' });
    }
    const html = readFileSync(path.join(DIST, 'index.html'), 'utf8');
    const referenced = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1] ?? '');
    expect(referenced.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    // Every asset counts, loaded first or not: the whole console must fit the budget.
    const files = ['index.html', ...readdirSync(path.join(DIST, 'assets')).map((name) => `assets/${name}`)];
    const gzipped = files.reduce(
      (total, file) => total + gzipSync(readFileSync(path.join(DIST, file))).length,
      0,
    );
    expect(referenced.some((url) => url.startsWith('/assets/') && url.endsWith('.js'))).toBe(true);
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES);
  });
});

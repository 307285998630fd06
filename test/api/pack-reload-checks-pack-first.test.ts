import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApi, type ApiFixture } from './helpers/api-fixture.js';
import { createDemoHome, type TempHome } from './helpers/temp-home.js';

const RULE = (name: string): string =>
  `name: ${name}\npack: demo\nenabled: true\ntrigger: {type: core.st2.generic.actiontrigger}\naction: {ref: core.noop}\n`;

describe('POST /packs/reload?pack= checks the pack before reloading', () => {
  let home: TempHome;
  let api: ApiFixture;

  beforeAll(async () => {
    home = await createDemoHome();
    api = await startApi(home);
  });
  afterAll(async () => {
    await api.close();
    await home.remove();
  });

  it('answers 404 for an unknown pack without reloading anything', async () => {
    await home.write('packs/demo/rules/pending.yaml', RULE('pending'));
    for (const unknown of ['zzz', '..%2Fdemo']) {
      expect(await api.request('POST', `/packs/reload?pack=${unknown}`)).toMatchObject({
        status: 404,
        body: { code: 'E_UNKNOWN_PACK' },
      });
    }
    expect((await api.request('GET', '/rules/demo.pending')).status).toBe(404);
    expect((await api.request('POST', '/packs/reload?pack=demo')).status).toBe(200);
    expect((await api.request('GET', '/rules/demo.pending')).status).toBe(200);
  });

  it('reloads a pack folder copied into the home since the last load', async () => {
    await home.write(
      'packs/fresh/pack.yaml',
      'name: fresh\ndescription: new\nversion: 0.1.0\nauthor: tests\n',
    );
    const { status, body } = await api.request('POST', '/packs/reload?pack=fresh');
    expect(status).toBe(200);
    expect(body).toMatchObject({ pack: 'fresh', packs: 1 });
    expect((await api.request('GET', '/packs/fresh')).status).toBe(200);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startApi, type ApiFixture } from './helpers/api-fixture.js';
import { createTempHome, type TempHome } from './helpers/temp-home.js';

describe('API /keys', () => {
  let home: TempHome;
  let api: ApiFixture;

  beforeAll(async () => {
    home = await createTempHome();
    api = await startApi(home);
  });
  afterAll(async () => {
    await api.close();
    await home.remove();
  });

  it('sets, gets, lists and deletes a system key in st2 shape', async () => {
    const put = await api.request('PUT', '/keys/region', { body: { value: 'eu-west-1' } });
    expect(put).toMatchObject({
      status: 200,
      body: { name: 'region', value: 'eu-west-1', secret: false, encrypted: false, scope: 'st2kv.system' },
    });
    expect((await api.request('GET', '/keys/region')).body).toMatchObject({ value: 'eu-west-1' });
    const list = (await api.request('GET', '/keys')).body as { name: string }[];
    expect(list.map((pair) => pair.name)).toContain('region');
    expect((await api.request('DELETE', '/keys/region')).status).toBe(204);
    expect(await api.request('GET', '/keys/region')).toMatchObject({
      status: 404,
      body: { code: 'E_UNKNOWN_KEY' },
    });
    expect((await api.request('DELETE', '/keys/region')).status).toBe(404);
  });

  it('masks secret values unless decrypt=true', async () => {
    const put = await api.request('PUT', '/keys/db_password', { body: { value: 'pw-12345', secret: true } });
    expect(put.body).toMatchObject({ value: '********', secret: true, encrypted: true });
    expect((await api.request('GET', '/keys/db_password')).body).toMatchObject({ value: '********' });
    expect(JSON.stringify((await api.request('GET', '/keys')).body)).not.toContain('pw-12345');
    expect((await api.request('GET', '/keys/db_password?decrypt=true')).body).toMatchObject({
      value: 'pw-12345',
      encrypted: false,
    });
  });

  it('keeps user scopes apart and needs the user name for them', async () => {
    await api.request('PUT', '/keys/theme', { body: { value: 'dark', scope: 'user', user: 'alice' } });
    expect((await api.request('GET', '/keys/theme?scope=user&user=alice')).body).toMatchObject({
      value: 'dark',
      scope: 'st2kv.user',
      user: 'alice',
    });
    expect((await api.request('GET', '/keys/theme')).status).toBe(404);
    expect(await api.request('GET', '/keys/theme?scope=user')).toMatchObject({
      status: 400,
      body: { code: 'E_DATASTORE_SCOPE' },
    });
    const all = (await api.request('GET', '/keys?scope=all')).body as { name: string }[];
    expect(all.map((pair) => pair.name)).toContain('theme');
  });

  it('rejects a body without a string value', async () => {
    expect(await api.request('PUT', '/keys/x', { body: { value: 3 } })).toMatchObject({
      status: 400,
      body: { code: 'E_API_BODY' },
    });
  });
});

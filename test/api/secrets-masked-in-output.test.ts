import { describe, expect, it } from 'vitest';

import { buildApiApp } from '../../src/api/server.js';
import { useTempEngine } from '../support/temp-engine.js';

describe('secrets never leave through the API', () => {
  const current = useTempEngine();

  it('masks a secret datastore value that an action printed, in the store and the API, and URL credentials', async () => {
    await current.engine.datastore.set('system', 'db_password', 's3cr3t-hunter2', { secret: true });
    const app = await buildApiApp(current.engine);
    try {
      const created = await app.inject({
        method: 'POST',
        url: '/api/v1/executions',
        payload: {
          action: 'core.local',
          parameters: {
            cmd: 'echo "pw={{ st2kv.system.db_password | decrypt_kv }} url=https://tok3n@git.example.com/x.git"',
          },
        },
      });
      expect(created.statusCode).toBe(201);
      const id = (created.json() as { id: string }).id;
      const finished = await current.engine.waitForExecution(id, { timeoutMs: 10_000 });
      // The action saw the real value (it printed it); the stored record holds it masked.
      expect(finished.status).toBe('succeeded');
      expect(finished.stdout).toMatch(/^pw=\*{8} /);
      const shown = await app.inject({ method: 'GET', url: `/api/v1/executions/${id}` });
      expect(shown.body).not.toContain('s3cr3t-hunter2');
      expect(shown.body).not.toContain('tok3n');
      expect(shown.body).toContain('********');
      const keys = await app.inject({ method: 'GET', url: '/api/v1/keys' });
      expect(keys.body).not.toContain('s3cr3t-hunter2');
    } finally {
      await app.close();
    }
  });
});

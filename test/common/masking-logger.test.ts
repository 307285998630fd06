import { Writable } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { createLogger } from '../../src/common/logger.js';
import { maskingLogger } from '../../src/common/masking-logger.js';
import { ValidationError } from '../../src/common/errors.js';
import { MASK } from '../../src/security/mask-constant.js';
import { createSecretRegistry } from '../../src/security/secret-registry.js';

const SECRET = 'hunter2-token';

function capture(level = 'info') {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const secrets = createSecretRegistry([SECRET]);
  return { lines, secrets, logger: maskingLogger(createLogger({ level, destination }), secrets) };
}

describe('maskingLogger', () => {
  it('masks known secrets and URL credentials in messages, fields and child bindings', () => {
    const { lines, logger } = capture();
    logger
      .child({ repo: `https://x:${SECRET}@git.example/r.git` })
      .info({ output: `said ${SECRET}` }, `ran ${SECRET}`);
    logger.warn(`with %s`, SECRET);
    expect(lines[0]).toMatchObject({
      repo: `https://${MASK}@git.example/r.git`,
      output: `said ${MASK}`,
      msg: `ran ${MASK}`,
    });
    expect(lines[1]?.['msg']).toBe(`with ${MASK}`);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
  });

  it('keeps an error its type, code and stack, with the secret masked', () => {
    const { lines, logger } = capture();
    const error = new ValidationError(`bad value ${SECRET}`, { code: 'E_TEST' });
    logger.error({ err: error }, 'failed');
    logger.error(error);
    for (const line of lines) {
      expect(line['err']).toMatchObject({
        type: 'ValidationError',
        code: 'E_TEST',
        message: `bad value ${MASK}`,
      });
      expect(String((line['err'] as { stack: string }).stack)).toContain('masking-logger.test.ts');
    }
    expect(lines[1]?.['msg']).toBe(`bad value ${MASK}`);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(error.message).toBe(`bad value ${SECRET}`);
  });

  it('does not mask a line below the level, and passes the rest of the logger through', () => {
    const { lines, secrets, logger } = capture('warn');
    let masked = 0;
    const counting = maskingLogger(logger, {
      mask: <T>(value: T): T => {
        masked++;
        return secrets.mask(value);
      },
    });
    counting.debug({ big: 'x'.repeat(1000) }, 'not written');
    expect(masked).toBe(0);
    expect(lines).toEqual([]);
    expect(counting.level).toBe('warn');
    expect(counting.isLevelEnabled('error')).toBe(true);
  });
});

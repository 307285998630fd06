import { describe, expect, it } from 'vitest';

import * as squall from '../src/index.js';

describe('the library surface for embedders', () => {
  it('names its exports explicitly', () => {
    expect(Object.keys(squall).sort()).toEqual(
      [
        'AuthError',
        'BackendError',
        'ConflictError',
        'ForbiddenError',
        'NonRetriableError',
        'NotFoundError',
        'SquallError',
        'ValidationError',
        'buildApiApp',
        'compileTemplate',
        'createApiServer',
        'createEngine',
        'createLogger',
        'createMemoryQueue',
        'createStore',
        'explainRule',
        'formatMatchReport',
        'loadConfig',
        'loadRuleFile',
        'silentLogger',
      ].sort(),
    );
  });
});

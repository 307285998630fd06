import type { Runner } from '../runner.js';

/** st2's `noop`: does nothing and succeeds. */
export function createNoopRunner(): Runner {
  return {
    name: 'noop',
    description: 'Does nothing and succeeds.',
    parameters: {},
    shellParameters: [],
    run: () =>
      Promise.resolve({
        status: 'succeeded',
        result: { failed: false, succeeded: true, return_code: 0, stdout: '', stderr: '' },
        stdout: '',
        stderr: '',
        exitCode: 0,
      }),
  };
}

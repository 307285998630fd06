import { execFile } from 'node:child_process';

import { ValidationError, errorMessage } from '../../common/errors.js';
import { childEnvironment } from '../../security/child-environment.js';

export interface PythonInterpreter {
  /** The real executable (`sys.executable`), not a launcher or shim on PATH. */
  executable: string;
  /** e.g. `3.11.7` */
  version: string;
}

const resolved = new Map<string, Promise<PythonInterpreter>>();

/**
 * The configured interpreter (`python3`, or a path) resolved once per process to the executable
 * it runs: launchers such as pyenv shims cost tens of milliseconds on every start.
 */
export function resolveInterpreter(interpreter: string): Promise<PythonInterpreter> {
  let pending = resolved.get(interpreter);
  if (!pending) {
    pending = ask(interpreter);
    resolved.set(interpreter, pending);
    pending.catch(() => resolved.delete(interpreter));
  }
  return pending;
}

function ask(interpreter: string): Promise<PythonInterpreter> {
  return new Promise((resolve, reject) => {
    execFile(
      interpreter,
      ['-c', 'import platform, sys; print(sys.executable); print(platform.python_version())'],
      { env: childEnvironment(), timeout: 60_000 },
      (error, stdout) => {
        const [executable, version] = stdout.trim().split('\n');
        if (error || !executable || !version) {
          reject(
            new ValidationError(
              `python interpreter "${interpreter}" cannot run (${error ? errorMessage(error) : 'no answer'}): install Python 3 or set python.interpreter in squall.yaml`,
              { code: 'E_PYTHON_INTERPRETER' },
            ),
          );
          return;
        }
        if (!version.startsWith('3.')) {
          reject(
            new ValidationError(
              `python interpreter "${interpreter}" is Python ${version}; Squall runs Python 3 packs: set python.interpreter in squall.yaml`,
              { code: 'E_PYTHON_INTERPRETER' },
            ),
          );
          return;
        }
        resolve({ executable, version });
      },
    );
  });
}

import { stat } from 'node:fs/promises';
import path from 'node:path';

import { ValidationError } from '../../common/errors.js';
import { childEnvironment } from '../../security/child-environment.js';
import { resolveInterpreter } from './python-interpreter.js';
import { readRequirements } from './requirements.js';
import { currentVirtualenv, virtualenvLink } from './venv-paths.js';

export interface PackPythonOptions {
  /** Virtualenvs live in `<home>/virtualenvs`; without a home every pack runs on the interpreter. */
  home?: string;
  pack: string;
  packDir: string;
  /** python.interpreter from squall.yaml. */
  interpreter: string;
}

/** The Python a pack's actions and sensors run with. */
export interface PackPython {
  executable: string;
  /** The pack's virtualenv, when it has one. */
  venv?: string;
  /** Changes when the pack folder is replaced or its virtualenv rebuilt: warm workers restart. */
  identity: string;
}

/**
 * The pack's virtualenv when it has one; else the configured interpreter, for packs that need no
 * packages. A pack whose requirements.txt lists packages but has no virtualenv cannot run.
 */
export async function resolvePackPython(options: PackPythonOptions): Promise<PackPython> {
  const folder = await stat(options.packDir).catch(() => undefined);
  const packIdentity = folder ? `${folder.dev}:${folder.ino}` : 'missing';
  const venv = options.home ? await currentVirtualenv(options.home, options.pack) : undefined;
  if (venv) {
    const executable = path.join(venv.dir, 'bin', 'python');
    return { executable, venv: venv.dir, identity: `${executable}|${packIdentity}` };
  }
  const requirements = await readRequirements(options.packDir);
  if (requirements.length > 0) {
    const where = options.home ? virtualenvLink(options.home, options.pack) : 'a virtualenv';
    throw new ValidationError(
      `pack ${options.pack} lists packages in requirements.txt but has no virtualenv (${where}): run \`squall pack setup-venv ${options.pack}\` or the packs.setup_virtualenv action`,
      { code: 'E_PACK_VENV_MISSING' },
    );
  }
  const interpreter = await resolveInterpreter(options.interpreter);
  return { executable: interpreter.executable, identity: `${interpreter.executable}|${packIdentity}` };
}

/**
 * The environment of a pack's Python processes: the engine's without SQUALL_* variables, the
 * virtualenv's bin/ first on PATH, unbuffered output, and no bytecode written into pack folders
 * (the content watcher watches them).
 */
export function pythonProcessEnvironment(python: PackPython): NodeJS.ProcessEnv {
  const env = childEnvironment();
  delete env['PYTHONHOME'];
  env['PYTHONUNBUFFERED'] = '1';
  env['PYTHONDONTWRITEBYTECODE'] = '1';
  if (python.venv)
    env['PATH'] = [path.join(python.venv, 'bin'), env['PATH'] ?? ''].filter(Boolean).join(path.delimiter);
  return env;
}

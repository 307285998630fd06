import path from 'node:path';
import { tmpdir } from 'node:os';

import { DEFAULT_CONFIG, type PythonConfig } from '../../config/squall-config.js';
import { resolvePackPython } from '../../packs/venv/pack-python.js';
import { childEnvironment } from '../../security/child-environment.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import type { SensorLaunch } from './sensor-child.js';

export interface PythonSensorOptions {
  /** Virtualenvs in `<home>/virtualenvs`; bytecode in `<home>/data/python-cache`. */
  home?: string;
  config?: Partial<PythonConfig>;
}

/** A Python sensor runs with its pack's virtualenv (or the configured interpreter), never SQUALL_*. */
export async function pythonSensorLaunch(
  definition: SensorDefinition,
  options: PythonSensorOptions = {},
): Promise<SensorLaunch> {
  const python = await resolvePackPython({
    ...(options.home ? { home: options.home } : {}),
    pack: definition.pack,
    packDir: definition.packDir ?? path.dirname(path.dirname(definition.entryPath)),
    interpreter: options.config?.interpreter ?? DEFAULT_CONFIG.python.interpreter,
  });
  const env = childEnvironment();
  delete env['PYTHONHOME'];
  env['PYTHONUNBUFFERED'] = '1';
  env['PYTHONPYCACHEPREFIX'] = options.home
    ? path.join(path.resolve(options.home), 'data', 'python-cache')
    : path.join(tmpdir(), 'squall-python-cache');
  if (python.venv)
    env['PATH'] = [path.join(python.venv, 'bin'), env['PATH'] ?? ''].filter(Boolean).join(path.delimiter);
  return { kind: 'python', executable: python.executable, env };
}

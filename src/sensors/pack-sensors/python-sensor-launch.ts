import path from 'node:path';

import { DEFAULT_CONFIG, type PythonConfig } from '../../config/squall-config.js';
import { pythonProcessEnvironment, resolvePackPython } from '../../packs/venv/pack-python.js';
import type { SensorDefinition } from '../../snapshot/model/sensor-definition.js';
import type { SensorLaunch } from './sensor-child.js';

export interface PythonSensorOptions {
  /** Virtualenvs in `<home>/virtualenvs`. */
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
  return { kind: 'python', executable: python.executable, env: pythonProcessEnvironment(python) };
}

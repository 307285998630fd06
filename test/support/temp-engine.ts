import { afterEach, beforeEach } from 'vitest';

import { createEngine, type Engine } from '../../src/engine/create-engine.js';
import type { EngineOptions } from '../../src/engine/engine-options.js';
import { silentLogger } from '../../src/common/logger.js';
import { makeTempHome, type TempHome } from './temp-home.js';

export interface TempEngine {
  readonly temp: TempHome;
  readonly engine: Engine;
}

export interface TempEngineOptions {
  /** Bundled packs the home sees. @default ['core'] */
  bundled?: readonly string[];
  /** Writes content into the home before the engine starts. */
  prepare?: (temp: TempHome) => Promise<void>;
  engine?: Partial<EngineOptions>;
}

/**
 * Registers beforeEach/afterEach hooks that give each test an engine on a fresh temp home (sensors
 * off, silent logs) and clean it up. Read `current.engine` / `current.temp` inside tests.
 */
export function useTempEngine(options: TempEngineOptions = {}): TempEngine {
  let temp: TempHome | undefined;
  let engine: Engine | undefined;
  beforeEach(async () => {
    temp = await makeTempHome(options.bundled);
    await options.prepare?.(temp);
    engine = await createEngine({
      home: temp.home,
      bundledPacksDirs: [temp.bundled],
      logger: silentLogger(),
      sensors: false,
      ...options.engine,
    });
  });
  afterEach(async () => {
    await engine?.stop();
    await temp?.cleanup();
    engine = undefined;
    temp = undefined;
  });
  return {
    get temp() {
      if (!temp) throw new Error('useTempEngine: only inside a test');
      return temp;
    },
    get engine() {
      if (!engine) throw new Error('useTempEngine: only inside a test');
      return engine;
    },
  };
}

import path from 'node:path';

import { errorMessage, ValidationError } from '../../common/errors.js';
import type { SensorContext, TriggerSensor, TriggerUse } from '../sensor.js';
import {
  FILE_EVENTS,
  FILE_TRIGGER_TYPES,
  FILE_WATCH,
  FILE_WATCH_LINE,
  type FileEvent,
} from './file-trigger-types.js';
import { LineTailer } from './line-tailer.js';
import { PathWatcher } from './path-watcher.js';

export interface FileWatchSensor extends TriggerSensor {
  /** Resolves once every watch added so far is in place (events before that are not seen). */
  ready(): Promise<void>;
}

interface Watch {
  started: Promise<void>;
  stop(): Promise<void>;
}

/** `core.file_watch` (file/folder events) and `core.file_watch.line` (tail -F), one watch per trigger use. */
export function createFileWatchSensor(ctx: SensorContext): FileWatchSensor {
  const watches = new Map<string, Watch>();
  const logger = ctx.logger.child({ sensor: 'file_watch' });

  const dispatch = async (use: TriggerUse, payload: unknown): Promise<void> => {
    try {
      await ctx.dispatcher.dispatch(use.type, payload, {
        triggerParameters: use.parameters,
        source: 'file_watch',
      });
    } catch (error) {
      logger.error(
        { trigger: use.type, key: use.key, err: errorMessage(error) },
        'file watch dispatch failed',
      );
    }
  };

  const create = (use: TriggerUse): { start(): Promise<void>; stop(): Promise<void> } => {
    const where = `${use.type} ${JSON.stringify(use.parameters)}`;
    if (use.type === FILE_WATCH) {
      const options = watchOptions(use.parameters, where);
      return new PathWatcher(options, (event) => dispatch(use, event), logger);
    }
    if (use.type === FILE_WATCH_LINE) {
      const filePath = use.parameters['file_path'];
      if (typeof filePath !== 'string' || filePath === '') {
        throw new ValidationError(`${where}: file_path must be a non-empty string`, { code: 'E_FILE_WATCH' });
      }
      const absolute = path.resolve(filePath);
      const fileName = path.basename(absolute);
      return new LineTailer(
        absolute,
        (line) => dispatch(use, { file_path: absolute, file_name: fileName, line }),
        logger,
      );
    }
    throw new ValidationError(`file_watch: trigger type ${use.type} is not a file watch`, {
      code: 'E_FILE_WATCH',
    });
  };

  return {
    name: 'file_watch',
    triggerTypes: FILE_TRIGGER_TYPES,
    add(use) {
      if (watches.has(use.key)) return;
      const watcher = create(use);
      const started = watcher.start().catch((error: unknown) => {
        logger.error(
          { trigger: use.type, key: use.key, err: errorMessage(error) },
          'file watch failed to start',
        );
      });
      const stop = async () => {
        await started;
        await watcher.stop();
      };
      watches.set(use.key, { started, stop });
    },
    remove(use) {
      const watch = watches.get(use.key);
      if (!watch) return;
      watches.delete(use.key);
      watch
        .stop()
        .catch((error: unknown) =>
          logger.warn({ key: use.key, err: errorMessage(error) }, 'file watch stop failed'),
        );
    },
    async ready() {
      await Promise.all([...watches.values()].map((watch) => watch.started));
    },
    async stop() {
      const all = [...watches.values()];
      watches.clear();
      await Promise.all(all.map((watch) => watch.stop()));
    },
  };
}

function watchOptions(parameters: Record<string, unknown>, where: string) {
  const target = parameters['path'];
  const events = parameters['events'] ?? FILE_EVENTS;
  const recursive = parameters['recursive'] ?? false;
  if (typeof target !== 'string' || target === '') {
    throw new ValidationError(`${where}: path must be a non-empty string`, { code: 'E_FILE_WATCH' });
  }
  if (
    !Array.isArray(events) ||
    events.some((event) => !(FILE_EVENTS as readonly unknown[]).includes(event))
  ) {
    throw new ValidationError(`${where}: events must be a list of ${FILE_EVENTS.join(', ')}`, {
      code: 'E_FILE_WATCH',
    });
  }
  if (typeof recursive !== 'boolean') {
    throw new ValidationError(`${where}: recursive must be true or false`, { code: 'E_FILE_WATCH' });
  }
  return { path: target, events: events as FileEvent[], recursive };
}

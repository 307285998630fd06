import type { TriggerType } from '../../snapshot/model/trigger-type.js';

export const FILE_WATCH = 'core.file_watch';
export const FILE_WATCH_LINE = 'core.file_watch.line';
export const FILE_EVENTS = ['add', 'change', 'unlink'] as const;
export type FileEvent = (typeof FILE_EVENTS)[number];

export const FILE_TRIGGER_TYPES: readonly TriggerType[] = [
  {
    ref: FILE_WATCH,
    pack: 'core',
    name: 'file_watch',
    description:
      'A file was added, changed or removed. `path` is a file (which may not exist yet) or a folder, ' +
      'whose files are reported (its sub-folders too with `recursive: true`).',
    parameters_schema: {
      type: 'object',
      properties: {
        path: { type: 'string', minLength: 1 },
        events: { type: 'array', items: { enum: [...FILE_EVENTS] }, minItems: 1, uniqueItems: true },
        recursive: { type: 'boolean', default: false },
      },
      required: ['path'],
      additionalProperties: false,
    },
    payload_schema: {
      type: 'object',
      properties: {
        path: { type: 'string' },
        event: { enum: [...FILE_EVENTS] },
        size: { type: ['integer', 'null'] },
        mtime: { type: ['string', 'null'] },
      },
      required: ['path', 'event'],
    },
  },
  {
    ref: FILE_WATCH_LINE,
    pack: 'core',
    name: 'file_watch.line',
    description:
      'A new line was appended to a file (tail -F: survives rotation and truncation), like linux.file_watch.line.',
    parameters_schema: {
      type: 'object',
      properties: { file_path: { type: 'string', minLength: 1 } },
      required: ['file_path'],
      additionalProperties: false,
    },
    payload_schema: {
      type: 'object',
      properties: {
        file_path: { type: 'string' },
        file_name: { type: 'string' },
        line: { type: 'string' },
      },
      required: ['file_path', 'file_name', 'line'],
    },
  },
];

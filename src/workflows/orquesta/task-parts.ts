import type { YamlPath } from '../../parsing/yaml-document.js';
import type { TaskSpec } from './workflow-spec.js';

/** The expression-holding parts of a task, each with its own path (so messages get its line). */
export function taskParts(task: TaskSpec): [YamlPath, unknown][] {
  const path: YamlPath = ['tasks', task.name];
  const parts: [YamlPath, unknown][] = [
    [[...path, 'delay'], task.delay],
    [[...path, 'with', 'items'], task.with?.items],
    [[...path, 'with', 'concurrency'], task.with?.concurrency],
    [[...path, 'action'], task.action],
  ];
  if (typeof task.input === 'string') parts.push([[...path, 'input'], task.input]);
  else
    for (const [key, value] of Object.entries(task.input))
      parts.push([
        [...path, 'input', key],
        [key, value],
      ]);
  parts.push([[...path, 'retry', 'when'], task.retry?.when]);
  parts.push([[...path, 'retry', 'count'], task.retry?.count]);
  parts.push([[...path, 'retry', 'delay'], task.retry?.delay]);
  return parts;
}

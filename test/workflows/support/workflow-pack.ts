import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { packYaml, type TempHome } from '../../support/temp-home.js';

const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'orquesta');

export interface WorkflowAction {
  /** Action name in pack `demo` (also the workflow file's name under workflows/). */
  name: string;
  /** A fixture under test/workflows/fixtures/orquesta, or the workflow's text. */
  fixture?: string;
  text?: string;
  /** Parameter names the action declares (its workflow's input). */
  parameters?: Record<string, { type?: string; default?: unknown }>;
}

/**
 * Writes pack `demo` with orquesta actions (runner_type orquesta, entry_point workflows/<name>.yaml),
 * as StackStorm's examples pack declares its workflows.
 */
export async function writeWorkflowPack(temp: TempHome, actions: readonly WorkflowAction[]): Promise<void> {
  await temp.write('packs/demo/pack.yaml', packYaml('demo'));
  for (const action of actions) {
    const text =
      action.text ?? (await readFile(path.join(FIXTURES, action.fixture ?? `${action.name}.yaml`), 'utf8'));
    await temp.write(`packs/demo/actions/workflows/${action.name}.yaml`, text);
    const parameters = Object.entries(action.parameters ?? {})
      .map(([name, spec]) => {
        const lines = [`  ${name}:`, `    type: ${spec.type ?? 'string'}`];
        if (spec.default !== undefined) lines.push(`    default: ${JSON.stringify(spec.default)}`);
        return lines.join('\n');
      })
      .join('\n');
    await temp.write(
      `packs/demo/actions/${action.name}.yaml`,
      [
        `name: ${action.name}`,
        'runner_type: orquesta',
        `entry_point: workflows/${action.name}.yaml`,
        'enabled: true',
        parameters ? `parameters:\n${parameters}` : 'parameters: {}',
        '',
      ].join('\n'),
    );
  }
}

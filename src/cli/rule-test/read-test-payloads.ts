import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { parseYamlDocument } from '../../parsing/yaml-document.js';
import { ValidationError, errorMessage } from '../../common/errors.js';
import { isRecord } from '../../common/guards.js';

export interface TestPayload {
  payload: unknown;
  /** The trigger type the event came from, when the input says (a trigger instance file). */
  trigger?: string;
  /** 1-based line in a `--payloads` file. */
  line?: number;
}

export interface PayloadSources {
  payload?: string;
  triggerInstance?: string;
  payloads?: string;
}

const invalid = (message: string): ValidationError =>
  new ValidationError(`rule test: ${message}`, { code: 'E_CLI_PAYLOAD' });

/** Exactly one of `--payload JSON`, `--trigger-instance FILE` (`{trigger, payload}`), `--payloads FILE.jsonl`. */
export async function readTestPayloads(sources: PayloadSources, cwd: string): Promise<TestPayload[]> {
  const given = [sources.payload, sources.triggerInstance, sources.payloads].filter(
    (value) => value !== undefined,
  );
  if (given.length !== 1) {
    throw invalid("give exactly one of --payload '<json>', --trigger-instance FILE or --payloads FILE.jsonl");
  }
  if (sources.payload !== undefined) return [{ payload: parseJson(sources.payload, '--payload') }];
  if (sources.triggerInstance !== undefined)
    return [await readTriggerInstance(path.resolve(cwd, sources.triggerInstance))];
  return readJsonLines(path.resolve(cwd, sources.payloads ?? ''));
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalid(`${where} is not valid JSON (${errorMessage(error)})`);
  }
}

async function readText(file: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw invalid(`cannot read ${file}: ${errorMessage(error)}`);
  });
}

/** A trigger instance as st2-rule-tester takes it (JSON or YAML), e.g. `squall trigger-instance get --json`. */
async function readTriggerInstance(file: string): Promise<TestPayload> {
  const data = parseYamlDocument(await readText(file), file).data;
  if (!isRecord(data) || !('payload' in data)) {
    throw invalid(`${file} must hold a trigger instance: {"trigger": "pack.type", "payload": {...}}`);
  }
  const { trigger, payload } = data as { trigger?: unknown; payload: unknown };
  if (trigger !== undefined && typeof trigger !== 'string')
    throw invalid(`${file}: "trigger" must be a trigger type ref`);
  return trigger === undefined ? { payload } : { payload, trigger };
}

/** One JSON payload per line; blank lines are skipped. */
async function readJsonLines(file: string): Promise<TestPayload[]> {
  const payloads: TestPayload[] = [];
  (await readText(file)).split('\n').forEach((text, index) => {
    if (text.trim() === '') return;
    payloads.push({ payload: parseJson(text, `${file}:${index + 1}`), line: index + 1 });
  });
  if (payloads.length === 0) throw invalid(`${file} holds no payloads (one JSON value per line)`);
  return payloads;
}

import { pathToFileURL } from 'node:url';

import { Engine } from 'json-rules-engine';

import type { MatchContext, RuleSpec } from '../src/snapshot/model/rule-definition.js';
import { compileRuleSpec } from '../src/rules/compile-rule-spec.js';
import { RuleIndex } from '../src/rules/rule-index.js';
import { load } from './support/stats.js';

/**
 * Trigger instances matched per second by Squall's RuleIndex and by json-rules-engine on the same
 * rules (3 criteria each, 10 rules per trigger type) and the same events.
 */
const RULE_COUNTS = [10, 100, 1_000, 10_000, 100_000];
const RULES_PER_TYPE = 10;
const EVENT_COUNT = 4_096;
/** Each side is measured in a few short windows and the best is kept: the machine is shared. */
const WINDOWS = 3;
const SQUALL_WINDOW_SECONDS = 0.15;
const ENGINE_WINDOW_SECONDS = 0.3;

interface Event {
  type: string;
  payload: { body: { kind: string; count: number; branch: string } };
}

function ruleSpecs(count: number): RuleSpec[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `rule_${i}`,
    pack: 'bench',
    enabled: true,
    type: 'standard',
    trigger: { type: `bench.trigger_${Math.floor(i / RULES_PER_TYPE)}` },
    criteria: {
      'trigger.body.kind': { type: 'equals', pattern: `kind-${i % RULES_PER_TYPE}` },
      'trigger.body.count': { type: 'greaterthan', pattern: i % 7 },
      'trigger.body.branch': { type: 'inside', pattern: ['main', 'release'] },
    },
    action: { ref: 'core.noop' },
  }));
}

function events(ruleCount: number): Event[] {
  const types = ruleCount / RULES_PER_TYPE;
  let seed = 42;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  return Array.from({ length: EVENT_COUNT }, () => ({
    type: `bench.trigger_${Math.floor(random() * types)}`,
    payload: {
      body: {
        kind: `kind-${Math.floor(random() * RULES_PER_TYPE * 2)}`,
        count: Math.floor(random() * 10),
        branch: random() < 0.5 ? 'main' : 'dev',
      },
    },
  }));
}

const context: MatchContext = { kv: { get: () => undefined } };

function squallRate(specs: RuleSpec[], sample: Event[]): { rate: number; matched: number } {
  const index = new RuleIndex(specs.map((spec) => compileRuleSpec(spec)));
  let matched = 0;
  for (const event of sample) matched += index.match(event.type, event.payload, undefined, context).length;
  let best = 0;
  for (let window = 0; window < WINDOWS; window++) {
    let done = 0;
    const start = performance.now();
    const deadline = start + SQUALL_WINDOW_SECONDS * 1000;
    while (performance.now() < deadline) {
      for (let i = 0; i < sample.length; i++) {
        const event = sample[i]!;
        index.match(event.type, event.payload, undefined, context);
      }
      done += sample.length;
    }
    best = Math.max(best, done / ((performance.now() - start) / 1000));
  }
  return { rate: best, matched };
}

/** json-rules-engine at its fastest fair setup: one Engine per trigger type, a plain path resolver. */
function engines(specs: RuleSpec[]): Map<string, Engine> {
  const resolve = (value: unknown, path: string) =>
    path
      .slice(2)
      .split('.')
      .reduce<unknown>((current, key) => (current as Record<string, unknown> | undefined)?.[key], value);
  const byType = new Map<string, Engine>();
  for (const spec of specs) {
    let engine = byType.get(spec.trigger.type);
    if (!engine) {
      engine = new Engine([], { allowUndefinedFacts: true, pathResolver: resolve });
      byType.set(spec.trigger.type, engine);
    }
    const criteria = spec.criteria!;
    engine.addRule({
      name: spec.name,
      conditions: {
        all: [
          {
            fact: 'trigger',
            path: '$.body.kind',
            operator: 'equal',
            value: criteria['trigger.body.kind']!.pattern,
          },
          {
            fact: 'trigger',
            path: '$.body.count',
            operator: 'greaterThan',
            value: criteria['trigger.body.count']!.pattern,
          },
          {
            fact: 'trigger',
            path: '$.body.branch',
            operator: 'in',
            value: criteria['trigger.body.branch']!.pattern,
          },
        ],
      } as never,
      event: { type: spec.name },
    });
  }
  return byType;
}

async function engineRate(specs: RuleSpec[], sample: Event[]): Promise<{ rate: number; matched: number }> {
  const byType = engines(specs);
  const run = async (event: Event) =>
    (await byType.get(event.type)!.run({ trigger: event.payload })).events.length;
  let matched = 0;
  for (const event of sample) matched += await run(event);
  let best = 0;
  let done = 0;
  for (let window = 0; window < WINDOWS; window++) {
    let count = 0;
    const start = performance.now();
    const deadline = start + ENGINE_WINDOW_SECONDS * 1000;
    while (performance.now() < deadline) {
      await run(sample[done++ % sample.length]!);
      count++;
    }
    best = Math.max(best, count / ((performance.now() - start) / 1000));
  }
  return { rate: best, matched };
}

const number = (value: number) => Math.round(value).toLocaleString('en-US');

export async function benchRulesMatching(): Promise<string[]> {
  const lines = [
    `rules matching: trigger instances per second (3 criteria per rule, ${RULES_PER_TYPE} rules per trigger type)`,
    `${'rules'.padStart(8)}  ${'squall'.padStart(14)}  ${'json-rules-engine'.padStart(18)}  ${'ratio'.padStart(8)}`,
  ];
  for (const count of RULE_COUNTS) {
    const specs = ruleSpecs(count);
    const sample = events(count);
    const squall = squallRate(specs, sample);
    const engine = await engineRate(specs, sample);
    if (squall.matched !== engine.matched) {
      throw new Error(
        `matchers disagree at ${count} rules: squall ${squall.matched}, json-rules-engine ${engine.matched}`,
      );
    }
    lines.push(
      `${number(count).padStart(8)}  ${number(squall.rate).padStart(14)}  ${number(engine.rate).padStart(18)}  ${`${number(squall.rate / engine.rate)}×`.padStart(8)}`,
    );
  }
  lines.push(
    `targets: ≥ 5 M events/s at 1,000 rules, ≥ 2 M at 10,000, ≥ 1 M at 100,000; ≥ 100× json-rules-engine (${load()})`,
  );
  return lines;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const line of await benchRulesMatching()) console.log(line);
}

import type { FastifyInstance } from 'fastify';

import { ValidationError } from '../../common/errors.js';
import type { Engine } from '../../engine/engine.js';
import { formatMatchReport } from '../../rules/test-rule.js';
import { setRuleEnabled } from '../../rules/set-rule-enabled.js';
import type { CompiledRule } from '../../snapshot/model/rule-definition.js';
import { testRulePayload } from '../../cli/rule-test/test-rule-payload.js';
import { notFound } from '../not-found.js';
import { objectBody, optionalText } from '../request-body.js';
import { serializeRule } from '../serialize/serialize-rule.js';

/**
 * `PUT /rules/<ref>` (`{enabled}`: writes the rule file's `enabled:` and reloads) and
 * `POST /rules/<ref>/test` (`{payload, trigger?}` or `{trigger_instance: id}`): st2-rule-tester's
 * answer criterion by criterion, with the rendered parameters when it matches.
 */
export function registerRuleChangeRoutes(app: FastifyInstance, engine: Engine): void {
  app.put<{ Params: { ref: string }; Body: unknown }>('/rules/:ref', async (request) => {
    const rule = loadedRule(engine, request.params.ref);
    const body = objectBody(request.body, 'PUT /rules/<ref>', '{"enabled": false}');
    if (typeof body['enabled'] !== 'boolean') {
      throw new ValidationError('api: PUT /rules/<ref> needs "enabled": true or false', {
        code: 'E_API_BODY',
      });
    }
    if (engine.snapshot().packs.get(rule.spec.pack)?.bundled === true) {
      throw new ValidationError(
        `api: rule ${rule.ref} ships with Squall (pack ${rule.spec.pack}); its files are part of the installation and are not edited. Copy the pack into the home's packs/ to change it`,
        { code: 'E_RULE_BUNDLED' },
      );
    }
    const file = rule.source?.file;
    if (file === undefined) {
      throw new ValidationError(`api: rule ${rule.ref} has no file to edit`, { code: 'E_RULE_NOT_YAML' });
    }
    await setRuleEnabled(file, body['enabled']);
    const snapshot = await engine.reload();
    const reloaded = snapshot.rules.get(rule.ref);
    if (!reloaded) throw unknownRule(rule.ref);
    return serializeRule(reloaded, snapshot);
  });

  app.post<{ Params: { ref: string }; Body: unknown }>('/rules/:ref/test', async (request) => {
    const snapshot = engine.snapshot();
    const rule = loadedRule(engine, request.params.ref);
    const body = objectBody(request.body, 'POST /rules/<ref>/test', '{"payload": {"body": {}}}');
    const input = await testInput(engine, body);
    const issues = snapshot.issues.filter((issue) => issue.file === rule.source?.file);
    const report = testRulePayload({ rule, snapshot, issues }, input);
    const result = { matched: report.matched, criteria: report.criteria, ...errorField(report.error) };
    return { ...report, lines: formatMatchReport(rule, result) };
  });
}

function errorField(error: string | undefined): { error?: string } {
  return error === undefined ? {} : { error };
}

async function testInput(
  engine: Engine,
  body: Record<string, unknown>,
): Promise<{ payload: unknown; trigger?: string }> {
  const instanceId = optionalText(body, 'trigger_instance');
  if (instanceId !== undefined) {
    const instance = await engine.store.getTriggerInstance(instanceId);
    if (!instance) {
      throw notFound(
        `trigger instance ${instanceId} does not exist`,
        'triggerinstances',
        'E_UNKNOWN_TRIGGER_INSTANCE',
      );
    }
    return { payload: instance.payload, trigger: instance.trigger };
  }
  if (!('payload' in body)) {
    throw new ValidationError('api: POST /rules/<ref>/test needs "payload" or "trigger_instance"', {
      code: 'E_API_BODY',
    });
  }
  const trigger = optionalText(body, 'trigger');
  return trigger === undefined ? { payload: body['payload'] } : { payload: body['payload'], trigger };
}

function loadedRule(engine: Engine, ref: string): CompiledRule {
  const rule = engine.snapshot().rules.get(ref);
  if (!rule) throw unknownRule(ref);
  return rule;
}

function unknownRule(ref: string) {
  return notFound(`rule "${ref}" is not loaded`, 'rules', 'E_UNKNOWN_RULE');
}

import { describe, expect, it } from 'vitest';
import type { ParameterSpecs } from '../../src/snapshot/model/action-definition.js';
import { renderParameters } from '../../src/templates/render-parameters.js';
import { recordingKv } from './kv-fixture.js';

const trigger = { body: { count: '7', items: ['a', 'b'], ref: 'refs/heads/main', user: { name: 'ann' } } };

describe('renderParameters', () => {
  it('renders templates and casts to the declared types', () => {
    const specs: ParameterSpecs = {
      count: { type: 'integer' },
      message: { type: 'string' },
      enabled: { type: 'boolean' },
      tags: { type: 'array' },
    };
    const raw = {
      count: '{{ trigger.body.count }}',
      message: 'push to {{ trigger.body.ref }}',
      enabled: '{{ trigger.body.count == "7" }}',
      tags: '{{ trigger.body.items | join(",") }}',
    };
    expect(renderParameters(raw, specs, { trigger })).toEqual({
      count: 7,
      message: 'push to refs/heads/main',
      enabled: true,
      tags: ['a', 'b'],
    });
  });

  it('renders deeply; a list item or value that is one expression keeps its type', () => {
    const raw = {
      payload: {
        '{{ trigger.body.user.name }}_key': ['{{ trigger.body.items }}', 'n={{ trigger.body.count }}', 3],
        nested: { user: '{{ trigger.body.user }}' },
      },
    };
    expect(renderParameters(raw, { payload: { type: 'object' } }, { trigger })).toEqual({
      payload: { ann_key: [['a', 'b'], 'n=7', 3], nested: { user: { name: 'ann' } } },
    });
  });

  it('lets parameters reference each other in any order, in values and defaults', () => {
    const specs: ParameterSpecs = {
      greeting: { type: 'string', default: '{{ salutation }}, {{ name }}!' },
      salutation: { type: 'string', default: 'Hello' },
      name: { type: 'string' },
      cmd: { type: 'string' },
    };
    const raw = { cmd: 'echo "{{ greeting }}"', name: '{{ trigger.body.user.name }}' };
    expect(renderParameters(raw, specs, { trigger })).toEqual({
      greeting: 'Hello, ann!',
      salutation: 'Hello',
      name: 'ann',
      cmd: 'echo "Hello, ann!"',
    });
  });

  it('uses the default for an absent or null value, and always for an immutable parameter', () => {
    const specs: ParameterSpecs = {
      a: { type: 'integer', default: 1 },
      b: { type: 'integer', default: 2 },
      c: { type: 'string', default: 'fixed', immutable: true },
      d: { type: 'string' },
    };
    expect(renderParameters({ b: null, c: 'override', e: 'x' }, specs, {})).toEqual({
      a: 1,
      b: 2,
      c: 'fixed',
      e: 'x',
    });
  });

  it('reports a cycle naming the parameters', () => {
    const specs: ParameterSpecs = { a: { type: 'string' }, b: { type: 'string' }, c: { type: 'string' } };
    const raw = { a: '{{ b }}', b: 'x{{ c }}', c: '{% if a %}y{% endif %}' };
    expect(() => renderParameters(raw, specs, {})).toThrow(
      expect.objectContaining({ code: 'E_PARAMETER_CYCLE', details: { parameters: ['a', 'b', 'c'] } }),
    );
    expect(() => renderParameters(raw, specs, {})).toThrow(/cycle: a → b → c → a/);
  });

  it('reports a parameter that reads itself', () => {
    expect(() => renderParameters({ msg: 'again {{ msg }}' }, { msg: { type: 'string' } }, {})).toThrow(
      /msg → msg/,
    );
  });

  it('does not treat loop variables as references', () => {
    const raw = { out: '{% for item in trigger.body.items %}{{ item }}{% endfor %}', item: '{{ out }}!' };
    expect(renderParameters(raw, {}, { trigger })).toEqual({ out: 'ab', item: 'ab!' });
  });

  it('renders shell parameters in shell mode only', () => {
    const evil = { body: { text: '$(reboot)' } };
    const raw = { cmd: 'echo {{ trigger.body.text }}', note: 'said {{ trigger.body.text }}' };
    const rendered = renderParameters(raw, {}, { trigger: evil }, { shellParameters: new Set(['cmd']) });
    expect(rendered).toEqual({ cmd: "echo '$(reboot)'", note: 'said $(reboot)' });
  });

  it('reads the datastore and names the parameter when rendering fails', () => {
    const kv = recordingKv({ 'system/channel': '#ops' });
    expect(renderParameters({ channel: '{{ st2kv.system.channel }}' }, {}, { kv })).toEqual({
      channel: '#ops',
    });
    expect(() =>
      renderParameters({ channel: '{{ nope() }}' }, {}, { kv }, { source: 'rule packs/x/rules/r.yaml' }),
    ).toThrow(/rule packs\/x\/rules\/r.yaml parameter "channel".*Unable to call `nope`/);
  });

  it('reports a value that cannot be cast', () => {
    expect(() =>
      renderParameters({ n: '{{ trigger.body.user.name }}' }, { n: { type: 'integer' } }, { trigger }),
    ).toThrow(/parameter "n": cannot use "ann" \(string\) as integer/);
  });
});

import { describe, expect, it } from 'vitest';
import type { SquallError } from '../../src/common/errors.js';
import { parseWorkflowFile } from '../../src/workflows/orquesta/parse-workflow.js';
import type { LocatedProblem } from '../../src/workflows/workflow-problems.js';

function problemsOf(yaml: string): LocatedProblem[] {
  try {
    parseWorkflowFile(yaml, 'packs/demo/actions/workflows/flow.yaml');
  } catch (error) {
    expect((error as SquallError).code).toBe('E_WORKFLOW_SPEC');
    return ((error as SquallError).details?.['problems'] as LocatedProblem[]) ?? [];
  }
  throw new Error('the workflow was accepted');
}

function summary(yaml: string): string[] {
  return problemsOf(yaml).map(
    (p) => `${p.line}|${p.task ?? '-'}|${p.expression ?? '-'}|${p.message.split(/[;:(]/)[0]!.trim()}`,
  );
}

describe('Orquesta workflows are checked when they load', () => {
  it('accepts a workflow using both languages, inline parameters and every task field', () => {
    const spec = parseWorkflowFile(
      [
        'version: 1.0',
        'input:',
        '  - hosts',
        '  - retries: 2',
        'vars:',
        '  - done: false',
        'tasks:',
        '  probe:',
        '    with:',
        '      items: host in <% ctx(hosts) %>',
        '      concurrency: 2',
        '    action: core.local cmd="ping -c1 <% item(host) %>" timeout=30',
        '    retry:',
        '      when: <% failed() %>',
        '      count: <% ctx().retries %>',
        '      delay: 1',
        '    next:',
        '      - when: "{{ succeeded() }}"',
        '        publish: done=true',
        '        do: report, log',
        '      - when: <% failed() %>',
        '        do: noop',
        '  report:',
        '    delay: 5',
        '    action: core.echo',
        '    input:',
        '      message: "{{ ctx().done }}"',
        '  log:',
        '    action: core.noop',
        'output:',
        '  - done: <% ctx().done %>',
      ].join('\n'),
      'flow.yaml',
    );
    expect(spec.tasks['probe']).toMatchObject({
      action: 'core.local',
      input: { cmd: 'ping -c1 <% item(host) %>', timeout: 30 },
      with: { items: '<% ctx(hosts) %>', names: ['host'], concurrency: 2 },
      retry: { when: '<% failed() %>', count: '<% ctx().retries %>', delay: 1 },
    });
    expect(spec.tasks['probe']?.next[0]).toEqual({
      when: '{{ succeeded() }}',
      publish: [{ name: 'done', value: true }],
      do: ['report', 'log'],
    });
    expect(spec.tasks['log']?.next).toEqual([]);
    expect(spec.input).toEqual([{ name: 'hosts' }, { name: 'retries', default: 2 }]);
  });

  it('names file, line and task for unknown tasks in do, with a suggestion', () => {
    const yaml = [
      'version: 1.0',
      'tasks:',
      '  first:',
      '    action: core.noop',
      '    next:',
      '      - do: secnd',
      '  second:',
      '    action: core.noop',
    ].join('\n');
    const [problem] = problemsOf(yaml);
    expect(problem).toMatchObject({ file: 'packs/demo/actions/workflows/flow.yaml', line: 6, task: 'first' });
    expect(problem?.message).toContain('the task "secnd" is not defined (did you mean "second"?)');
  });

  it('refuses tasks no start task leads to, and workflows without a start', () => {
    const island = [
      'version: 1.0',
      'tasks:',
      '  a:',
      '    action: core.noop',
      '  b:',
      '    action: core.noop',
      '    next:',
      '      - when: <% succeeded() %>',
      '        do: c',
      '  c:',
      '    action: core.noop',
      '    next:',
      '      - when: <% succeeded() %>',
      '        do: b',
    ].join('\n');
    expect(summary(island)).toEqual([
      '5|b|-|no start task leads to this task, so it never runs',
      '10|c|-|no start task leads to this task, so it never runs',
    ]);
    const loop = [
      'version: 1.0',
      'tasks:',
      '  a:',
      '    action: core.noop',
      '    next: [{when: "<% failed() %>", do: a}]',
    ].join('\n');
    expect(summary(loop)).toEqual(['2|-|-|no task starts the workflow']);
  });

  it('refuses a cycle in which no transition has a when', () => {
    const yaml = [
      'version: 1.0',
      'tasks:',
      '  start:',
      '    action: core.noop',
      '    next: [{do: ping}]',
      '  ping:',
      '    action: core.noop',
      '    next: [{do: pong}]',
      '  pong:',
      '    action: core.noop',
      '    next: [{do: ping}]',
    ].join('\n');
    const problems = problemsOf(yaml);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toContain('the loop ping → pong → ping never ends');
    const stoppable = yaml.replace(/next: \[\{do: ping\}\]$/, 'next: [{when: "<% failed() %>", do: ping}]');
    expect(() => parseWorkflowFile(stoppable, 'ok.yaml')).not.toThrow();
  });

  it('names the variable and expression read before assignment, along the path that reaches it', () => {
    const yaml = [
      'version: 1.0',
      'input: [name]',
      'tasks:',
      '  greet:',
      '    action: core.echo message=<% ctx().name %>',
      '    next:',
      '      - when: <% succeeded() %>',
      '        publish: [{greeting: "<% result().stdout %>"}]',
      '        do: shout',
      '      - when: <% failed() %>',
      '        do: shout',
      '  shout:',
      '    action: core.echo',
      '    input:',
      '      message: "{{ ctx(\'greeting\') }} {{ ctx().nmae }}"',
      'output:',
      '  - greeting: <% ctx().greeting %>',
    ].join('\n');
    expect(summary(yaml)).toEqual([
      `15|shout|{{ ctx().nmae }}|variable "nmae" is read before anything sets it`,
      `15|shout|{{ ctx('greeting') }}|variable "greeting" is read before anything sets it`,
    ]);
  });

  it('refuses YAQL outside the supported subset at load, naming the expression', () => {
    const yaml = [
      'version: 1.0',
      'tasks:',
      '  t:',
      '    action: core.noop',
      '    next:',
      '      - when: <% $.x =~ "a" %>',
      '        publish:',
      '          - n: <% ctx().l.aggregate($1 + $2) %>',
      '          - m: <% <% succeeded() %>',
    ].join('\n');
    expect(summary(yaml)).toEqual([
      '6|t|<% $.x =~ "a" %>|YAQL syntax error',
      '8|t|<% ctx().l.aggregate($1 + $2) %>|YAQL syntax error',
      '9|t|<% <% succeeded() %>|YAQL syntax error',
    ]);
    const unknown = [
      'version: 1.0',
      'tasks:',
      '  t:',
      '    action: core.echo message=<% ctx().x.toLowr() %>',
    ].join('\n');
    expect(problemsOf(yaml)[0]?.message).toContain(
      'regular expression operators are not supported; use regex_search',
    );
    expect(problemsOf(unknown)[0]?.message).toContain(
      'YAQL function "toLowr" is not supported (did you mean "toLower"?)',
    );
  });

  it('refuses mixed languages, Jinja syntax errors and unknown Jinja names', () => {
    const yaml = [
      'version: 1.0',
      'tasks:',
      '  t:',
      '    action: core.echo',
      '    input:',
      '      message: "<% ctx() %> {{ ctx() }}"',
      '      other: "{{ ctx( }}"',
      '      third: "{{ trigger.body }}"',
    ].join('\n');
    expect(summary(yaml)).toEqual([
      '6|t|<% ctx() %> {{ ctx() }}|Expression with multiple types is not supported',
      '7|t|{{ ctx( }}|Jinja syntax error at line 1, column 9',
      '8|t|{{ trigger.body }}|"trigger" is not defined in a workflow\'s Jinja',
    ]);
  });

  it('refuses unknown fields, reserved task names, bad joins and with items without action', () => {
    const yaml = [
      'version: 1.0',
      'inputs: [x]',
      'tasks:',
      '  noop:',
      '    action: core.noop',
      '  a:',
      '    acton: core.noop',
      '    with: <% ctx() %>',
      '    join: some',
    ].join('\n');
    expect(summary(yaml)).toEqual([
      '2|-|-|unknown field "inputs"',
      '4|noop|-|the task name "noop" is reserved for the engine command',
      '7|a|-|unknown field "acton"',
      '8|a|-|a with items task needs an action',
      '9|a|-|join is "all" or a number of inbound tasks',
    ]);
    expect(problemsOf(yaml)[0]?.message).toBe('unknown field "inputs" (did you mean "input"?)');
  });

  it('refuses a join at an ambiguous level of nested forks', () => {
    const yaml = [
      'version: 1.0',
      'tasks:',
      '  a: {action: core.noop, next: [{do: [c]}]}',
      '  b: {action: core.noop, next: [{do: [c]}]}',
      '  c: {action: core.noop, next: [{do: [d, e]}]}',
      '  d: {action: core.noop, next: [{do: [f]}]}',
      '  e: {action: core.noop}',
      '  g: {action: core.noop, next: [{do: [f]}]}',
      '  f: {join: all, action: core.noop}',
    ].join('\n');
    expect(summary(yaml).map((line) => line.split('|').slice(1, 2)[0])).toContain('f');
  });

  it('reports YAML errors with their line', () => {
    expect(() => parseWorkflowFile('version: 1.0\ntasks:\n  a: [\n', 'bad.yaml')).toThrow(
      /bad\.yaml:\d+: invalid YAML/,
    );
  });
});

describe('task actions are checked against the registered actions (test_task_content_errors)', () => {
  const actions = (ref: string) =>
    ref === 'core.echo' ? { message: { type: 'string' as const, required: true } } : undefined;

  it('names malformed and unknown refs, missing and unexpected inputs', () => {
    const yaml = [
      'version: 1.0',
      'tasks:',
      '  t1:',
      '    action: echo message=<% ctx() %>',
      '    next: [{do: t2}]',
      '  t2:',
      '    action: core.echoz',
      '    next: [{do: t3}]',
      '  t3:',
      '    action: core.echo messages="hi"',
      '  t4:',
      '    action: <% ctx().dynamic %>',
    ].join('\n');
    try {
      parseWorkflowFile(yaml.replace('<% ctx().dynamic %>', '"{{ ctx(\'x\') }}"'), 'flow.yaml', { actions });
    } catch (error) {
      const problems = (error as SquallError).details?.['problems'] as LocatedProblem[];
      expect(problems.map((p) => `${p.line}|${p.task}|${p.message}`)).toEqual([
        '4|t1|the action reference "echo" is not formatted correctly; write pack.action',
        '7|t2|the action "core.echoz" is not registered',
        '10|t3|action "core.echo" is missing required input "message"',
        '10|t3|action "core.echo" has unexpected input "messages" (did you mean "message"?)',
        `12|t4|variable "x" is read before anything sets it; add it to input or vars, or publish it before this task`,
      ]);
      return;
    }
    throw new Error('accepted');
  });
});

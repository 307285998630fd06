import { describe, expect, it } from 'vitest';
import { runWorkflow } from './support/run-workflow.js';

/**
 * StackStorm's example workflows for rendering errors and expression functions (st2
 * contrib/examples/actions/workflows/tests), same structure, own wording. Expected results follow
 * st2tests/integration/orquesta/test_wiring_error_handling.py and test_wiring_functions*.py.
 */
const unknownValue = (expression: string) =>
  `YaqlEvaluationException: Unable to evaluate expression '${expression}'. NoFunctionRegisteredException: Unknown function "#property#value"`;

describe('rendering errors fail the workflow with StackStorm error entries', () => {
  it('an input default that cannot be evaluated (test_input_error)', () => {
    const run = runWorkflow('orquesta/fail-input-rendering.yaml');
    expect(run.status).toBe('failed');
    expect(run.result).toEqual({
      errors: [{ type: 'error', message: unknownValue('<% abs(8).value %>') }],
      output: null,
    });
    expect(run.requests).toEqual([]);
  });

  it('a var that cannot be evaluated (test_vars_error)', () => {
    const run = runWorkflow('orquesta/fail-vars-rendering.yaml', { input: { name: 'Thanos' } });
    expect(run.result).toEqual({
      errors: [{ type: 'error', message: unknownValue('<% abs(8).value %>') }],
      output: null,
    });
  });

  it('the first task cannot render its action input (test_start_task_error)', () => {
    const run = runWorkflow('orquesta/fail-start-task.yaml', { input: { name: 'Thanos' } });
    expect(run.status).toBe('failed');
    expect(run.result).toEqual({
      errors: [
        { type: 'error', message: unknownValue('<% ctx().name.value %>'), task_id: 'first', route: 0 },
        {
          type: 'error',
          message:
            "YaqlEvaluationException: Unable to resolve key 'greeting' in expression '<% ctx().greeting %>' from context.",
        },
      ],
      output: null,
    });
  });

  it.each([
    ['fail-task-transition.yaml', '<% succeeded() and result().value %>'],
    ['fail-task-publish.yaml', '<% result().value %>'],
  ])(
    'a transition (when or publish) that cannot be evaluated: %s (test_task_transition_error, test_task_publish_error)',
    (file, expression) => {
      const run = runWorkflow(`orquesta/${file}`, { input: { name: 'Thanos' } });
      expect(run.status).toBe('failed');
      expect(run.result).toEqual({
        errors: [
          {
            type: 'error',
            message: `YaqlEvaluationException: Unable to resolve key 'value' in expression '${expression}' from context.`,
            task_id: 'first',
            route: 0,
            task_transition_id: 'second__t0',
          },
        ],
        output: { greeting: null },
      });
    },
  );

  it('an output that cannot be evaluated (test_output_error)', () => {
    const run = runWorkflow('orquesta/fail-output-rendering.yaml', { input: { name: 'Thanos' } });
    expect(run.status).toBe('failed');
    expect(run.result).toEqual({
      errors: [{ type: 'error', message: unknownValue('<% abs(8).value %>') }],
      output: null,
    });
  });
});

describe('StackStorm functions in YAQL and Jinja give the same outputs', () => {
  const data = {
    json_text: '{"foo": {"bar": "foobar"}}',
    as_json: '{"foo": {"bar": "foobar"}}',
    dumped_json: '{"foo": {"bar": "foobar"}}',
    parsed: { foo: { bar: 'foobar' } },
    reparsed: { foo: { bar: 'foobar' } },
    parsed_again: { foo: { bar: 'foobar' } },
    parsed_yaml: { foo: { bar: 'foobar' } },
    as_yaml: 'foo:\n  bar: foobar\n',
    dumped_yaml: 'foo:\n  bar: foobar\n',
    query: ['foobar'],
    none_marker: '%*****__%NONE%__*****%',
    not_none: 'foobar',
  };

  it('data functions in YAQL (test_data_functions_in_yaql)', () => {
    expect(runWorkflow('orquesta/functions-data-yaql.yaml').result).toEqual({ output: data });
  });

  it('data functions in Jinja (test_data_functions_in_jinja)', () => {
    expect(runWorkflow('orquesta/functions-data-jinja.yaml').result).toEqual({
      output: { ...data, records_yaml: '- a: 1\n  b: 2\n- x: 3\n  y: 4\n' },
    });
  });

  it.each(['yaql', 'jinja'])('path, regex, time and version functions in %s', (language) => {
    expect(runWorkflow(`orquesta/functions-misc-${language}.yaml`).result).toEqual({
      output: {
        basename: 'file.txt',
        dirname: '/path/to/some',
        match: true,
        replace: 'wxyz',
        search: true,
        substring: '668 Infinite Dr',
        time: '3h25m45s',
        compare_equal: 0,
        compare_more_than: -1,
        compare_less_than: 1,
        equal: true,
        more_than: false,
        less_than: false,
        version_match: true,
        bump_major: '1.0.0',
        bump_minor: '0.11.0',
        bump_patch: '0.10.1',
        strip_patch: '0.10',
      },
    });
  });

  it.each(['yaql', 'jinja'])(
    'task() by name, in a cycle and on split routes in %s (test_task_functions_in_*)',
    (language) => {
      const run = runWorkflow(`orquesta/functions-task-${language}.yaml`);
      expect(run.status).toBe('succeeded');
      expect(run.result).toEqual({
        output: {
          last_t4_stdout: 'False',
          t9_route1: 't8__1',
          t9_route2: 't8__2',
          other_id: 't1',
          named_id: 't1',
          self_id: 't1',
        },
      });
    },
  );

  it.each([
    ['yaql', 'YaqlEvaluationException', `<% task("t0") %>`],
    ['jinja', 'JinjaEvaluationException', `{{ task("t0") }}`],
  ])(
    'task() of a task that never ran fails the workflow in %s (test_task_nonexistent_in_*)',
    (language, exception, expression) => {
      const run = runWorkflow(`orquesta/task-nonexistent-${language}.yaml`);
      expect(run.status).toBe('failed');
      expect(run.result).toEqual({
        output: null,
        errors: [
          {
            type: 'error',
            message: `${exception}: Unable to evaluate expression '${expression}'. ExpressionEvaluationException: Unable to find task execution for "t0".`,
            task_id: 'only',
            route: 0,
            task_transition_id: 'continue__t0',
          },
        ],
      });
    },
  );
});

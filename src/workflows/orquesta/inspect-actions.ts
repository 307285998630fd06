import { didYouMean } from '../../common/did-you-mean.js';
import type { ParameterSpecs } from '../../snapshot/model/action-definition.js';
import { languagesOf } from '../expressions/evaluate-value.js';
import { ProblemCollector, type WorkflowProblem } from '../workflow-problems.js';
import type { WorkflowSpec } from './workflow-spec.js';

/** The actions a workflow can name: their parameters by ref, undefined for an unknown ref. */
export type ActionParameters = (ref: string) => ParameterSpecs | undefined;

const ACTION_REF = /^[^.\s]+\.[^\s]+$/;

/**
 * StackStorm's check of a workflow's tasks against the registered actions (st2 workflows service
 * inspect_task_contents): the ref is well formed and registered, required parameters are given
 * and no unknown parameter is. Actions named by an expression are checked when they run.
 */
export function inspectActions(spec: WorkflowSpec, actions: ActionParameters): WorkflowProblem[] {
  const problems = new ProblemCollector();
  const refs: string[] = [];
  for (const task of Object.values(spec.tasks)) {
    const ref = task.action;
    if (ref === undefined || languagesOf(ref).length > 0) continue;
    const path = ['tasks', task.name, 'action'];
    if (!ACTION_REF.test(ref)) {
      problems.add(path, `the action reference "${ref}" is not formatted correctly; write pack.action`, {
        task: task.name,
      });
      continue;
    }
    const parameters = actions(ref);
    if (!parameters) {
      problems.add(path, `the action "${ref}" is not registered${didYouMean(ref, refs)}`, {
        task: task.name,
      });
      continue;
    }
    refs.push(ref);
    if (typeof task.input === 'string') continue;
    const inputPath = task.inlineInput ? path : ['tasks', task.name, 'input'];
    for (const [name, parameter] of Object.entries(parameters)) {
      const hasValue =
        Object.hasOwn(task.input, name) || parameter.default !== undefined || parameter.immutable === true;
      if (parameter.required === true && !hasValue) {
        problems.add(inputPath, `action "${ref}" is missing required input "${name}"`, {
          task: task.name,
        });
      }
    }
    for (const name of Object.keys(task.input)) {
      if (Object.hasOwn(parameters, name)) continue;
      problems.add(
        task.inlineInput ? path : [...inputPath, name],
        `action "${ref}" has unexpected input "${name}"${didYouMean(name, Object.keys(parameters))}`,
        { task: task.name },
      );
    }
  }
  return problems.problems;
}

import { parseYamlDocument, type YamlDocument, type YamlPath } from '../../parsing/yaml-document.js';
import { ProblemCollector } from '../workflow-problems.js';
import { inspectActions, type ActionParameters } from './inspect-actions.js';
import { inspectWorkflow } from './inspect-workflow.js';
import { checkKeys, isMapping, isNonEmptyString, TaskParser } from './parse-task.js';
import type { InputSpec, NamedValue, TaskSpec, WorkflowSpec } from './workflow-spec.js';

const TOP_KEYS = ['version', 'description', 'tags', 'input', 'vars', 'output', 'tasks'];

/**
 * Reads an Orquesta workflow file (`version: 1.0`) and checks it as StackStorm's inspection does,
 * plus a YAQL subset check: shape, task names in `do`, start tasks, unreachable joins, cycles
 * that never stop, expression syntax and functions, variables read before they are set. Every
 * problem is reported at once, with its file, line, task and expression (ValidationError
 * E_WORKFLOW_SPEC); YAML errors are E_YAML.
 */
export function parseWorkflowFile(
  text: string,
  file: string,
  options: WorkflowCheckOptions = {},
): WorkflowSpec {
  return parseWorkflowDocument(parseYamlDocument(text, file), options);
}

export interface WorkflowCheckOptions {
  /**
   * The registered actions (runner and action parameters merged): with it, task actions and their
   * inputs are checked too.
   */
  actions?: ActionParameters;
}

export function parseWorkflowDocument(doc: YamlDocument, options: WorkflowCheckOptions = {}): WorkflowSpec {
  const problems = new ProblemCollector();
  const spec = readSpec(doc, problems);
  if (Object.keys(spec.tasks).length > 0) inspectWorkflow(spec, problems);
  if (options.actions) problems.problems.push(...inspectActions(spec, options.actions));
  problems.throwIfAny(doc, 'workflow');
  return spec;
}

function readSpec(doc: YamlDocument, problems: ProblemCollector): WorkflowSpec {
  const spec: WorkflowSpec = { file: doc.file, input: [], vars: [], output: undefined, tasks: {} };
  const raw = doc.data;
  if (!isMapping(raw)) {
    problems.add([], 'a workflow is a mapping with version: 1.0 and tasks');
    return spec;
  }
  checkKeys(problems, raw, TOP_KEYS, []);
  if (raw['version'] !== 1 && raw['version'] !== '1.0' && raw['version'] !== 1.0) {
    problems.add(['version'], `version must be 1.0 (got ${JSON.stringify(raw['version'] ?? null)})`);
  }
  if (isNonEmptyString(raw['description'])) spec.description = raw['description'];
  spec.input = readInput(raw['input'], problems);
  spec.vars = readNamedList(raw['vars'], ['vars'], problems) ?? [];
  spec.output = readNamedList(raw['output'], ['output'], problems);
  const tasks = raw['tasks'];
  if (!isMapping(tasks) || Object.keys(tasks).length === 0) {
    problems.add(['tasks'], 'tasks is a mapping of task names to tasks, with at least one task');
    return spec;
  }
  const parser = new TaskParser(problems);
  for (const [name, task] of Object.entries(tasks)) {
    if (!/^\w+$/.test(name)) {
      problems.add(['tasks', name], `task name "${name}" may hold only letters, digits and _`);
      continue;
    }
    spec.tasks[name] = parser.parse(name, task) satisfies TaskSpec;
  }
  return spec;
}

function readInput(raw: unknown, problems: ProblemCollector): InputSpec[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.add(['input'], 'input is a list of names, or of one-key mappings name: default');
    return [];
  }
  const inputs: InputSpec[] = [];
  raw.forEach((item, i) => {
    if (isNonEmptyString(item)) inputs.push({ name: item });
    else if (isMapping(item) && Object.keys(item).length === 1) {
      const [name, value] = Object.entries(item)[0]!;
      inputs.push({ name, default: value });
    } else problems.add(['input', i], 'an input is a name, or a one-key mapping name: default');
  });
  return unique(inputs, ['input'], problems);
}

function readNamedList(raw: unknown, path: YamlPath, problems: ProblemCollector): NamedValue[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const section = String(path[0]);
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.add(path, `${section} is a list of one-key mappings (- name: value)`);
    return undefined;
  }
  const values: NamedValue[] = [];
  raw.forEach((item, i) => {
    if (isMapping(item) && Object.keys(item).length === 1) {
      const [name, value] = Object.entries(item)[0]!;
      values.push({ name, value });
    } else problems.add([...path, i], `each item of ${section} is a one-key mapping (- name: value)`);
  });
  return unique(values, path, problems);
}

function unique<T extends { name: string }>(items: T[], path: YamlPath, problems: ProblemCollector): T[] {
  const seen = new Set<string>();
  items.forEach((item, i) => {
    if (seen.has(item.name)) problems.add([...path, i], `"${item.name}" is listed twice`);
    seen.add(item.name);
  });
  return items;
}

import { ValidationError } from '../common/errors.js';
import type { YamlDocument, YamlPath } from '../parsing/yaml-document.js';

/** One thing wrong with a workflow definition, where it is and what to do. */
export interface WorkflowProblem {
  /** Where in the definition, e.g. `['tasks', 'task1', 'next', 0, 'when']`. */
  path: YamlPath;
  message: string;
  task?: string;
  expression?: string;
}

export interface LocatedProblem extends WorkflowProblem {
  file: string;
  line?: number;
  /** `tasks.task1.next[0].when`, as StackStorm names spec paths. */
  specPath: string;
}

/** `tasks.task1.next[0].when`. */
export function specPath(path: YamlPath): string {
  return path
    .map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`))
    .join('');
}

/** Collects the problems of one definition, then reports them all at once. */
export class ProblemCollector {
  readonly problems: WorkflowProblem[] = [];

  add(path: YamlPath, message: string, extra: { task?: string; expression?: string } = {}): void {
    this.problems.push({ path, message, ...extra });
  }

  /** Throws one ValidationError (code E_WORKFLOW_SPEC) listing every problem, by line. */
  throwIfAny(doc: YamlDocument, kind: string): void {
    if (this.problems.length === 0) return;
    const located = this.problems
      .map((problem): LocatedProblem => {
        const line = doc.lineOf(problem.path);
        return { ...problem, file: doc.file, specPath: specPath(problem.path), ...(line ? { line } : {}) };
      })
      .sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    const lines = located.map((problem) => `  ${formatProblem(problem)}`);
    const first = located[0]!;
    throw new ValidationError(`${kind} ${doc.file} is invalid:\n${lines.join('\n')}`, {
      code: 'E_WORKFLOW_SPEC',
      location: first.line === undefined ? { file: doc.file } : { file: doc.file, line: first.line },
      details: { problems: located },
    });
  }
}

export function formatProblem(problem: LocatedProblem): string {
  const where = problem.task === undefined ? problem.specPath : `task "${problem.task}"`;
  const expression = problem.expression === undefined ? '' : ` (in ${problem.expression})`;
  return `${problem.file}${problem.line ? `:${problem.line}` : ''}: ${where}: ${problem.message}${expression}`;
}

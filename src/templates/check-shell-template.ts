import { errorMessage } from '../common/errors.js';
import { compileTemplate, isTemplate } from './compile-template.js';

const checked = new Map<string, string | null>();
const MAX_CHECKED = 10_000;

/**
 * Why a shell command template would be refused (a value in code, a place no quoting makes safe),
 * or undefined when it compiles. For load time: content that can only fail is refused when its file
 * loads, not at the first event. Results are kept by source, so a home of many rules sharing a
 * command compiles it once.
 */
export function shellTemplateProblem(source: string, name: string): string | undefined {
  if (!isTemplate(source)) return undefined;
  let problem = checked.get(source);
  if (problem === undefined) {
    try {
      compileTemplate(source, { shell: true, name: '\u0000' });
      problem = null;
    } catch (error) {
      problem = errorMessage(error);
    }
    if (checked.size >= MAX_CHECKED) checked.clear();
    checked.set(source, problem);
  }
  return problem === null ? undefined : problem.replace('template \u0000', `template ${name}`);
}

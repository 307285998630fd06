import { didYouMean } from '../../common/did-you-mean.js';
import { errorMessage } from '../../common/errors.js';
import { templateVariables } from '../../templates/template-variables.js';
import { YaqlSyntaxError } from '../yaql/yaql-errors.js';
import { calledFunctions, contextReferences } from '../yaql/yaql-inspect.js';
import { YAQL_STANDARD_LIBRARY } from '../yaql/yaql-library.js';
import { parseYaql } from '../yaql/yaql-parser.js';
import { languagesOf } from './evaluate-value.js';
import { compileWorkflowJinja } from './jinja-text.js';
import { WORKFLOW_FUNCTION_NAMES } from './workflow-functions.js';

/** A problem with one expression of a workflow. */
export interface ExpressionProblem {
  expression: string;
  message: string;
}

const YAQL_FUNCTIONS = new Set([...YAQL_STANDARD_LIBRARY.keys(), ...WORKFLOW_FUNCTION_NAMES]);
/** Names a workflow's Jinja can read besides the workflow functions (nunjucks' own globals). */
const JINJA_NAMES = new Set([
  ...WORKFLOW_FUNCTION_NAMES,
  'range',
  'cycler',
  'joiner',
  'True',
  'False',
  'None',
]);

/** Every string in a value, dict keys included. */
export function stringsIn(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [key, ...stringsIn(item)]);
  }
  return [];
}

/** Syntax, languages and function names of every expression in a value. */
export function checkExpressions(value: unknown): ExpressionProblem[] {
  return stringsIn(value).flatMap(checkText);
}

function checkText(text: string): ExpressionProblem[] {
  const languages = languagesOf(text);
  if (languages.length > 1) {
    return [
      {
        expression: text,
        message: 'Expression with multiple types is not supported; use either <% YAQL %> or {{ Jinja }}',
      },
    ];
  }
  if (languages[0] === 'yaql') return yaqlExpressions(text).flatMap(checkYaql);
  if (languages[0] === 'jinja') return checkJinja(text);
  return [];
}

function yaqlExpressions(text: string): { expression: string; source: string }[] {
  return [...text.matchAll(/<%(.*?)%>/g)].map((match) => ({ expression: match[0], source: match[1] ?? '' }));
}

function checkYaql({ expression, source }: { expression: string; source: string }): ExpressionProblem[] {
  try {
    const ast = parseYaql(source.trim());
    return calledFunctions(ast)
      .filter((call) => !YAQL_FUNCTIONS.has(call.name))
      .map((call) => ({
        expression,
        message: `YAQL function "${call.name}" is not supported${didYouMean(call.name, YAQL_FUNCTIONS)}; see docs/workflows.md for the supported functions`,
      }));
  } catch (error) {
    const reason =
      error instanceof YaqlSyntaxError
        ? `${error.reason} at position ${error.position}`
        : errorMessage(error);
    return [{ expression, message: `YAQL syntax error: ${reason} of expression '${source.trim()}'` }];
  }
}

function checkJinja(text: string): ExpressionProblem[] {
  try {
    compileWorkflowJinja(text);
  } catch (error) {
    return [
      {
        expression: text,
        message: `Jinja syntax error${errorMessage(error).replace(/^template expression(?: (line \d+, column \d+))? has a syntax error:/, (_m, at?: string) => (at ? ` at ${at}:` : ':'))}`,
      },
    ];
  }
  return [...templateVariables(text)]
    .filter((name) => !JINJA_NAMES.has(name))
    .map((name) => ({
      expression: text,
      message: `"${name}" is not defined in a workflow's Jinja${didYouMean(name, JINJA_NAMES)}; read workflow variables with ctx().${name}`,
    }));
}

/** orquesta's patterns for the variables a Jinja expression reads through ctx(). */
const JINJA_CTX_PATTERNS = [
  /\bctx\(\)\.([a-zA-Z0-9_-]+)\b(?!\()/g,
  /\bctx\(([a-zA-Z0-9_-]+)\)/g,
  /\bctx\('([a-zA-Z0-9_-]+)'\)/g,
  /\bctx\("([a-zA-Z0-9_-]+)"\)/g,
];

/** The workflow variables a value's expressions read, with the expression reading each. */
export function variablesRead(value: unknown): { name: string; expression: string }[] {
  const found: { name: string; expression: string }[] = [];
  for (const text of stringsIn(value)) {
    for (const { expression, source } of yaqlExpressions(text)) {
      try {
        for (const use of contextReferences(parseYaql(source.trim())))
          found.push({ name: use.name, expression });
      } catch {
        // syntax errors are reported by checkExpressions
      }
    }
    for (const match of text.matchAll(/\{\{(.*?)\}\}/g)) {
      for (const pattern of JINJA_CTX_PATTERNS) {
        for (const use of (match[1] ?? '').matchAll(pattern))
          found.push({ name: use[1] ?? '', expression: match[0] });
      }
    }
  }
  return found;
}

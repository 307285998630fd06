import { didYouMean } from '../../common/did-you-mean.js';
import { isTemplate } from '../../templates/compile-template.js';
import { parseYamlDocument, type YamlDocument } from '../../parsing/yaml-document.js';
import { ProblemCollector } from '../workflow-problems.js';

/** A StackStorm ActionChain (`runner_type: action-chain`) after parsing. */
export interface ChainSpec {
  file: string;
  nodes: ChainNode[];
  /** The node the chain starts with. */
  start: string | undefined;
  /** Jinja-rendered when the chain starts, with the action's parameters. */
  vars: Record<string, unknown>;
}

export interface ChainNode {
  name: string;
  ref: string;
  /** `params` (the old name) or `parameters`; values may be Jinja. */
  params: Record<string, unknown>;
  onSuccess: string | undefined;
  onFailure: string | undefined;
  publish: Record<string, unknown>;
}

const CHAIN_KEYS = ['chain', 'default', 'vars'];
const NODE_KEYS = [
  'name',
  'ref',
  'params',
  'parameters',
  'on-success',
  'on-failure',
  'publish',
  'notify',
  'description',
];

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an ActionChain file and checks what st2's ChainHolder checks (names and refs present,
 * `params` or `parameters` but not both, on-success/on-failure/default naming existing nodes) plus
 * unknown fields, reporting every problem with file and line (ValidationError E_WORKFLOW_SPEC).
 */
export function parseChainFile(text: string, file: string): ChainSpec {
  return parseChainDocument(parseYamlDocument(text, file));
}

export function parseChainDocument(doc: YamlDocument): ChainSpec {
  const problems = new ProblemCollector();
  const spec: ChainSpec = { file: doc.file, nodes: [], start: undefined, vars: {} };
  const raw = doc.data;
  if (!isMapping(raw) || !Array.isArray(raw['chain'])) {
    problems.add([], 'an action chain is a mapping with a "chain" list of nodes');
    problems.throwIfAny(doc, 'action chain');
    return spec;
  }
  for (const key of Object.keys(raw)) {
    if (!CHAIN_KEYS.includes(key))
      problems.add([key], `unknown field "${key}"${didYouMean(key, CHAIN_KEYS)}`);
  }
  if (raw['vars'] !== undefined && !isMapping(raw['vars']))
    problems.add(['vars'], 'vars is a mapping of names to values');
  else spec.vars = (raw['vars'] as Record<string, unknown> | undefined) ?? {};
  raw['chain'].forEach((node, i) => {
    const parsed = readNode(node, i, problems);
    if (parsed) spec.nodes.push(parsed);
  });
  const names = spec.nodes.map((node) => node.name);
  spec.nodes.forEach((node, i) => {
    for (const [field, target] of [
      ['on-success', node.onSuccess],
      ['on-failure', node.onFailure],
    ] as const) {
      if (target === undefined || isTemplate(target) || names.includes(target)) continue;
      problems.add(['chain', i, field], `no node is named "${target}"${didYouMean(target, names)}`, {
        task: node.name,
      });
    }
  });
  const declared = raw['default'];
  if (
    declared !== undefined &&
    (typeof declared !== 'string' || (!isTemplate(declared) && !names.includes(declared)))
  ) {
    problems.add(
      ['default'],
      `default names no node of the chain ("${String(declared)}")${didYouMean(String(declared), names)}`,
    );
  }
  problems.throwIfAny(doc, 'action chain');
  spec.start = typeof declared === 'string' ? declared : defaultNode(spec.nodes);
  return spec;
}

function readNode(raw: unknown, index: number, problems: ProblemCollector): ChainNode | undefined {
  const path = ['chain', index];
  if (!isMapping(raw)) {
    problems.add(path, 'a chain node is a mapping with name and ref');
    return undefined;
  }
  const name = typeof raw['name'] === 'string' ? raw['name'] : undefined;
  const task = name === undefined ? {} : { task: name };
  for (const key of Object.keys(raw)) {
    if (!NODE_KEYS.includes(key))
      problems.add([...path, key], `unknown field "${key}"${didYouMean(key, NODE_KEYS)}`, task);
  }
  if (!name) problems.add(path, 'a chain node needs a name');
  if (typeof raw['ref'] !== 'string' || raw['ref'] === '')
    problems.add(path, 'a chain node needs the ref of its action', task);
  const params = raw['params'];
  const parameters = raw['parameters'];
  if (
    isMapping(params) &&
    Object.keys(params).length > 0 &&
    isMapping(parameters) &&
    Object.keys(parameters).length > 0
  ) {
    problems.add([...path, 'parameters'], 'give either "params" or "parameters", not both', task);
  }
  for (const key of ['params', 'parameters', 'publish']) {
    if (raw[key] !== undefined && raw[key] !== null && !isMapping(raw[key])) {
      problems.add([...path, key], `${key} is a mapping of names to values`, task);
    }
  }
  const text = (value: unknown): string | undefined =>
    typeof value === 'string' && value !== '' ? value : undefined;
  return {
    name: name ?? '',
    ref: String(raw['ref'] ?? ''),
    params:
      isMapping(parameters) && Object.keys(parameters).length > 0
        ? parameters
        : isMapping(params)
          ? params
          : {},
    onSuccess: text(raw['on-success']),
    onFailure: text(raw['on-failure']),
    publish: isMapping(raw['publish']) ? raw['publish'] : {},
  };
}

/** st2's default node: the first node no other node leads to, else the first node. */
function defaultNode(nodes: ChainNode[]): string | undefined {
  const referenced = new Set(nodes.flatMap((node) => [node.onSuccess, node.onFailure]));
  return (nodes.find((node) => !referenced.has(node.name)) ?? nodes[0])?.name;
}

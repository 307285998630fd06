import { ValidationError } from '../common/errors.js';

/**
 * Orders parameters so that each comes after the parameters its templates read. A cycle
 * (including a parameter reading itself) is an error naming the parameters in it.
 */
export function orderParameters(dependencies: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, path: string[]): void => {
    const seen = state.get(name);
    if (seen === 'done') return;
    if (seen === 'visiting') {
      const cycle = path.slice(path.indexOf(name));
      throw new ValidationError(
        `parameters reference each other in a cycle: ${[...cycle, name].join(' → ')}; ` +
          'remove one of the references (a parameter cannot use its own value)',
        { code: 'E_PARAMETER_CYCLE', details: { parameters: [...new Set(cycle)].sort() } },
      );
    }
    state.set(name, 'visiting');
    for (const dependency of dependencies.get(name) ?? []) {
      if (dependencies.has(dependency)) visit(dependency, [...path, name]);
    }
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of dependencies.keys()) visit(name, []);
  return order;
}

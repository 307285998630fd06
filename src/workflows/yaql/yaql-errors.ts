/**
 * A YAQL expression that does not parse, or uses something outside the supported subset. The
 * position is a 0-based offset in the expression (without its `<% %>`).
 */
export class YaqlSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly position: number,
  ) {
    super(`${reason} at position ${position}`);
    this.name = 'YaqlSyntaxError';
  }
}

/**
 * Why an expression could not be evaluated, named after the Python exception StackStorm reports
 * (`NoFunctionRegisteredException`, `KeyError`, `TypeError`…) so workflow errors read the same.
 */
export class YaqlRuntimeError extends Error {
  constructor(
    readonly pythonName: string,
    message: string,
  ) {
    super(message);
    this.name = 'YaqlRuntimeError';
  }
}

/** A missing dictionary key: StackStorm reports it as "Unable to resolve key …". */
export class YaqlKeyError extends YaqlRuntimeError {
  constructor(readonly key: string) {
    super('KeyError', key);
  }
}

export function noMatchingFunction(name: string): YaqlRuntimeError {
  return new YaqlRuntimeError(
    'NoMatchingFunctionException',
    `No function "${name}" matches supplied arguments`,
  );
}

export function unknownFunction(name: string): YaqlRuntimeError {
  return new YaqlRuntimeError('NoFunctionRegisteredException', `Unknown function "${name}"`);
}

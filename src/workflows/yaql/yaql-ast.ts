/** The YAQL syntax tree Squall evaluates. Positions are 0-based offsets in the expression. */
export type YaqlNode =
  | { kind: 'literal'; value: string | number | boolean | null; position: number }
  /** A bare word (`ctx(name)`, `.get(key)`): YAQL reads it as a string. */
  | { kind: 'keyword'; name: string; position: number }
  /** `$`: the current item inside a lambda argument, the workflow context at the top. */
  | { kind: 'dollar'; position: number }
  | { kind: 'list'; items: YaqlNode[]; position: number }
  | { kind: 'dict'; entries: [YaqlNode, YaqlNode][]; position: number }
  | { kind: 'call'; name: string; receiver: YaqlNode | undefined; args: YaqlArgument[]; position: number }
  | { kind: 'property'; target: YaqlNode; name: string; position: number }
  | { kind: 'index'; target: YaqlNode; index: YaqlNode; position: number }
  | { kind: 'unary'; operator: string; operand: YaqlNode; position: number }
  | { kind: 'binary'; operator: string; left: YaqlNode; right: YaqlNode; position: number };

/** A call argument: `value`, `name => value` (keyword) or `condition => value` (a switch case). */
export type YaqlArgument =
  | { kind: 'positional'; value: YaqlNode }
  | { kind: 'named'; name: string; value: YaqlNode }
  | { kind: 'mapping'; key: YaqlNode; value: YaqlNode };

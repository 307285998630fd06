import { ValidationError } from '../common/errors.js';
import {
  dataReason,
  gluedReason,
  opaqueReason,
  throughCommandReason,
  variableReason,
} from './shell-reasons.js';

/**
 * What the scanner learns about a shell command template, and what it concludes once it has read
 * all of it. Bash evaluates some text as arithmetic or as a variable name, and an array subscript
 * there runs command substitutions (`a[$(id)]`); a value can reach such a place directly or through
 * the variables it is assigned to, in any order (loops and functions run text again). So the
 * assignments and uses are collected over the whole template, flow-insensitively, and resolved at
 * the end: a value that reaches arithmetic must be an integer, one that reaches a name must be a
 * name, and a value that reaches either through a command's output (or input Squall cannot see)
 * is refused.
 */

/** A check done when the template renders: the value must be an integer, a name, not an option. */
export type Check = 'integer' | 'name' | 'operand' | 'test-operand';
export type UseKind = 'arith' | 'name' | 'code';

export interface Location {
  line: number;
  column: number;
}

/** What a variable may be assigned: values (`out`), other variables' values, literal names … */
export interface Assignment {
  outs: string[];
  refs: string[];
  idents: string[];
  /** Values and variables that reach it through a command's output (`x=$(cmd {{ v }})`). */
  douts: string[];
  drefs: string[];
  /** It is read from input Squall cannot see (`read`, `mapfile` …). */
  opaque?: string;
}

interface Use {
  kind: UseKind;
  name: string;
  where: string;
  through: boolean;
  at: Location;
}

interface Subscript {
  target: string;
  outs: string[];
  glued: string[];
  refs: string[];
  idents: string[];
  douts: string[];
  drefs: string[];
  assoc: boolean;
  where: string;
}

/** Variables bash gives the integer attribute: assigning them evaluates the value. */
export const INTEGER_SPECIALS = ['BASHPID', 'EUID', 'HISTCMD', 'OPTIND', 'PPID', 'RANDOM', 'SRANDOM', 'UID'];
/** Variables whose value bash or the dynamic linker runs or reads as code. */
export const CODE_VARIABLES = [
  'PS0',
  'PS1',
  'PS2',
  'PS3',
  'PS4',
  'PROMPT_COMMAND',
  'BASH_ENV',
  'ENV',
  'SHELLOPTS',
  'BASHOPTS',
  'PATH',
  'BASH_LOADABLES_PATH',
  'LD_PRELOAD',
  'LD_LIBRARY_PATH',
  'LD_AUDIT',
];
/** Variables bash fills with data from the command's own words, input or output. */
const DATA_SPECIALS = new Set([
  '_',
  '@',
  '*',
  'REPLY',
  'OPTARG',
  'MAPFILE',
  'BASH_COMMAND',
  'BASH_EXECUTION_STRING',
  'BASH_ARGV',
  'BASH_SOURCE',
  'FUNCNAME',
  'COPROC',
  'PWD',
  'OLDPWD',
  'DIRSTACK',
  'READLINE_LINE',
  '!names',
]);

export class ShellFacts {
  /** Where the text being read starts, for messages about uses found in it. */
  here: Location = { line: 1, column: 1 };
  hasValues = false;
  private readonly outputs = new Map<string, { at: Location; checks: Map<Check, string> }>();
  private readonly assignments = new Map<string, Assignment[]>();
  private readonly uses = new Map<string, Use>();
  private readonly integers = new Set(INTEGER_SPECIALS);
  private readonly namerefs = new Set<string>();
  private readonly dynamicNamerefs = new Set<string>();
  private readonly parents = new Map<string, string>();
  private readonly subscripts = new Map<string, Subscript>();
  private readonly unsets = new Set<string>();
  private readonly redeclared = new Set<string>();
  private unread: { where: string; at: Location } | undefined;

  constructor(private readonly templateName: string) {}

  output(id: string, at: Location): void {
    if (!this.outputs.has(id)) this.outputs.set(id, { at, checks: new Map() });
    this.hasValues = true;
  }

  /** `why`: where the value is used (`in bash arithmetic …`), or a whole phrase (`is assigned …`). */
  require(id: string, check: Check, why: string): void {
    const checks = this.outputs.get(id)?.checks;
    if (checks && !checks.has(check)) checks.set(check, why.startsWith('is ') ? why : `is used ${why}`);
  }

  checksOf(id: string): ReadonlyMap<Check, string> {
    return this.outputs.get(id)?.checks ?? new Map();
  }

  locationOf(id: string): Location {
    return this.outputs.get(id)?.at ?? this.here;
  }

  /** Stops the check: the template cannot be made safe. `id`: the value the reason is about. */
  refuse(reason: string, id?: string, at: Location = this.here): never {
    const { line, column } = id === undefined ? at : this.locationOf(id);
    throw new ValidationError(`template ${this.templateName} (line ${line}, column ${column}): ${reason}`, {
      code: 'E_TEMPLATE',
      details: { line, column },
    });
  }

  assign(target: string, assignment: Assignment): void {
    const list = this.assignments.get(target) ?? [];
    const key = JSON.stringify(assignment);
    if (!list.some((a) => JSON.stringify(a) === key)) list.push(assignment);
    this.assignments.set(target, list);
  }

  use(kind: UseKind, name: string, where: string, through = false): void {
    const use = { kind, name, where, through, at: this.here };
    const key = JSON.stringify([kind, name, where, through]);
    if (!this.uses.has(key)) this.uses.set(key, use);
  }

  integer(name: string): void {
    this.integers.add(name);
  }

  /** `declare -n name=target`; a null target is a name not known from the text. */
  nameref(name: string, target: string | null): void {
    this.namerefs.add(name);
    if (target === null) this.dynamicNamerefs.add(name);
    else this.parents.set(this.root(name), this.root(target));
  }

  subscript(entry: Subscript): void {
    this.subscripts.set(JSON.stringify(entry), entry);
  }

  /** Shell code too long (or grown by a loop) to read: refused once the template renders values. */
  unreadCode(where: string): void {
    this.unread ??= { where, at: this.here };
  }

  unset(name: string): void {
    this.unsets.add(name);
  }

  /** A declaration that is not `-A`: the name may stop being an associative array. */
  redeclare(name: string): void {
    this.redeclared.add(name);
  }

  /** Names a value may not take where it names a variable (they have a meaning of their own). */
  reservedNames(): string[] {
    return [...new Set([...this.integers, ...CODE_VARIABLES, ...this.namerefs])].sort();
  }

  /** Draws the conclusions: adds checks to values, or refuses the template. */
  resolve(): void {
    if (this.unread && this.hasValues) {
      this.refuse(
        `the shell code ${this.unread.where} is too long for Squall to read, and the template renders values that it could use; shorten it or put it in a script`,
        undefined,
        this.unread.at,
      );
    }
    for (const entry of this.subscripts.values()) {
      if (!entry.assoc || this.mayStopBeingAssociative(entry.target)) this.subscriptIsArithmetic(entry);
    }
    for (const name of this.dynamicNamerefs) {
      // The first assignment to a reference without a target names the target.
      const where = `is assigned to "${name}", a reference to a variable (declare -n)`;
      for (const fact of this.assignments.get(name) ?? [])
        for (const id of fact.outs) this.require(id, 'name', where);
    }
    for (const name of this.integers) {
      const where = `is assigned to "${name}", an integer variable (bash evaluates what is assigned to it)`;
      // A name chosen by a value is never one of these (see reservedNames): only their own facts.
      for (const fact of this.factsOf(name, false)) this.apply(fact, name, 'arith', false, where, new Set());
    }
    for (const use of this.uses.values()) this.walk(use, use.name, use.through, new Set());
  }

  private mayStopBeingAssociative(name: string): boolean {
    return this.unsets.has('*') || this.unsets.has(name) || this.redeclared.has(name);
  }

  private subscriptIsArithmetic(entry: Subscript): void {
    if (entry.glued[0] !== undefined) this.refuse(gluedReason(entry.where), entry.glued[0]);
    for (const id of entry.outs) this.require(id, 'integer', entry.where);
    for (const id of entry.douts) this.refuse(throughCommandReason(entry.where), id);
    for (const name of [...entry.refs, ...entry.idents]) this.use('arith', name, entry.where);
    for (const name of entry.drefs) this.use('arith', name, entry.where, true);
  }

  private walk(use: Use, name: string, through: boolean, visited: Set<string>): void {
    const root = this.root(name);
    const key = `${through}:${root}`;
    if (visited.has(key)) return;
    visited.add(key);
    if (this.hasValues && (DATA_SPECIALS.has(name) || /^\d+$/.test(name))) {
      this.refuse(dataReason(name, use), undefined, use.at);
    }
    if (this.hasValues && this.dynamicNamerefs.has(root)) {
      this.refuse(
        `"${name}" is a reference to a variable named at run time (declare -n), and it is used ${use.where}; Squall cannot follow it`,
        undefined,
        use.at,
      );
    }
    for (const fact of this.factsOf(name)) this.apply(fact, name, use.kind, through, use.where, visited, use);
  }

  private apply(
    fact: Assignment,
    name: string,
    kind: UseKind,
    through: boolean,
    where: string,
    visited: Set<string>,
    use: Use = { kind, name, where, through, at: this.here },
  ): void {
    const via = where.startsWith('is ') ? where : `is assigned to "${name}", which is used ${where}`;
    for (const id of fact.outs) {
      if (through || kind === 'code') this.refuse(variableReason(name, use), id);
      this.require(id, kind === 'arith' ? 'integer' : 'name', via);
    }
    for (const ref of fact.refs) this.walk({ ...use, kind }, ref, through, visited);
    if (kind !== 'code')
      for (const ident of fact.idents) this.walk({ ...use, kind: 'arith' }, ident, false, visited);
    for (const id of fact.douts) this.refuse(throughCommandReason(`"${name}" ${where}`), id);
    for (const ref of fact.drefs) this.walk({ ...use, kind }, ref, true, visited);
    if (fact.opaque && this.hasValues) this.refuse(opaqueReason(name, fact.opaque, use), undefined, use.at);
  }

  /** What `name` may hold: its assignments, and those to a name known only at run time. */
  private factsOf(name: string, withDynamic = true): Assignment[] {
    const root = this.root(name);
    const facts: Assignment[] = [];
    for (const [target, list] of this.assignments) {
      const dynamic = target === '*' || this.dynamicNamerefs.has(target);
      if (dynamic ? withDynamic : this.root(target) === root) facts.push(...list);
    }
    return facts;
  }

  private root(name: string): string {
    let current = name;
    for (let parent = this.parents.get(current); parent !== undefined && parent !== current;) {
      current = parent;
      parent = this.parents.get(current);
    }
    return current;
  }
}

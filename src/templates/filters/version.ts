/** st2's version filters (st2common/expressions/functions/version.py): python-semver 2 semantics. */
interface SemVer {
  major: number;
  minor: number;
  patch: number;
  prerelease: string[];
}

const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

export function parseSemver(value: unknown): SemVer {
  const match = SEMVER.exec(String(value));
  if (!match) throw new TypeError(`${String(value)} is not valid SemVer string`);
  return {
    major: Number(match[1]),
    minor: Number(match[2]),
    patch: Number(match[3]),
    prerelease: match[4] ? match[4].split('.') : [],
  };
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

function comparePrerelease(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.min(a.length, b.length); i += 1) {
    const order = compareIdentifiers(a[i] ?? '', b[i] ?? '');
    if (order !== 0) return order;
  }
  return Math.sign(a.length - b.length);
}

/** -1, 0 or 1. Build metadata is ignored. */
export function versionCompare(value: unknown, other: unknown): number {
  const a = parseSemver(value);
  const b = parseSemver(other);
  for (const key of ['major', 'minor', 'patch'] as const) {
    if (a[key] !== b[key]) return a[key] < b[key] ? -1 : 1;
  }
  return comparePrerelease(a.prerelease, b.prerelease);
}

export const versionMoreThan = (value: unknown, other: unknown): boolean =>
  versionCompare(value, other) === 1;
export const versionLessThan = (value: unknown, other: unknown): boolean =>
  versionCompare(value, other) === -1;
export const versionEqual = (value: unknown, other: unknown): boolean => versionCompare(value, other) === 0;

type Comparison = '<' | '>' | '<=' | '>=' | '==' | '!=';

/** `version_match("1.2.3", ">=1.0.0")`: operators <, >, <=, >=, ==, !=. */
export function versionMatch(value: unknown, expression: unknown): boolean {
  const match = /^(<=|>=|==|!=|<|>)(.*)$/.exec(String(expression));
  if (!match) {
    throw new TypeError(
      `match_expr parameter should be in format <op><ver>, where <op> is one of ['<', '>', '==', '<=', '>=', '!=']. You provided: ${String(expression)}`,
    );
  }
  const order = versionCompare(value, match[2]);
  // The pattern above admits exactly these six.
  switch (match[1] as Comparison) {
    case '<':
      return order < 0;
    case '>':
      return order > 0;
    case '<=':
      return order <= 0;
    case '>=':
      return order >= 0;
    case '==':
      return order === 0;
    case '!=':
      return order !== 0;
  }
}

export function versionBumpMajor(value: unknown): string {
  const v = parseSemver(value);
  return `${v.major + 1}.0.0`;
}

export function versionBumpMinor(value: unknown): string {
  const v = parseSemver(value);
  return `${v.major}.${v.minor + 1}.0`;
}

export function versionBumpPatch(value: unknown): string {
  const v = parseSemver(value);
  return `${v.major}.${v.minor}.${v.patch + 1}`;
}

export function versionStripPatch(value: unknown): string {
  const v = parseSemver(value);
  return `${v.major}.${v.minor}`;
}

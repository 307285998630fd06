import type { SourceLocation } from '../../common/errors.js';
import type { BoundedRegex } from '../../security/bounded-regex/bounded-regex.js';

/** One entry of `formats` as written: a plain format, or a display string with its regexes. */
export type AliasFormatSpec = string | { display?: string; representation?: string[] };

export interface AliasAckSpec {
  /** @default true */
  enabled: boolean;
  /** Jinja template rendered with `execution` and `actionalias`. */
  format?: string;
  /** Adapter-specific data (rendered like `format`). */
  extra?: Record<string, unknown>;
  /** Append a link to the execution when a public URL is configured. @default true */
  append_url: boolean;
}

export interface AliasResultSpec {
  /** @default true */
  enabled: boolean;
  /** Jinja template rendered with `execution` and `alias`. */
  format?: string;
  extra?: Record<string, unknown>;
}

/** A display string and the formats (regexes) that implement it. */
export interface AliasPattern {
  display: string;
  representations: CompiledAliasFormat[];
}

/** An action alias as StackStorm's YAML has it, normalised and compiled when loaded. */
export interface AliasDefinition {
  /** `pack.name` */
  ref: string;
  name: string;
  pack: string;
  action_ref: string;
  description?: string;
  /** @default true */
  enabled: boolean;
  /** `formats` exactly as written. */
  formats: AliasFormatSpec[];
  /** `formats` normalised to display + compiled representations, in declaration order. */
  patterns: AliasPattern[];
  ack: AliasAckSpec;
  result: AliasResultSpec;
  /** Adapter-specific extras (StackStorm's top-level `extra`). */
  extra?: Record<string, unknown>;
  /** Injected into every execution; values may be Jinja templates. A user may not supply them. */
  immutable_parameters: Record<string, unknown>;
  /** Squall extension: only these users may run the alias (absent: everybody). */
  allowed_users?: string[];
  /** Squall extension: only members of these groups may run the alias (absent: everybody). */
  allowed_groups?: string[];
  /** Squall extension: the user must repeat a confirmation phrase before the action runs. */
  confirm: boolean;
  source?: SourceLocation;
}

/**
 * An alias format (one `representation`) turned into a regular expression once, when the alias is
 * loaded, with StackStorm's rules (st2common/models/utils/action_alias_utils.py): `{{ name }}` is a
 * lazy capture, `{{ name=default }}` an optional one including its leading whitespace, a value may
 * be quoted ('…' or "…", quotes removed) or a `{…}` JSON object, and the format is anchored.
 */
export interface CompiledAliasFormat {
  /** The representation exactly as written. */
  source: string;
  /** Bounded: the format holds the author's regex, matched against what chat users type. */
  regex: BoundedRegex;
  /** Optional parameters and the default each takes when absent, in format order. */
  defaults: readonly { name: string; value: string }[];
  /** Whether the format carries its own start / end anchor (then the command is not padded). */
  anchoredStart: boolean;
  anchoredEnd: boolean;
}

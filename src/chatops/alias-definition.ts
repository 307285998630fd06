import type { SourceLocation } from '../errors.js';
import type { CompiledAliasFormat } from './compile-alias-format.js';

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

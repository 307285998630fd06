import type { SourceLocation } from '../../common/errors.js';
import type { JsonSchema } from '../../domain/json.js';

/** One parameter as st2 action metadata declares it (a JSON-schema property plus st2's extras). */
export interface ParameterSpec {
  type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object' | 'null' | string[];
  description?: string;
  default?: unknown;
  required?: boolean;
  secret?: boolean;
  immutable?: boolean;
  enum?: unknown[];
  /** Positional argument index for local-shell-script. */
  position?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  [extra: string]: unknown;
}

export type ParameterSpecs = Record<string, ParameterSpec>;

/** Action metadata exactly as StackStorm's YAML has it. */
export interface ActionSpec {
  name: string;
  pack: string;
  runner_type: string;
  entry_point?: string;
  description?: string;
  enabled: boolean;
  parameters: ParameterSpecs;
  output_schema?: JsonSchema;
  notify?: Record<string, unknown>;
  tags?: { name: string; value?: string }[];
}

/** An action ready to run: metadata plus where it lives. */
export interface ActionDefinition {
  /** `pack.name` */
  ref: string;
  spec: ActionSpec;
  /** Folder of the pack; entry points resolve against `<packDir>/actions/`. */
  packDir: string;
  source?: SourceLocation;
  /** Runner parameters merged with the action's (action values win, immutable ORed). */
  parameters: ParameterSpecs;
  /** Parameters the runner hands to a shell (`cmd`): their templates are shell-quoted. */
  shellParameters?: readonly string[];
  /** Set when the runner exists in st2 but not in Squall: listed, never run. */
  unsupported?: string;
}

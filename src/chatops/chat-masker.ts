import type { ParameterSpecs } from '../snapshot/model/action-definition.js';
import { MASK } from '../security/mask-constant.js';
import { maskDeep, maskSecretParameters } from '../security/mask.js';
import { MIN_SECRET_LENGTH, type SecretRegistry } from '../security/secret-registry.js';
import type { ExecutionLike } from './render-alias-message.js';
import { isRecord } from '../common/guards.js';

export interface ChatMaskerOptions {
  /** The engine's known secret values (decrypted datastore secrets, pack config secrets). */
  secrets?: SecretRegistry;
}

/** Parameters whose values are secret for one message: the action's specs say which. */
export interface SecretParameters {
  parameters: Record<string, unknown>;
  specs: ParameterSpecs;
}

/**
 * Masking for everything chat shows. Template contexts get secret parameters replaced before
 * rendering; the finished text is masked again by value (a secret echoed in stdout, a datastore
 * secret, `https://token@host`), since a template can put anything anywhere.
 */
export interface ChatMasker {
  maskExecution(execution: ExecutionLike, specs: ParameterSpecs): ExecutionLike;
  maskParameters(parameters: Record<string, unknown>, specs: ParameterSpecs): Record<string, unknown>;
  maskText(text: string, secret?: SecretParameters): string;
}

export function createChatMasker(options: ChatMaskerOptions = {}): ChatMasker {
  const registry = options.secrets;
  const known = (value: unknown, secret?: SecretParameters) => {
    const byValue = secret ? secretValues(secret.parameters, secret.specs) : [];
    const masked = maskDeep(value, byValue);
    return registry ? registry.mask(masked) : masked;
  };
  return {
    maskParameters: (parameters, specs) =>
      known(maskSecretParameters(parameters, specs)) as Record<string, unknown>,
    maskExecution: (execution, specs) => {
      const parameters = execution.parameters ?? {};
      const copy = { ...execution, parameters: maskSecretParameters(parameters, specs) };
      return known(copy, { parameters, specs }) as ExecutionLike;
    },
    maskText: (text, secret) => known(text, secret) as string,
  };
}

/** The values `maskSecretParameters` would hide, as text, so they can be hidden wherever they appear. */
function secretValues(parameters: Record<string, unknown>, specs: ParameterSpecs): string[] {
  const values: string[] = [];
  const collect = (original: unknown, masked: unknown): void => {
    if (masked === MASK && original !== MASK) {
      if (typeof original === 'string' || typeof original === 'number') values.push(String(original));
      else if (original !== null && original !== undefined) values.push(JSON.stringify(original));
      return;
    }
    if (Array.isArray(original) && Array.isArray(masked))
      original.forEach((item, i) => collect(item, masked[i]));
    else if (isRecord(original) && isRecord(masked)) {
      for (const [key, item] of Object.entries(original)) collect(item, masked[key]);
    }
  };
  collect(parameters, maskSecretParameters(parameters, specs));
  return values.filter((value) => value.length >= MIN_SECRET_LENGTH);
}

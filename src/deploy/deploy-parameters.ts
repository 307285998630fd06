import { ValidationError } from '../common/errors.js';
import type { DeployRequest } from './deploy-types.js';
import { ROLLBACK_USER } from './rollback-expired.js';

/**
 * packs.deploy's parameters (st2's `repo_name`, `packs`, `branch`, `auto_deploy`, `author`, plus
 * `force`, `confirm`, and for pushes `changed_files` and `files_known`) and who asked, as a request.
 */
export function deployRequestFrom(
  parameters: Record<string, unknown>,
  caller: { executionId: string; user: string | undefined; signal?: AbortSignal },
): DeployRequest {
  const confirm = optionalText(parameters, 'confirm');
  const repoName = optionalText(parameters, 'repo_name');
  if (repoName === undefined && confirm === undefined) {
    throw new ValidationError(
      'packs.deploy: parameter "repo_name" is required (or "confirm" with a deployment id)',
      {
        code: 'E_PARAMETERS',
      },
    );
  }
  const rollbackClaim = optionalText(parameters, 'rollback');
  const auto = parameters['auto_deploy'] === true;
  const mode = rollbackClaim ? 'rollback' : auto ? 'auto' : 'manual';
  const user =
    mode === 'rollback'
      ? ROLLBACK_USER
      : mode === 'auto'
        ? (optionalText(parameters, 'author') ?? caller.user ?? 'git push')
        : (caller.user ?? 'unknown');
  const request: DeployRequest = {
    repoName: repoName ?? '',
    force: parameters['force'] === true,
    mode,
    user,
    executionId: caller.executionId,
    ...(caller.signal ? { signal: caller.signal } : {}),
  };
  const branch = optionalText(parameters, 'branch');
  if (branch) request.branch = branch;
  const packs = textList(parameters['packs'], 'packs');
  if (packs && packs.length > 0) request.packs = packs;
  if (confirm) request.confirm = confirm;
  if (rollbackClaim) request.rollbackClaim = rollbackClaim;
  if (auto) {
    const files = textList(parameters['changed_files'], 'changed_files');
    if (files) request.changedFiles = files;
    request.filesKnown = parameters['files_known'] !== false && files !== undefined;
  }
  return request;
}

function optionalText(parameters: Record<string, unknown>, name: string): string | undefined {
  const value = parameters[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new ValidationError(`packs.deploy: parameter "${name}" must be text`, { code: 'E_PARAMETERS' });
  }
  return value.trim();
}

function textList(value: unknown, name: string): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  const list = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string')) {
    throw new ValidationError(`packs.deploy: parameter "${name}" must be a list of text`, {
      code: 'E_PARAMETERS',
    });
  }
  return (list as string[]).map((item) => item.trim()).filter((item) => item !== '');
}

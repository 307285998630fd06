/**
 * StackStorm runner types Squall recognises but cannot run, with the reason shown to users.
 * Actions using them load and are listed (so a pack still loads) but an execution fails at once.
 */
export const UNSUPPORTED_RUNNERS: Readonly<Record<string, string>> = {
  orquesta: 'Orquesta workflows run only in the engine (squall start), not in this tool',
  'action-chain': 'ActionChain workflows run only in the engine (squall start), not in this tool',
  'mistral-v2': 'Mistral workflows are not supported (StackStorm itself removed Mistral)',
  'winrm-cmd': 'WinRM runners are not supported by Squall',
  'winrm-ps-cmd': 'WinRM runners are not supported by Squall',
  'winrm-ps-script': 'WinRM runners are not supported by Squall',
  'windows-cmd': 'Windows runners are not supported by Squall',
  'windows-script': 'Windows runners are not supported by Squall',
  announcement: 'the announcement runner (StackStorm stream announcements) is not supported by Squall',
  cloudslang: 'CloudSlang is not supported by Squall',
};

/** st2's legacy runner names and the runner type each stands for. */
export const RUNNER_ALIASES: Readonly<Record<string, string>> = {
  'run-local': 'local-shell-cmd',
  'run-local-script': 'local-shell-script',
  'run-remote': 'remote-shell-cmd',
  'run-remote-script': 'remote-shell-script',
  'run-python': 'python-script',
  'http-runner': 'http-request',
};

export function canonicalRunnerType(runnerType: string): string {
  return RUNNER_ALIASES[runnerType] ?? runnerType;
}

import type { ParameterSpecs } from '../../../snapshot/model/action-definition.js';

/** st2's remote runner parameters (contrib/runners/remote_runner/runner.yaml), without `cmd`. */
export const REMOTE_RUNNER_PARAMETERS: ParameterSpecs = {
  bastion_host: {
    type: 'string',
    required: false,
    description: 'The host SSH connections will be proxied through (same user, key and port).',
  },
  cwd: { type: 'string', default: '/tmp', description: 'Working directory where the command runs.' },
  dir: {
    type: 'string',
    default: '/tmp',
    description: 'The working directory where the script will be copied to on the remote host.',
  },
  env: { type: 'object', description: 'Environment variables available to the command.' },
  hosts: {
    type: 'string',
    required: true,
    description: 'A comma delimited list of hosts, e.g. example1.com,example2.com,example3.com:5555',
  },
  kwarg_op: { type: 'string', default: '--', description: 'Operator in front of keyword args.' },
  parallel: { type: 'boolean', default: false, description: 'Run on the hosts in parallel.' },
  passphrase: {
    type: 'string',
    secret: true,
    required: false,
    description: 'Passphrase for the private key (not supported by the OpenSSH runner).',
  },
  password: {
    type: 'string',
    secret: true,
    required: false,
    description: 'Password log-in (not supported by the OpenSSH runner; use private_key).',
  },
  port: { type: 'integer', required: false, description: 'SSH port when a host does not give one (22).' },
  private_key: {
    type: 'string',
    secret: true,
    required: false,
    description: 'Private key material, or the path of a private key file.',
  },
  sudo: { type: 'boolean', default: false, description: 'Run the command with sudo on the remote host.' },
  sudo_password: {
    type: 'string',
    secret: true,
    required: false,
    description: 'Sudo password, when passwordless sudo is not allowed.',
  },
  timeout: {
    type: 'integer',
    default: 60,
    description: "Action timeout in seconds. Action will get killed if it doesn't finish in timeout seconds.",
  },
  username: {
    type: 'string',
    required: false,
    description: 'Login user; default ssh.user from squall.yaml, else the user Squall runs as.',
  },
};

export const REMOTE_RUNNER_PARAMETER_NAMES = new Set([...Object.keys(REMOTE_RUNNER_PARAMETERS), 'cmd']);

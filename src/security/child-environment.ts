/**
 * The environment for code Squall runs on users' behalf (actions, pack sensors, deploy test commands):
 * the engine's own, without `SQUALL_*` variables, which may hold the encryption key, database
 * credentials or the API key.
 */
export function childEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!key.startsWith('SQUALL_')) env[key] = value;
  }
  return env;
}

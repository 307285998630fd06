/**
 * Child-process host for the nodejs runner: receives `{modulePath, parameters, context}` over IPC,
 * imports the action module, calls its default export (or `run`) and sends back the result.
 * Runs in its own process so that an action cannot block or crash the engine.
 */
import { pathToFileURL } from 'node:url';

import { explainImportError } from '../../common/typescript-loader.js';

interface HostRequest {
  modulePath: string;
  parameters: Record<string, unknown>;
  context: Record<string, unknown>;
}

type HostReply = { ok: true; result: unknown } | { ok: false; error: string; stack?: string };

type ActionFunction = (parameters: Record<string, unknown>, context: Record<string, unknown>) => unknown;

function pickFunction(module: Record<string, unknown>): ActionFunction | undefined {
  const candidates = [module['default'], module['run']];
  const nested = module['default'];
  if (nested && typeof nested === 'object') candidates.push((nested as Record<string, unknown>)['run']);
  return candidates.find((candidate): candidate is ActionFunction => typeof candidate === 'function');
}

async function runAction(request: HostRequest): Promise<HostReply> {
  try {
    const module = (await import(pathToFileURL(request.modulePath).href)) as Record<string, unknown>;
    const action = pickFunction(module);
    if (!action) {
      return {
        ok: false,
        error: `${request.modulePath} exports no function; export default (or export) a function run(parameters, context)`,
      };
    }
    const result = await action(request.parameters, request.context);
    return { ok: true, result: result === undefined ? null : JSON.parse(JSON.stringify(result)) };
  } catch (thrown) {
    const error = explainImportError(request.modulePath, thrown) ?? thrown;
    return error instanceof Error
      ? { ok: false, error: error.message, ...(error.stack ? { stack: error.stack } : {}) }
      : { ok: false, error: String(error) };
  }
}

process.once('message', (message: unknown) => {
  runAction(message as HostRequest)
    .then((reply) => {
      // Exit at once: timers or sockets the action left open must not keep it alive. Writes to
      // pipes are synchronous on Linux, so captured output is complete.
      process.send?.(reply, () => process.exit(reply.ok ? 0 : 1));
    })
    .catch((error: unknown) => {
      // The reply could not be sent; stderr is captured with the action's output.
      console.error(`nodejs action host: could not send the result: ${String(error)}`);
      process.exit(1);
    });
});

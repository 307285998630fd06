import { MASK } from './mask-constant.js';

/** `scheme://user:token@host` and `scheme://token@host` → `scheme://********@host`. */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@'"<>]+@/gi;

export function maskUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, `$1${MASK}@`);
}

/** One entry of `hosts`: how it is named in the result, and where ssh connects. */
export interface RemoteHost {
  /** As written in `hosts` (the result's key). */
  label: string;
  hostname: string;
  port?: number;
}

const HOSTNAME = /^[A-Za-z0-9_]([A-Za-z0-9._-]*[A-Za-z0-9_])?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

/**
 * st2's `hosts` parameter: comma separated, each `host`, `host:port` or `[ipv6]:port`. Anything
 * that is not a plain host name or address is refused: a host reaches ssh's argv and could
 * otherwise be read as an option.
 */
export function parseHosts(text: unknown): RemoteHost[] | { error: string } {
  if (typeof text !== 'string')
    return { error: 'parameter "hosts" is required: a comma separated list of hosts' };
  const hosts: RemoteHost[] = [];
  for (const raw of text.split(',')) {
    const label = raw.trim();
    if (label === '') continue;
    const parsed = parseHost(label);
    if (!parsed) {
      return {
        error: `host "${label}" is not a host name, an IP address, host:port or [ipv6]:port`,
      };
    }
    hosts.push(parsed);
  }
  if (hosts.length === 0) return { error: 'No hosts specified to run action for' };
  return hosts;
}

function parseHost(label: string): RemoteHost | undefined {
  const bracketed = /^\[([0-9A-Fa-f:.]+)\](?::(\d+))?$/.exec(label);
  if (bracketed) return withPort(label, bracketed[1] ?? '', bracketed[2]);
  const colons = label.split(':').length - 1;
  if (colons > 1) return IPV6.test(label) ? { label, hostname: label } : undefined;
  const [hostname = '', port] = label.split(':');
  if (!HOSTNAME.test(hostname)) return undefined;
  return withPort(label, hostname, port);
}

function withPort(label: string, hostname: string, port: string | undefined): RemoteHost | undefined {
  if (port === undefined) return { label, hostname };
  const number = Number(port);
  if (!Number.isInteger(number) || number < 1 || number > 65535) return undefined;
  return { label, hostname, port: number };
}

/** A bastion host goes into a ProxyCommand, which ssh runs with a shell: plain names only. */
export function isPlainHost(text: string): boolean {
  const host = parseHost(text);
  return host !== undefined && !/[^A-Za-z0-9._:[\]-]/.test(text);
}

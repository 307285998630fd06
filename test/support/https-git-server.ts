import { spawn, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A real git smart-HTTP server over TLS on 127.0.0.1 (git http-backend as CGI) behind Basic auth. */
export interface HttpsGitServer {
  /** `https://127.0.0.1:<port>` */
  origin: string;
  /** The self-signed certificate, for GIT_SSL_CAINFO. */
  caFile: string;
  /** Requests refused for missing or wrong credentials. */
  refused(): number;
  close(): Promise<void>;
}

/** Serves the bare repositories under `projectRoot`; only `username:password` may read them. */
export async function startHttpsGitServer(
  projectRoot: string,
  username: string,
  password: string,
): Promise<HttpsGitServer> {
  const tls = await mkdtemp(path.join(tmpdir(), 'squall-tls-'));
  const key = path.join(tls, 'key.pem');
  const caFile = path.join(tls, 'cert.pem');
  execFileSync(
    'openssl',
    [
      ...['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1'],
      ...['-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', caFile],
    ],
    { stdio: 'ignore' },
  );
  const expected = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  let refused = 0;
  const server: Server = createServer(
    { key: await readFile(key), cert: await readFile(caFile) },
    (req, res) => {
      if (req.headers.authorization !== expected) {
        refused++;
        res.writeHead(401, { 'www-authenticate': 'Basic realm="git"' }).end();
        return;
      }
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const cgi = spawn('git', ['http-backend'], {
        env: {
          PATH: process.env['PATH'] ?? '/usr/bin:/bin',
          GIT_PROJECT_ROOT: projectRoot,
          GIT_HTTP_EXPORT_ALL: '1',
          PATH_INFO: url.pathname,
          QUERY_STRING: url.search.slice(1),
          REQUEST_METHOD: req.method ?? 'GET',
          CONTENT_TYPE: req.headers['content-type'] ?? '',
          REMOTE_USER: username,
        },
      });
      req.pipe(cgi.stdin);
      let head = Buffer.alloc(0);
      let headersSent = false;
      cgi.stdout.on('data', (chunk: Buffer) => {
        if (headersSent) return void res.write(chunk);
        head = Buffer.concat([head, chunk]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) return;
        const headers: Record<string, string> = {};
        let status = 200;
        for (const line of head.subarray(0, end).toString().split('\r\n')) {
          const [name = '', ...rest] = line.split(':');
          const value = rest.join(':').trim();
          if (name.toLowerCase() === 'status') status = Number.parseInt(value, 10);
          else headers[name] = value;
        }
        res.writeHead(status, headers);
        headersSent = true;
        res.write(head.subarray(end + 4));
      });
      cgi.on('close', () => res.end());
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `https://127.0.0.1:${port}`,
    caFile,
    refused: () => refused,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(tls, { recursive: true, force: true });
    },
  };
}

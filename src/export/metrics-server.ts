import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ChatloadError } from '../errors.js';
import { usToMs } from '../units.js';
import type { Exposition } from './exposition.js';

/** A `/metrics` endpoint on node:http that can wait, after the run, for one last scrape. */
export interface MetricsServer {
  readonly url: string;
  /** From now on a completed scrape is a final one. */
  markFinal(): void;
  /** Resolves true when a final scrape was served, false when `lingerUs` passed first. */
  waitForFinalScrape(lingerUs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startMetricsServer(exposition: Exposition, listen: { host: string; port: number }): Promise<MetricsServer> {
  let final = false;
  let finalScrapes = 0;
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const servedFinal = final;
    void answer(exposition, req, res).then((scraped) => {
      if (!scraped || !servedFinal) return;
      finalScrapes += 1;
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new ChatloadError('CHATLOAD_E_OPTION_INVALID', `cannot serve metrics on ${listen.host}:${listen.port}: ${error.code ?? error.message}`)),
    );
    server.listen(listen.port, listen.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : listen.port;
  const host = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    url: `http://${host}:${port}/metrics`,
    markFinal: () => {
      final = true;
    },
    waitForFinalScrape: (lingerUs) =>
      new Promise<boolean>((resolve) => {
        if (finalScrapes > 0) return resolve(true);
        const done = (scraped: boolean) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(scraped);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), usToMs(lingerUs));
        waiters.add(wake);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers one request; resolves true when it was a successful scrape of /metrics. */
async function answer(exposition: Exposition, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const path = (req.url ?? '/').split('?')[0];
  if (path !== '/metrics') {
    res.writeHead(path === '/' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' }).end(path === '/' ? 'chatload metrics: GET /metrics\n' : 'not found\n');
    return false;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return false;
  }
  try {
    const { contentType, body } = await exposition.text();
    await new Promise<void>((resolve) => res.writeHead(200, { 'content-type': contentType }).end(req.method === 'HEAD' ? undefined : body, resolve));
    return true;
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`metrics failed: ${(error as Error).message}\n`);
    return false;
  }
}

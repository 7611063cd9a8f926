import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { ChatloadError } from '../errors.js';
import { usToMs } from '../units.js';
import { PROMETHEUS_TEXT_TYPE } from './content-types.js';
import type { Exposition } from './exposition.js';

/** A `/metrics` endpoint on node:http that stays up a while after the run for a final scrape. */
export interface MetricsServer {
  readonly url: string;
  /** From now on a completed scrape is a final one. */
  markFinal(): void;
  /**
   * Stays up for `lingerUs`, then says whether a final scrape was served. It never ends at the
   * first one: a scrape Prometheus sent before the end, held up while the run wrote its report,
   * is answered after the end but may already have been given up by Prometheus (its timeout);
   * twice the scrape interval leaves room for one more.
   */
  linger(lingerUs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startMetricsServer(
  exposition: Exposition,
  listen: { host: string; port: number },
): Promise<MetricsServer> {
  let final = false;
  let finalScrapes = 0;
  const server = createServer((req, res) => {
    const servedFinal = final;
    void answer(exposition, req, res).then((scraped) => {
      if (scraped && servedFinal) finalScrapes += 1;
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new ChatloadError(
          'CHATLOAD_E_OPTION_INVALID',
          `cannot serve metrics on ${listen.host}:${listen.port}: ${error.code ?? error.message}`,
        ),
      ),
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
    linger: async (lingerUs) => {
      await new Promise((resolve) => setTimeout(resolve, usToMs(lingerUs)));
      return finalScrapes > 0;
    },
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
    res
      .writeHead(path === '/' ? 200 : 404, { 'content-type': 'text/plain; charset=utf-8' })
      .end(path === '/' ? 'chatload metrics: GET /metrics\n' : 'not found\n');
    return false;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return false;
  }
  try {
    const body = await exposition.text();
    await new Promise<void>((resolve) =>
      res
        .writeHead(200, { 'content-type': PROMETHEUS_TEXT_TYPE })
        .end(req.method === 'HEAD' ? undefined : body, resolve),
    );
    return true;
  } catch (error) {
    res
      .writeHead(500, { 'content-type': 'text/plain; charset=utf-8' })
      .end(`metrics failed: ${(error as Error).message}\n`);
    return false;
  }
}

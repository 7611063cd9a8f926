import type { FastifyInstance } from 'fastify';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { MockSettings } from '../scenario/mock-schema.js';
import { buildMock, type MockServerOptions } from './build-mock-server.js';

/** A listening mock: its base URL, the fastify instance, its statistics, and a close that ends webhook delivery too. */
export interface RunningMockServer {
  readonly url: string;
  readonly server: FastifyInstance;
  /** The platform's statistics, read in-process; final once `close()` has resolved. */
  stats(): PlatformStats;
  close(): Promise<void>;
}

export async function startMockServer(
  settings: MockSettings,
  listen: { host?: string; port?: number } = {},
  options: MockServerOptions = {},
): Promise<RunningMockServer> {
  const built = buildMock(settings, options);
  const server = built.app;
  const host = listen.host ?? '127.0.0.1';
  await server.listen({ host, port: listen.port ?? 0 });
  const address = server.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (listen.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${urlHost}:${port}`, server, stats: built.stats, close: () => server.close() };
}

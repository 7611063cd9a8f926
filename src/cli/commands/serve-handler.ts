import path from 'node:path';
import { ChatloadError, isChatloadError } from '../../errors.js';
import { type MetricsServer, startMetricsServer } from '../../export/metrics-server.js';
import { MockMetrics, simStatsReader } from '../../export/mock-metrics.js';
import { isLoopbackHost } from '../../mock/admin-guard.js';
import type { RunningMockServer } from '../../mock/start-mock-server.js';
import { ADMIN_TOKEN_ENV } from '../../platform/admin-token.js';
import { loadMockConfig } from '../../scenario/mock-config.js';
import { type MockSettings, resolveMockSettings } from '../../scenario/mock-schema.js';
import type { CliContext } from '../cli-context.js';
import { describeServer } from '../serve-banner.js';
import type { ServeArgs } from './serve.js';

const DEFAULT_ACCESS_TOKEN = resolveMockSettings({}).accessToken;

/** The config file's settings (or the defaults) with the command line's overrides. */
function settingsOf(args: ServeArgs, ctx: CliContext): MockSettings {
  const configured =
    args.config === undefined ? resolveMockSettings({}) : loadMockConfig(path.resolve(ctx.cwd, args.config));
  const webhookUrl = args['webhook-url'];
  return {
    ...configured,
    ...(args.latency === undefined ? {} : { capacity: { ...configured.capacity, latency: args.latency } }),
    ...(webhookUrl === undefined
      ? {}
      : { webhooks: { ...configured.webhooks, url: webhookUrl, enabled: true } }),
  };
}

/** What `chatload serve` does once its options are parsed; loaded only when `serve` runs (commands/serve.ts). */
export async function serveHandler(args: ServeArgs, ctx: CliContext): Promise<void> {
  for (const [name, port] of [
    ['port', args.port],
    ['metrics-port', args['metrics-port']],
  ] as const) {
    if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
      throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--${name} expects 0–65535, got ${port}`);
    }
  }
  const settings = settingsOf(args, ctx);
  const exposed = !isLoopbackHost(args.host);
  if (exposed && settings.accessToken === DEFAULT_ACCESS_TOKEN)
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `refusing to serve on ${args.host} (off loopback) with the default access token "${DEFAULT_ACCESS_TOKEN}": set accessToken in a --config file`,
    );
  const adminToken = args['admin-token'] ?? ctx.env[ADMIN_TOKEN_ENV];
  // Loaded once the options are checked, so a bad option fails without loading fastify.
  const { startMockServer } = await import('../../mock/start-mock-server.js');
  const mock = await startMockServer(
    settings,
    { host: args.host, port: args.port },
    adminToken === undefined || adminToken === '' ? {} : { adminToken },
  ).catch((error: Error) => {
    if (isChatloadError(error)) throw error;
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `cannot listen on ${args.host}:${args.port}: ${error.message}`,
    );
  });
  const metrics = await startMockMetrics(mock, settings, args);
  ctx.stdout(describeServer(mock, settings, metrics?.url));
  await new Promise<void>((resolve) => {
    if (ctx.interrupt.aborted) resolve();
    else ctx.interrupt.addEventListener('abort', () => resolve(), { once: true });
  });
  await metrics?.close();
  await mock.close();
  ctx.stdout('chatload serve: stopped\n');
}

/** `--metrics-port`: the mock's own view, read from its stats route (with the admin token when one is set). */
async function startMockMetrics(
  mock: RunningMockServer,
  settings: MockSettings,
  args: ServeArgs,
): Promise<MetricsServer | undefined> {
  const port = args['metrics-port'];
  if (port === undefined) return undefined;
  const reader = simStatsReader(mock.url, mock.adminToken);
  const { Exposition } = await import('../../export/exposition.js');
  const exposition = new Exposition([new MockMetrics(reader, settings.capacity.slots)], {
    processMetrics: {},
  });
  return startMetricsServer(exposition, { host: args['metrics-host'], port }).catch(
    async (error: unknown) => {
      await mock.close();
      throw error;
    },
  );
}

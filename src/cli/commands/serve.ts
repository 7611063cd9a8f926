import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import { Exposition } from '../../export/exposition.js';
import { type MetricsServer, startMetricsServer } from '../../export/metrics-server.js';
import { MockMetrics, simStatsReader } from '../../export/mock-metrics.js';
import { startMockServer } from '../../mock/start-mock-server.js';
import { loadMockConfig } from '../../scenario/mock-config.js';
import { type MockSettings, resolveMockSettings } from '../../scenario/mock-schema.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

/**
 * `chatload serve`: the mock platform alone, for a load generator or a bot under development.
 * The config is the same schema as a scenario's `mock:` block (a file may hold either the block
 * itself or a whole scenario with one); it runs until interrupted, then closes cleanly.
 */
interface ServeArgs {
  port: number;
  host: string;
  config?: string;
  'metrics-port'?: number;
  'metrics-host': string;
}

export const serveCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'serve',
    describe: 'Run the mock WhatsApp Cloud API platform alone until interrupted',
    builder: (yargs) =>
      yargs
        .option('port', { type: 'number', default: 8080, describe: 'port to listen on (0 = any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
        .option('config', { type: 'string', describe: 'mock settings YAML (see scenarios/mock.yaml)' })
        .option('metrics-port', { type: 'number', describe: "the mock's own Prometheus metrics on this port (/metrics): requests, queue, slots, refusals, webhooks" })
        .option('metrics-host', { type: 'string', default: '127.0.0.1', describe: 'address for --metrics-port' }),
    handler: async (args) => {
      for (const [name, port] of [['port', args.port], ['metrics-port', args['metrics-port']]] as const) {
        if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65_535)) {
          throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--${name} expects 0–65535, got ${port}`);
        }
      }
      const settings =
        args.config === undefined
          ? resolveMockSettings({})
          : loadMockConfig(path.resolve(ctx.cwd, args.config));
      const mock = await startMockServer(settings, { host: args.host, port: args.port }).catch(
        (error: Error) => {
          throw new ChatloadError(
            'CHATLOAD_E_OPTION_INVALID',
            `cannot listen on ${args.host}:${args.port}: ${error.message}`,
          );
        },
      );
      let metrics: MetricsServer | undefined;
      if (args['metrics-port'] !== undefined) {
        const exposition = new Exposition([new MockMetrics(simStatsReader(mock.url), settings.capacity.slots)], { processMetrics: {} });
        metrics = await startMetricsServer(exposition, { host: args['metrics-host'], port: args['metrics-port'] }).catch(async (error: unknown) => {
          await mock.close();
          throw error;
        });
      }
      ctx.stdout(describeServer(mock.url, settings, metrics?.url));
      await new Promise<void>((resolve) => {
        if (ctx.interrupt.aborted) resolve();
        else ctx.interrupt.addEventListener('abort', () => resolve(), { once: true });
      });
      await metrics?.close();
      await mock.close();
      ctx.stdout('chatload serve: stopped\n');
    },
  }) as CommandModule<object, ServeArgs> as CommandModule;

function describeServer(url: string, settings: MockSettings, metricsUrl: string | undefined): string {
  const hooks = settings.webhooks;
  const webhook =
    hooks.url && hooks.enabled
      ? `${hooks.url} (signed with appSecret, batches ≤ ${hooks.batchMaxItems})`
      : 'off (set webhooks.url)';
  return [
    `chatload mock listening on ${url}`,
    `  send:            POST ${url}/v23.0/${settings.phoneNumberId}/messages`,
    `  phone number id: ${[settings.phoneNumberId, ...settings.extraPhoneNumberIds].join(', ')}`,
    `  access token:    ${settings.accessToken}`,
    `  user side:       POST ${url}/_sim/messages   stats: GET ${url}/_sim/stats`,
    `  webhooks:        ${webhook}`,
    `  limits:          ${settings.enforceThroughput ? `${settings.throughputPerSecond} msg/s per number` : 'throughput off'}, ` +
      `${settings.pairRate.enabled ? `pair 1/${settings.pairRate.intervalSeconds}s burst ${settings.pairRate.burst}` : 'pair rate off'}, ` +
      `capacity ${settings.capacity.slots} slots + queue ${settings.capacity.queueLimit}`,
    ...(metricsUrl ? [`  metrics:         ${metricsUrl} (Prometheus)`] : []),
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

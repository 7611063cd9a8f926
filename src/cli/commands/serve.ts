import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
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
}

export const serveCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'serve',
    describe: 'Run the mock WhatsApp Cloud API platform alone until interrupted',
    builder: (yargs) =>
      yargs
        .option('port', { type: 'number', default: 8080, describe: 'port to listen on (0 = any free port)' })
        .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to listen on' })
        .option('config', { type: 'string', describe: 'mock settings YAML (see scenarios/mock.yaml)' }),
    handler: async (args) => {
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535) {
        throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--port expects 0–65535, got ${args.port}`);
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
      ctx.stdout(describeServer(mock.url, settings));
      await new Promise<void>((resolve) => {
        if (ctx.interrupt.aborted) resolve();
        else ctx.interrupt.addEventListener('abort', () => resolve(), { once: true });
      });
      await mock.close();
      ctx.stdout('chatload serve: stopped\n');
    },
  }) as CommandModule<object, ServeArgs> as CommandModule;

function describeServer(url: string, settings: MockSettings): string {
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
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

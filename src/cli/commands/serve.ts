import type { CommandModule } from 'yargs';
import { ADMIN_TOKEN_ENV } from '../../platform/admin-token.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

/**
 * `chatload serve`: the mock platform alone, for a load generator or a bot under development.
 * The config is the same schema as a scenario's `mock:` block (a file may hold either the block
 * itself or a whole scenario with one); it runs until interrupted, then closes cleanly.
 */
export interface ServeArgs {
  port: number;
  host: string;
  config?: string;
  latency?: 'modelled' | 'off';
  'webhook-url'?: string;
  'admin-token'?: string;
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
        .option('latency', {
          choices: ['modelled', 'off'] as const,
          describe:
            'modelled service time (the estimate, or the config) or off (zero); overrides capacity.latency',
        })
        .option('webhook-url', {
          type: 'string',
          describe: "the bot's webhook (overrides webhooks.url); subscribed with the GET handshake at start",
        })
        .option('admin-token', {
          type: 'string',
          describe: `token the /_sim/ admin routes need (default: $${ADMIN_TOKEN_ENV}; generated off loopback)`,
        })
        .option('metrics-port', {
          type: 'number',
          describe:
            "the mock's own Prometheus metrics on this port (/metrics): requests, queue, slots, refusals, webhooks",
        })
        .option('metrics-host', {
          type: 'string',
          default: '127.0.0.1',
          describe: 'address for --metrics-port',
        }),
    handler: async (args) => (await import('./serve-handler.js')).serveHandler(args, ctx),
  }) as CommandModule<object, ServeArgs> as CommandModule;

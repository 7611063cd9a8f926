import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError, type InputIssue } from '../../errors.js';
import { startMockServer } from '../../mock/start-mock-server.js';
import { type MockSettings, MockSettingsSchema, resolveMockSettings } from '../../scenario/mock-schema.js';
import { schemaIssues } from '../../scenario/schema-issues.js';
import { parseYamlWithLines } from '../../scenario/yaml-locate.js';
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
  latency?: 'modelled' | 'off';
}

export function loadMockConfig(file: string): MockSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ChatloadError(
      'CHATLOAD_E_SCENARIO_NOT_FOUND',
      `cannot read mock config ${file}: ${(error as Error).message}`,
    );
  }
  return parseMockConfig(text, file);
}

export function parseMockConfig(text: string, file: string): MockSettings {
  const yaml = parseYamlWithLines(text);
  const invalid = (issues: InputIssue[]) =>
    new ChatloadError(
      'CHATLOAD_E_SCENARIO_INVALID',
      `mock config ${file} is invalid: ${issues.length} problem(s)`,
      { issues },
    );
  if (yaml.syntaxErrors.length > 0) {
    throw invalid(
      yaml.syntaxErrors.map((e) => ({ file, line: e.line, field: '', message: `YAML syntax: ${e.message}` })),
    );
  }
  const root = yaml.value ?? {};
  if (typeof root !== 'object' || Array.isArray(root))
    throw invalid([{ file, line: 1, field: '', message: 'expected a mapping of mock settings' }]);
  const nested = 'mock' in root;
  const input = nested ? (root as { mock: unknown }).mock : root;
  const prefix = nested ? ['mock'] : [];
  // Defaults first: fields with defaults are required in the schema, as in the scenario loader.
  const settings = resolveMockSettings(input ?? {});
  const issues = schemaIssues(MockSettingsSchema, settings, prefix).map((issue) => {
    const line = yaml.lineOf(issue.path);
    return {
      file,
      ...(line === undefined ? {} : { line }),
      field: issue.path.join('.'),
      message: issue.message,
    };
  });
  if (issues.length > 0) throw invalid(issues);
  return settings;
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
        }),
    handler: async (args) => {
      if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65_535) {
        throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--port expects 0–65535, got ${args.port}`);
      }
      const configured =
        args.config === undefined
          ? resolveMockSettings({})
          : loadMockConfig(path.resolve(ctx.cwd, args.config));
      const settings: MockSettings =
        args.latency === undefined
          ? configured
          : { ...configured, capacity: { ...configured.capacity, latency: args.latency } };
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
      ctx.exitCode = 0;
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
    `  latency:         ${describeLatency(settings.capacity)}`,
    'Press Ctrl-C to stop.',
    '',
  ].join('\n');
}

function describeLatency(capacity: MockSettings['capacity']): string {
  if (capacity.latency === 'off') return 'off (zero service time)';
  const kinds = Object.entries(capacity.serviceTimeMs).map(([kind, dist]) => {
    const { dist: name, ...params } = dist;
    const values = Object.entries(params)
      .map(([key, value]) => `${key} ${value}`)
      .join(', ');
    return `${kind}: ${name} ${values}`;
  });
  return `modelled, ms (${kinds.join('; ') || 'zero'}); --latency off for none`;
}

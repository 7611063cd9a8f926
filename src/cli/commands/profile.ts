import type { CommandModule } from 'yargs';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

/**
 * `chatload profile <scenario>`: the load a scenario implies, with no run — per conversation,
 * per active and enrolled user-day, per day and per second at the peak hour, and chatbot ÷ CS
 * ratios (traffic-profiles §4). `--vary` repeats it over parameter values (adoption share,
 * chunking, activity) for sensitivity; `--sample` checks the closed forms against sampled conversations.
 */

export interface ProfileArgs {
  scenario: string;
  users?: number;
  sample?: number;
  vary?: string[];
  json?: boolean;
  csv?: boolean;
  sensitivity?: number;
}

export const profileCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'profile <scenario>',
    describe:
      'Print the load a scenario implies (messages, ops, webhooks, bytes, billing, peak rate), without running it',
    builder: (yargs) =>
      yargs
        .positional('scenario', { type: 'string', demandOption: true, describe: 'scenario YAML file' })
        .option('users', { type: 'number', describe: 'enrolled users (overrides the scenario)' })
        .option('sample', {
          type: 'number',
          describe: 'also sample this many conversations per shape and show their averages',
        })
        .option('vary', {
          type: 'string',
          array: true,
          describe:
            'param=v1,v2,… (chatbotShare, activeShare, chunkChars, replyStyle=split,chunked, cs.X, chatbot.X); repeat for a grid',
        })
        .option('sensitivity', {
          type: 'number',
          describe:
            'also vary the research ranges (traffic/parameter-ranges.ts): one at a time, and N draws of all together (seeded by the scenario seed); needs both shapes',
        })
        .option('json', { type: 'boolean', describe: 'print JSON' })
        .option('csv', {
          type: 'boolean',
          describe: 'print CSV: variant, method, shape, basis, metric, value',
        }),
    handler: async (args) => (await import('./profile-handler.js')).profileHandler(args, ctx),
  }) as CommandModule<object, ProfileArgs> as CommandModule;

import type { CommandModule } from 'yargs';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

/**
 * `chatload project [scenario]`: the load general-chatbot users would add to the WhatsApp
 * Business Platform at WhatsApp's scale, from sourced population figures and the traffic model's
 * per-user-day load (report/projection.ts). Without a scenario, both shapes' sourced defaults.
 */

export interface ProjectArgs {
  scenario?: string;
  'capacity-per-slot'?: number;
  json?: boolean;
}

export const projectCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'project [scenario]',
    describe:
      'Project the load general-chatbot users would add to the WhatsApp Business Platform at WhatsApp scale, every assumption with its source',
    builder: (yargs) =>
      yargs
        .positional('scenario', {
          type: 'string',
          describe: 'scenario YAML whose traffic model to use (default: the sourced defaults of both shapes)',
        })
        .option('capacity-per-slot', {
          type: 'number',
          describe:
            'platform operations per second one service slot carries at the SLO (from chatload sim results); gives slot counts',
        })
        .option('json', { type: 'boolean', describe: 'print JSON' }),
    handler: async (args) => (await import('./project-handler.js')).projectHandler(args, ctx),
  }) as CommandModule<object, ProjectArgs> as CommandModule;

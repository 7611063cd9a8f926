import path from 'node:path';
import type { CommandModule } from 'yargs';
import { ChatloadError } from '../../errors.js';
import { PROJECTION_INPUTS, project } from '../../report/projection.js';
import { renderProjection } from '../../report/projection-render.js';
import { loadScenarioFile, loadScenarioText } from '../../scenario/load-scenario.js';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';

/**
 * `chatload project [scenario]`: the load general-chatbot users would add to the WhatsApp
 * Business Platform at WhatsApp's scale, from sourced population figures and the traffic model's
 * per-user-day load (report/projection.ts). Without a scenario, both shapes' sourced defaults.
 */

interface ProjectArgs {
  scenario?: string;
  'capacity-per-slot'?: number;
  json?: boolean;
}

const DEFAULT_SCENARIO = ['name: defaults', 'users: 1', 'traffic:', '  mix:', '    - { shape: customer-service }', '    - { shape: general-chatbot }'].join('\n');

export const projectCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'project [scenario]',
    describe: 'Project the load general-chatbot users would add to the WhatsApp Business Platform at WhatsApp scale, every assumption with its source',
    builder: (yargs) =>
      yargs
        .positional('scenario', { type: 'string', describe: 'scenario YAML whose traffic model to use (default: the sourced defaults of both shapes)' })
        .option('capacity-per-slot', {
          type: 'number',
          describe: 'platform operations per second one service slot carries at the SLO (from chatload sim results); gives slot counts',
        })
        .option('json', { type: 'boolean', describe: 'print JSON' }),
    handler: (args) => {
      const capacity = args['capacity-per-slot'];
      if (capacity !== undefined && !(Number.isFinite(capacity) && capacity > 0)) {
        throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `--capacity-per-slot must be a positive number of operations per second, got ${capacity}`);
      }
      const scenario = args.scenario === undefined ? loadScenarioText(DEFAULT_SCENARIO, undefined) : loadScenarioFile(path.resolve(ctx.cwd, args.scenario));
      if (!scenario.traffic.mix.some((entry) => entry.shape === 'general-chatbot')) {
        throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `scenario ${scenario.name} has no general-chatbot shape to project`);
      }
      const inputs = capacity === undefined ? PROJECTION_INPUTS : { ...PROJECTION_INPUTS, capacityPerSlot: { value: capacity, source: 'given with --capacity-per-slot' } };
      const projection = project(scenario, inputs);
      const name = args.scenario ?? 'the sourced defaults of traffic-schema.ts';
      if (args.json) ctx.stdout(`${JSON.stringify({ scenario: name, ...projection }, null, 2)}\n`);
      else ctx.stdout(renderProjection(projection, name));
    },
  }) as CommandModule<object, ProjectArgs> as CommandModule;

import path from 'node:path';
import { ChatloadError } from '../../errors.js';
import { PROJECTION_INPUTS, project } from '../../report/projection.js';
import { renderProjection } from '../../report/projection-render.js';
import { loadScenarioFile, loadScenarioText } from '../../scenario/load-scenario.js';
import type { CliContext } from '../cli-context.js';
import type { ProjectArgs } from './project.js';

const DEFAULT_SCENARIO = [
  'name: defaults',
  'users: 1',
  'traffic:',
  '  mix:',
  '    - { shape: customer-service }',
  '    - { shape: general-chatbot }',
].join('\n');

/** What `chatload project` does once its options are parsed; loaded only when `project` runs (commands/project.ts). */
export function projectHandler(args: ProjectArgs, ctx: CliContext): void {
  const capacity = args['capacity-per-slot'];
  if (capacity !== undefined && !(Number.isFinite(capacity) && capacity > 0)) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `--capacity-per-slot must be a positive number of operations per second, got ${capacity}`,
    );
  }
  const scenario =
    args.scenario === undefined
      ? loadScenarioText(DEFAULT_SCENARIO, undefined)
      : loadScenarioFile(path.resolve(ctx.cwd, args.scenario));
  if (!scenario.traffic.mix.some((entry) => entry.shape === 'general-chatbot')) {
    throw new ChatloadError(
      'CHATLOAD_E_OPTION_INVALID',
      `scenario ${scenario.name} has no general-chatbot shape to project`,
    );
  }
  const inputs =
    capacity === undefined
      ? PROJECTION_INPUTS
      : {
          ...PROJECTION_INPUTS,
          capacityPerSlot: { value: capacity, source: 'given with --capacity-per-slot' },
        };
  const projection = project(scenario, inputs);
  const name = args.scenario ?? 'the sourced defaults of traffic-schema.ts';
  if (args.json) ctx.stdout(`${JSON.stringify({ scenario: name, ...projection }, null, 2)}\n`);
  else ctx.stdout(renderProjection(projection, name));
}

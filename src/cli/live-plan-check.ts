import { preRollUsOf } from '../traffic/steady-state.js';
import v8 from 'node:v8';
import { ChatloadError } from '../errors.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { predictLiveDemand } from '../traffic/live-demand.js';
import { CELL_COUNT } from '../traffic/population.js';
import { durationTextOfUs, formatDurationUs, US_PER_DAY } from '../units.js';
import type { CliContext } from './cli-context.js';
import {
  feasibilityLines,
  judgeLiveFeasibility,
  type LiveFeasibility,
  refusalText,
} from './live-feasibility.js';
import { defaultWorkerCount } from '../load/default-worker-count.js';

/**
 * The CLI's side of the live-feasibility check: this machine's workers and heap, the verdict,
 * and what a command does with it. Worker threads get the same default heap limit as the main
 * thread, so the main thread's limit stands for each worker's.
 */
export function judgeLivePlan(scenario: ResolvedScenario, cells = CELL_COUNT): LiveFeasibility {
  const workers = scenario.workers === 'auto' ? defaultWorkerCount() : scenario.workers;
  return judgeLiveFeasibility(
    predictLiveDemand(scenario),
    { workers, heapLimitBytes: v8.getHeapStatistics().heap_size_limit },
    cells,
  );
}

/** Refuses an infeasible plan (exit 2) before any load; with `force`, warns and lets it run. `cells`: a shard's. */
export function enforceLivePlan(
  scenario: ResolvedScenario,
  force: boolean,
  ctx: CliContext,
  cells = CELL_COUNT,
): void {
  const verdict = judgeLivePlan(scenario, cells);
  if (verdict.feasible) return;
  const text = refusalText(verdict, scenario.name);
  if (!force) throw new ChatloadError('CHATLOAD_E_PLAN_INFEASIBLE', text);
  ctx.stderr(
    `chatload: WARNING (--force): ${text.replace(/; `--force` tries anyway$/, '')}; running anyway, expect the generator to fall behind\n`,
  );
}

/** `run --dry-run`: the plan's predicted figures and the verdict, without running. */
export function dryRunText(scenario: ResolvedScenario, verdict: LiveFeasibility): string {
  const head =
    `chatload run --dry-run: ${scenario.name} — ${scenario.users.toLocaleString('en-US')} users, ${durationTextOfUs(scenario.durationUs)}, ` +
    `${scenario.clock.dayInUs === US_PER_DAY ? 'real time' : `a day in ${durationTextOfUs(scenario.clock.dayInUs)}`}, ` +
    `pre-roll ${scenario.clock.preRollUs === 'auto' ? `${formatDurationUs(preRollUsOf(scenario))} (auto)` : durationTextOfUs(preRollUsOf(scenario))}, target ${scenario.target}`;
  return `${[head, ...feasibilityLines(verdict).map((line) => `  ${line}`)].join('\n')}\n`;
}

import type { LiveDemand } from '../traffic/live-demand.js';
import { CELL_COUNT } from '../traffic/population.js';

/**
 * Can this machine's live engine drive a plan? Judged before any load from the traffic model's
 * predicted demand (traffic/live-demand.ts) against what one worker thread was measured to
 * carry. A plan beyond it would not measure the platform: the generator would fall behind,
 * run out of heap (users: 1e12 did after ~20 s) or hang before the start. Pure: the CLI passes
 * the machine in.
 */

/**
 * Operations per second one worker sends and records against the embedded mock at zero
 * modelled service time: 13,000 is the low end of what this project's 2-core VM measured,
 * `npm run build && node bench/run-throughput.mjs 8 3` → median 16,376 ops/s for 1 worker
 * (chatload 0.1.0, 2026-11-25, issue 2's closing note), and 12,980 ops/s (2 × the 6,490 ops/s
 * run at "half the 1-worker ceiling", issue 9). A noisy shared VM: the low end, on purpose.
 */
export const LIVE_OPS_PER_SECOND_PER_WORKER = 13_000;

/**
 * Heap bytes a worker holds per planned operation of a conversation in progress (the plan keeps
 * a conversation's whole PlannedOp array and its heap entry until its last op is sent).
 * `node bench/plan-footprint.mjs 200000` (Node 20.20, x64, seed 11): 131 bytes per op for
 * customer-service (1,647 per conversation of 12.6 ops), 170 for general-chatbot (1,544 per
 * conversation of 9.1 ops); the larger is used. The same bench finds the real source holding
 * 0.5–0.75× of what the prediction implies, so the estimate errs on the safe side.
 */
export const PLAN_BYTES_PER_OP = 170;

/** Share of a worker's heap limit the plan may take: the rest is for requests in flight, histograms and garbage. */
export const PLAN_HEAP_SHARE = 0.5;

/**
 * Operations one thread generates per second before the start (the pre-roll), without sending:
 * `node bench/plan-footprint.mjs` drew 51,750–75,196 ops/s (indicative, machine shared); the low
 * end rounded down.
 */
export const PRE_ROLL_OPS_PER_SECOND_PER_WORKER = 50_000;

/**
 * Longest a worker may spend generating its pre-roll: the coordinator gives workers 30 s to be
 * ready (load/coordinator.ts), and a start that late would not be a steady start either.
 */
export const PRE_ROLL_BUDGET_SECONDS = 20;

export interface LiveMachine {
  readonly workers: number;
  /** V8 heap limit of one worker thread, bytes (v8.getHeapStatistics().heap_size_limit). */
  readonly heapLimitBytes: number;
}

export interface LiveFeasibility {
  readonly feasible: boolean;
  readonly demand: LiveDemand;
  readonly machine: LiveMachine;
  /** Share of the plan the busiest worker carries: its cells ÷ 64 (a process's cells are spread round robin). */
  readonly busiestWorkerShare: number;
  readonly opsPerSecondLimit: number;
  readonly planBytesPerWorker: number;
  readonly planBytesLimit: number;
  readonly preRollSecondsPerWorker: number;
  /** What is beyond the machine, in words (empty when feasible). */
  readonly problems: readonly string[];
}

const count = (n: number): string => (n >= 1e7 ? n.toExponential(2).replace('e+', 'e') : Math.round(n).toLocaleString('en-US'));
const megabytes = (bytes: number): string => (bytes >= 1e10 ? `${count(bytes / 1e9)} GB` : `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`);

/** `cells`: how many of the 64 population cells this process plays (a shard's, decision 0028). */
export function judgeLiveFeasibility(demand: LiveDemand, machine: LiveMachine, cells = CELL_COUNT): LiveFeasibility {
  const workers = Math.max(1, Math.min(cells, machine.workers));
  const busiestWorkerShare = Math.ceil(cells / workers) / CELL_COUNT;
  const opsPerSecondLimit = LIVE_OPS_PER_SECOND_PER_WORKER / busiestWorkerShare;
  const planBytesPerWorker = demand.concurrentOps * busiestWorkerShare * PLAN_BYTES_PER_OP;
  const planBytesLimit = machine.heapLimitBytes * PLAN_HEAP_SHARE;
  const preRollSecondsPerWorker = (demand.preRollOps * busiestWorkerShare) / PRE_ROLL_OPS_PER_SECOND_PER_WORKER;
  const problems: string[] = [];
  const perWorker = `${workers} worker${workers === 1 ? '' : 's'}`;
  if (!(demand.peakOpsPerSecond <= opsPerSecondLimit)) {
    problems.push(
      `predicted peak ${count(demand.peakOpsPerSecond)} ops/s (played hour ${demand.peakPlayedHour.toFixed(2)}) is beyond the ${count(opsPerSecondLimit)} ops/s ` +
        `${perWorker} can send (${count(LIVE_OPS_PER_SECOND_PER_WORKER)} ops/s each, measured)`,
    );
  }
  if (!(planBytesPerWorker <= planBytesLimit)) {
    problems.push(
      `${count(demand.concurrentConversations)} conversations in progress at once hold ${count(demand.concurrentOps)} planned ops: ` +
        `${megabytes(planBytesPerWorker)} per worker, beyond ${megabytes(planBytesLimit)} (half its ${megabytes(machine.heapLimitBytes)} heap)`,
    );
  }
  if (!(preRollSecondsPerWorker <= PRE_ROLL_BUDGET_SECONDS)) {
    problems.push(
      `the pre-roll starts ${count(demand.preRollConversations)} conversations (${count(demand.preRollOps)} ops) before the first send: ` +
        `≈${count(preRollSecondsPerWorker)} s of generating per worker, beyond ${PRE_ROLL_BUDGET_SECONDS} s`,
    );
  }
  return { feasible: problems.length === 0, demand, machine: { ...machine, workers }, busiestWorkerShare, opsPerSecondLimit, planBytesPerWorker, planBytesLimit, preRollSecondsPerWorker, problems };
}

/** The refusal: what is too much, and where to go instead. */
export function refusalText(verdict: LiveFeasibility, scenarioName: string): string {
  return (
    `the live plan of ${scenarioName} is beyond this machine's load generator: ${verdict.problems.join('; ')}. ` +
    'Play it in virtual time with `chatload sim`, split it over machines with `--shard i/N`, or lower --users / lengthen --day-in; ' +
    '`--force` tries anyway'
  );
}

/** The plan's predicted figures and the verdict, one per line (run --dry-run). */
export function feasibilityLines(verdict: LiveFeasibility): string[] {
  const { demand, machine } = verdict;
  const lines = [
    `predicted peak rate      ${count(demand.peakOpsPerSecond)} ops/s at played hour ${demand.peakPlayedHour.toFixed(2)} (looked for over ${demand.playedHours.toFixed(2)} played hours)`,
    `generator limit          ${count(verdict.opsPerSecondLimit)} ops/s (${machine.workers} worker${machine.workers === 1 ? '' : 's'} × ${count(LIVE_OPS_PER_SECOND_PER_WORKER)} ops/s; the busiest holds ${Math.round(verdict.busiestWorkerShare * CELL_COUNT)}/${CELL_COUNT} cells)`,
    `in progress at once      ${count(demand.concurrentConversations)} conversations, ${count(demand.concurrentOps)} planned ops`,
    `plan memory per worker   ${megabytes(verdict.planBytesPerWorker)} of ${megabytes(verdict.planBytesLimit)} allowed (half the ${megabytes(machine.heapLimitBytes)} heap; ${PLAN_BYTES_PER_OP} bytes per op)`,
    `pre-roll                 ${count(demand.preRollConversations)} conversations, ${count(demand.preRollOps)} ops: ≈${verdict.preRollSecondsPerWorker.toFixed(1)} s per worker before the start (at most ${PRE_ROLL_BUDGET_SECONDS} s)`,
  ];
  for (const shape of demand.shapes) {
    lines.push(`  ${shape.shape}: ${shape.opsPerConversation.toFixed(2)} ops per conversation, ${shape.meanConversationSeconds.toFixed(0)} s long on average, up to ${count(shape.peakConversationsPerSecond)} starts/s`);
  }
  lines.push(verdict.feasible ? 'verdict                  feasible on this machine' : `verdict                  NOT feasible: ${verdict.problems.join('; ')}`);
  return lines;
}

import { ChatloadError } from '../errors.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { profileScenario } from '../traffic/profile.js';
import { conversationHoldUs } from '../traffic/steady-state.js';
import { secondsToUs, usToSeconds } from '../units.js';

/**
 * The old-generation limit of a sim thread (MiB), sized from the scenario (decision 0036).
 * Without one, V8 lets a busy isolate's heap grow to several times its live data between
 * collections: a 10⁸-user day on two threads peaked at 4.2 GiB of RSS. The live heap of a
 * thread is its share of what the plan holds at the busiest hour plus the bounded registries;
 * the limit is that times HEADROOM, never below FLOOR_MIB. Typed-array state (user tables,
 * histograms, event queues) lives outside this heap and needs no room here.
 */

const BYTES_PER_MIB = 2 ** 20;
/**
 * Code, the scenario, series maps and closures: 16–24 MiB used (35 MiB allocated) at a thread's
 * first interval of a 10⁷-user day; the rest is room for the series' and registries' growth.
 */
const BASE_BYTES = 96 * BYTES_PER_MIB;
/** A held PlannedOp with its boxed time and array slot: ~140 B in heap snapshots of a 10⁷-user day. */
const BYTES_PER_HELD_OP = 200;
/** A media record, its id string and its Map entry (estimate from the same snapshots). */
const BYTES_PER_MEDIA_RECORD = 300;
/** Room for garbage between collections: collections get more frequent, not longer. */
const HEADROOM = 2;
const FLOOR_MIB = 256;

/** Environment variable that overrides the estimate (MiB; 0 = V8's own limit). */
export const THREAD_HEAP_ENV = 'CHATLOAD_SIM_THREAD_HEAP_MIB';

export interface ThreadHeapEstimate {
  /** Plan ops held at once by the thread's clusters at the busiest hour. */
  readonly heldOps: number;
  /** Media records the thread's clusters may keep: the bound (reached in long runs), or fewer in short ones. */
  readonly mediaRecords: number;
  readonly liveMiB: number;
  readonly limitMiB: number;
}

export function threadHeapEstimate(scenario: ResolvedScenario, clustersOnThread: number, clusterCount: number): ThreadHeapEstimate {
  const share = clustersOnThread / clusterCount;
  const profile = profileScenario(scenario);
  let heldOps = 0;
  scenario.traffic.mix.forEach((entry, mixIndex) => {
    const startsPerUs = (profile.shapes[mixIndex]?.peak.perSecond.conversations ?? 0) / secondsToUs(1);
    heldOps += startsPerUs * conversationHoldUs(entry) * share;
  });
  // The registries' bound, or every op of the run at the peak rate when that is fewer (short runs).
  const peakOpsPerSecond = profile.shapes.reduce((sum, shape) => sum + Object.values(shape.peak.perSecond.ops).reduce((a, b) => a + b, 0), 0);
  const mediaRecords = Math.min(
    clustersOnThread * Math.ceil(scenario.mock.maxTrackedMessages / clusterCount),
    Math.ceil(peakOpsPerSecond * share * usToSeconds(scenario.durationUs)),
  );
  const liveMiB = (BASE_BYTES + heldOps * BYTES_PER_HELD_OP + mediaRecords * BYTES_PER_MEDIA_RECORD) / BYTES_PER_MIB;
  return { heldOps, mediaRecords, liveMiB, limitMiB: Math.max(FLOOR_MIB, Math.ceil(liveMiB * HEADROOM)) };
}

/** The override's value: absent or blank → the estimate; else a whole number of MiB (0: V8's own limit). */
export function parseThreadHeapMiB(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const value = Number(text);
  if (!(Number.isInteger(value) && value >= 0))
    throw new ChatloadError('CHATLOAD_E_OPTION_INVALID', `${THREAD_HEAP_ENV} expects a whole number of MiB (0 for V8's own limit), got "${text}"`);
  return value;
}

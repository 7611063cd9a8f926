import { preRollUsOf } from './steady-state.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import { SECONDS_PER_DAY, SECONDS_PER_HOUR, secondsToUs, usToSeconds } from '../units.js';
import { expectedConversation } from './conversation-expectations.js';
import { createDiurnalCurve, type DiurnalCurve, dayCompression, dayFactor } from './diurnal-curve.js';
import { figuresOf } from './load-figures.js';
import { OP_KINDS } from './operation.js';
import { createShapeGenerator } from './plan.js';
import { assignShapes } from './population.js';
import { createRng, STREAM } from './rng.js';

/**
 * What a scenario asks of a live load generator, from the traffic model alone (no run):
 * the busiest operation rate over the hours the run plays (compressed day included, and the
 * conversations started before it that still send during it), how many conversations are in progress at once (each holds its planned
 * operations in memory until its last one is sent), and the work done before the start (every
 * pre-rolled conversation is generated then). Pure: the same scenario gives the same figures.
 */

/** Conversations sampled per shape for the mean conversation length (no closed form: think times and replies nest). */
export const DURATION_SAMPLE_SIZE = 400;

export interface ShapeDemand {
  readonly shape: string;
  /** Expected planned operations of one conversation (all of them are held while it runs). */
  readonly opsPerConversation: number;
  /** Mean real time from a conversation's first to its last operation, seconds (sampled). */
  readonly meanConversationSeconds: number;
  /** Highest conversation starts per real second over the played window. */
  readonly peakConversationsPerSecond: number;
}

export interface LiveDemand {
  /** Highest expected operations per real second over the played window, all shapes together. */
  readonly peakOpsPerSecond: number;
  /** Scenario-clock hour (0–24) where that peak is. */
  readonly peakPlayedHour: number;
  /** Played hours the peak was looked for in: the run and a conversation's length before it (24 or more: the whole day). */
  readonly playedHours: number;
  /** Expected conversations in progress at once at the busiest time (Little's law: rate × mean length). */
  readonly concurrentConversations: number;
  /** Planned operations those conversations hold. */
  readonly concurrentOps: number;
  /** Conversations started in the pre-roll, and their operations: generated before the first send. */
  readonly preRollConversations: number;
  readonly preRollOps: number;
  readonly shapes: readonly ShapeDemand[];
}

const QUARTER_HOUR = 0.25;

/** Played hour (unwrapped) at `atUs` of real run time. */
const playedHourAt = (scenario: ResolvedScenario, atUs: number): number =>
  scenario.clock.startHour + (usToSeconds(atUs) * dayCompression(scenario.clock)) / SECONDS_PER_HOUR;

/** Segment boundaries of [fromHour, toHour] where every curve is constant (curves step at quarter hours at the finest). */
function segments(fromHour: number, toHour: number): [number, number][] {
  const out: [number, number][] = [];
  let at = fromHour;
  while (at < toHour) {
    const next = Math.min(toHour, (Math.floor(at / QUARTER_HOUR + 1e-9) + 1) * QUARTER_HOUR);
    out.push([at, next]);
    at = next;
  }
  return out;
}

function meanConversationSeconds(scenario: ResolvedScenario, mixIndex: number): number {
  const entry = scenario.traffic.mix[mixIndex]!;
  const generate = createShapeGenerator(entry);
  let totalUs = 0;
  for (let i = 0; i < DURATION_SAMPLE_SIZE; i += 1) {
    const ops = generate(createRng(scenario.seed, STREAM.profileSample, mixIndex, i), { conversationId: i, userId: 0, startUs: 0, endUs: Number.POSITIVE_INFINITY });
    totalUs += ops.length > 0 ? ops[ops.length - 1]!.atUs : 0;
  }
  return usToSeconds(totalUs / DURATION_SAMPLE_SIZE);
}

/** Per shape: conversation starts per real second at a played hour, and ops per conversation. */
interface ShapeRates {
  readonly ratesAt: (playedHour: number) => number[];
  /** Starts per real second at multiplier 1 (a whole day's mean). */
  readonly baseRates: readonly number[];
  readonly opsPerConversation: readonly number[];
}

function shapeRates(scenario: ResolvedScenario): ShapeRates {
  const { mix } = scenario.traffic;
  const blocks = assignShapes(scenario.users, mix.map((entry) => entry.weight));
  const curves: DiurnalCurve[] = mix.map((entry) => createDiurnalCurve(entry.params.hourlyWeights, entry.params.timezones));
  const baseRates = mix.map((entry, i) => {
    const perPlayedDay = (blocks[i]?.userCount ?? 0) * entry.params.activeShare * entry.params.conversationsPerActiveUserDay * dayFactor(scenario.clock.day, entry.params.weekendFactor);
    return (perPlayedDay / SECONDS_PER_DAY) * dayCompression(scenario.clock);
  });
  const opsPerConversation = mix.map((entry) => {
    const ops = figuresOf(expectedConversation(entry)).ops;
    return OP_KINDS.reduce((sum, kind) => sum + ops[kind], 0);
  });
  const ratesAt = (hour: number) => curves.map((curve, i) => baseRates[i]! * curve.multiplierAt(((hour % 24) + 24) % 24));
  return { ratesAt, baseRates, opsPerConversation };
}

/** The busiest ops rate over [fromHour, toHour] (24 h at most: the day repeats), its hour, and each shape's busiest start rate. */
function peakOver(rates: ShapeRates, fromHour: number, toHour: number) {
  let peak = { opsPerSecond: 0, hour: fromHour };
  const conversations = rates.baseRates.map(() => 0);
  for (const [start, end] of segments(fromHour, Math.min(toHour, fromHour + 24))) {
    const starts = rates.ratesAt((start + end) / 2);
    starts.forEach((rate, i) => {
      conversations[i] = Math.max(conversations[i]!, rate);
    });
    const opsPerSecond = starts.reduce((sum, rate, i) => sum + rate * rates.opsPerConversation[i]!, 0);
    if (opsPerSecond > peak.opsPerSecond) peak = { opsPerSecond, hour: start };
  }
  return { ...peak, conversations };
}

/** Conversation starts per shape over [fromHour, toHour): a whole played day averages multiplier 1; the rest by segment. */
function startsBetween(rates: ShapeRates, fromHour: number, toHour: number, compression: number): number[] {
  const wholeDays = Math.floor((toHour - fromHour) / 24);
  const realSecondsOf = (playedHours: number) => (playedHours * SECONDS_PER_HOUR) / compression;
  const starts = rates.baseRates.map((rate) => rate * realSecondsOf(24 * wholeDays));
  for (const [start, end] of segments(fromHour + 24 * wholeDays, toHour)) {
    rates.ratesAt((start + end) / 2).forEach((rate, i) => {
      starts[i] = starts[i]! + rate * realSecondsOf(end - start);
    });
  }
  return starts;
}

export function predictLiveDemand(scenario: ResolvedScenario): LiveDemand {
  const rates = shapeRates(scenario);
  const { opsPerConversation } = rates;
  const meanSeconds = rates.baseRates.map((rate, i) => (rate > 0 ? meanConversationSeconds(scenario, i) : 0));
  // Operations sent during the run come from conversations started during it or up to about a
  // conversation's length before it: that window's busiest rate is the run's.
  const preRollUs = preRollUsOf(scenario);
  const lookBackUs = Math.min(preRollUs, secondsToUs(Math.max(0, ...meanSeconds)));
  const peakFromHour = playedHourAt(scenario, -lookBackUs);
  const toHour = playedHourAt(scenario, scenario.durationUs);
  const peak = peakOver(rates, peakFromHour, toHour);
  // Conversations exist from the pre-roll's start on: none can be older than that.
  const lifetimeCapSeconds = usToSeconds(preRollUs + scenario.durationUs);
  const shapes = scenario.traffic.mix.map((entry, i): ShapeDemand => ({
    shape: entry.shape,
    opsPerConversation: opsPerConversation[i]!,
    meanConversationSeconds: meanSeconds[i]!,
    peakConversationsPerSecond: peak.conversations[i]!,
  }));
  const concurrent = shapes.map((s) => s.peakConversationsPerSecond * Math.min(s.meanConversationSeconds, lifetimeCapSeconds));
  const preRollStarts = startsBetween(rates, playedHourAt(scenario, -preRollUs), playedHourAt(scenario, 0), dayCompression(scenario.clock));
  const total = (perShape: readonly number[], weights?: readonly number[]) => perShape.reduce((sum, n, i) => sum + n * (weights?.[i] ?? 1), 0);
  return {
    peakOpsPerSecond: peak.opsPerSecond,
    peakPlayedHour: ((peak.hour % 24) + 24) % 24,
    playedHours: toHour - peakFromHour,
    concurrentConversations: total(concurrent),
    concurrentOps: total(concurrent, opsPerConversation),
    preRollConversations: total(preRollStarts),
    preRollOps: total(preRollStarts, opsPerConversation),
    shapes,
  };
}

import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { ResolvedMixEntry } from '../scenario/traffic-schema.js';
import { SECONDS_PER_DAY } from '../units.js';
import { expectedConversation, tallyOperations } from './conversation-expectations.js';
import { createDiurnalCurve, type DiurnalCurve, dayFactor } from './diurnal-curve.js';
import { addFigures, emptyTally, figuresOf, type LoadFigures, scaleFigures } from './load-figures.js';
import type { ShapeName } from './operation.js';
import { createShapeGenerator } from './shape-generator.js';
import { assignShapes } from './population.js';
import { createRng, STREAM } from './rng.js';

/**
 * The load a scenario implies (traffic-profiles §4), per conversation, per active and per
 * enrolled user-day, for the whole population over a day and per second at the peak hour —
 * analytically (`profileScenario`) or from n sampled conversations (`sampleProfile`).
 *
 * Differences from §4's arithmetic, on purpose:
 * - §4 counts every inbound as text; here media messages carry no text, so inbound text bytes
 *   are ≈10 % (CS) / ≈13 % (chatbot) lower — under 2 % of total text bytes.
 * - Media bytes use the §3.5 size distributions (mean image ≈233 KB, CS voice ≈81 KB), not
 *   §4.3's point sizes; §4.3's media totals (87 / 141 KB) also do not follow from its own
 *   formula (which gives ≈57 / ≈115 KB), so they are not reproduced.
 * - The chatbot's 1 % outbound images ride on a text message (no extra message, §4.2) but add bytes.
 */

/** Default Cloud-API throughput of one business number [S12]. */
export const DEFAULT_THROUGHPUT_PER_SECOND = 80;

export interface ShapeProfile {
  readonly shape: ShapeName;
  readonly mixIndex: number;
  readonly weight: number;
  readonly enrolledUsers: number;
  readonly perConversation: LoadFigures;
  readonly perActiveUserDay: LoadFigures;
  readonly perEnrolledUserDay: LoadFigures;
  /** All enrolled users of this shape over one (weekday or weekend) day. */
  readonly populationDay: LoadFigures;
  readonly peak: {
    /** Scenario-clock hour of the shape's own peak, and the rate multiplier there (mean = 1). */
    readonly hour: number;
    readonly multiplier: number;
    readonly perSecond: LoadFigures;
    /** Outbound messages/s at the peak ÷ one number's throughput (> 1: one number cannot carry it). */
    readonly outboundShareOfThroughput: number;
  };
}

export interface RatioRow {
  readonly basis: string;
  readonly chatbot: number;
  readonly customerService: number;
  readonly ratio: number;
}

export interface ScenarioProfile {
  readonly method: 'analytic' | 'sampled';
  readonly sampleSize: number | undefined;
  readonly users: number;
  readonly day: 'weekday' | 'weekend';
  readonly throughputPerSecond: number;
  readonly shapes: readonly ShapeProfile[];
  /** All shapes together at the hour where their sum peaks. */
  readonly combinedPeak: { readonly hour: number; readonly perSecond: LoadFigures };
  /** general-chatbot ÷ customer-service (first entry of each), when the mix has both. */
  readonly ratios: readonly RatioRow[] | undefined;
}

export function profileScenario(scenario: ResolvedScenario): ScenarioProfile {
  return buildProfile(scenario, 'analytic', undefined, (entry) => figuresOf(expectedConversation(entry)));
}

/** The same statistics from `sampleSize` conversations per shape, drawn as the plan draws them. */
export function sampleProfile(scenario: ResolvedScenario, sampleSize: number): ScenarioProfile {
  return buildProfile(scenario, 'sampled', sampleSize, (entry, mixIndex) => {
    const generate = createShapeGenerator(entry);
    const tally = emptyTally();
    for (let i = 0; i < sampleSize; i += 1) {
      const rng = createRng(scenario.seed, STREAM.profileSample, mixIndex, i);
      tallyOperations(
        tally,
        generate(rng, { conversationId: i, userId: 0, startUs: 0, endUs: Number.POSITIVE_INFINITY }),
      );
    }
    return scaleFigures(figuresOf(tally), 1 / sampleSize);
  });
}

function buildProfile(
  scenario: ResolvedScenario,
  method: ScenarioProfile['method'],
  sampleSize: number | undefined,
  perConversationOf: (entry: ResolvedMixEntry, mixIndex: number) => LoadFigures,
): ScenarioProfile {
  const { mix } = scenario.traffic;
  const blocks = assignShapes(
    scenario.users,
    mix.map((entry) => entry.weight),
  );
  const throughputPerSecond = scenario.mock?.throughputPerSecond ?? DEFAULT_THROUGHPUT_PER_SECOND;
  const curves: DiurnalCurve[] = mix.map((entry) =>
    createDiurnalCurve(entry.params.hourlyWeights, entry.params.timezones),
  );
  const shapes = mix.map((entry, mixIndex): ShapeProfile => {
    const curve = curves[mixIndex] as DiurnalCurve;
    const enrolledUsers = blocks[mixIndex]?.userCount ?? 0;
    const perConversation = perConversationOf(entry, mixIndex);
    const conversationsPerActiveDay =
      entry.params.conversationsPerActiveUserDay * dayFactor(scenario.clock.day, entry.params.weekendFactor);
    const perActiveUserDay = scaleFigures(perConversation, conversationsPerActiveDay);
    const perEnrolledUserDay = scaleFigures(perActiveUserDay, entry.params.activeShare);
    const populationDay = scaleFigures(perEnrolledUserDay, enrolledUsers);
    const perSecond = scaleFigures(populationDay, curve.peakMultiplier / SECONDS_PER_DAY);
    return {
      shape: entry.shape,
      mixIndex,
      weight: entry.weight,
      enrolledUsers,
      perConversation,
      perActiveUserDay,
      perEnrolledUserDay,
      populationDay,
      peak: {
        hour: curve.peakHour,
        multiplier: curve.peakMultiplier,
        perSecond,
        outboundShareOfThroughput: perSecond.messagesOut / throughputPerSecond,
      },
    };
  });
  return {
    method,
    sampleSize,
    users: scenario.users,
    day: scenario.clock.day,
    throughputPerSecond,
    shapes,
    combinedPeak: combinedPeak(shapes, curves),
    ratios: ratiosOf(shapes),
  };
}

function combinedPeak(
  shapes: readonly ShapeProfile[],
  curves: readonly DiurnalCurve[],
): ScenarioProfile['combinedPeak'] {
  const atHour = (hour: number): LoadFigures =>
    shapes
      .map((shape, i) =>
        scaleFigures(shape.populationDay, (curves[i] as DiurnalCurve).multiplierAt(hour) / SECONDS_PER_DAY),
      )
      .reduce(addFigures);
  // Every curve is a step function with steps at whole local hours: time zones with quarter-hour
  // offsets are covered by checking each quarter hour.
  let best = { hour: 0, perSecond: atHour(0) };
  for (let quarter = 1; quarter < 96; quarter += 1) {
    const perSecond = atHour(quarter / 4);
    if (perSecond.messagesTotal > best.perSecond.messagesTotal + 1e-12)
      best = { hour: quarter / 4, perSecond };
  }
  return best;
}

function ratiosOf(shapes: readonly ShapeProfile[]): RatioRow[] | undefined {
  const chatbot = shapes.find((s) => s.shape === 'general-chatbot');
  const cs = shapes.find((s) => s.shape === 'customer-service');
  if (!chatbot || !cs) return undefined;
  const row = (basis: string, pick: (s: ShapeProfile) => number): RatioRow => ({
    basis,
    chatbot: pick(chatbot),
    customerService: pick(cs),
    ratio: pick(chatbot) / pick(cs),
  });
  return [
    row('messages per conversation', (s) => s.perConversation.messagesTotal),
    row('messages per active user-day', (s) => s.perActiveUserDay.messagesTotal),
    row('messages per enrolled user-day', (s) => s.perEnrolledUserDay.messagesTotal),
    row('outbound messages per active user-day', (s) => s.perActiveUserDay.messagesOut),
    row('webhooks per active user-day', (s) => s.perActiveUserDay.webhooks),
    row('text bytes per active user-day', (s) => s.perActiveUserDay.textBytes),
    row('media bytes per active user-day', (s) => s.perActiveUserDay.mediaBytes),
    row('platform bytes per active user-day', (s) => s.perActiveUserDay.platformBytes),
    row('peak-hour multiplier', (s) => s.peak.multiplier),
  ];
}

import { serviceDemandOf } from '../platform/service-demand.js';
import type { ResolvedScenario } from '../scenario/resolved-scenario.js';
import type { ReplyStyle, ResolvedMixEntry } from '../scenario/traffic-schema.js';
import type { ParameterRange } from '../traffic/parameter-ranges.js';
import { createRng, STREAM } from '../traffic/rng.js';
import { type UserDayMetric, userDayLoad } from '../traffic/user-day-load.js';

/**
 * How much the headline ratio moves over the research ranges (traffic/parameter-ranges.ts):
 * one parameter at a time, the others at the scenario's values (tornado data), and all of them
 * drawn together (a seeded Monte Carlo over the analytic profile, so thousands of draws take
 * seconds). Draws are log-uniform over [low, high] (uniform when low is 0): the ranges are
 * multiplicative uncertainties, and the research points sit near their geometric middles.
 */

/** A number computed from a scenario: the chatbot ÷ customer-service ratio of one metric, by default. */
export type Headline = (scenario: ResolvedScenario) => number;

/** Chatbot ÷ customer service per user-day of `metric`, for the scenario's (or the given) reply style. */
export function ratioHeadline(metric: UserDayMetric, basis: 'perActiveUserDay' | 'perEnrolledUserDay', replyStyle?: ReplyStyle): Headline {
  return (scenario) => {
    const load = userDayLoad(scenario, serviceDemandOf(scenario.mock.capacity).meanMsPerOp);
    const comparison = load.comparisons.find((c) => {
      const row = load.rows.find((r) => r.label === c.chatbot);
      return replyStyle === undefined ? row?.asWritten : row?.replyStyle === replyStyle;
    });
    if (comparison === undefined) throw new RangeError('the headline ratio needs a mix with customer-service and general-chatbot');
    return comparison[basis][metric];
  };
}

/** The scenario with one parameter set on every mix entry of its shape. */
export function withParameter(scenario: ResolvedScenario, range: ParameterRange, value: number): ResolvedScenario {
  const mix = scenario.traffic.mix.map((entry) => (entry.shape === range.shape ? ({ ...entry, params: range.apply(entry.params, value) } as ResolvedMixEntry) : entry));
  return { ...scenario, traffic: { mix } };
}

function baseValueOf(scenario: ResolvedScenario, range: ParameterRange): number | undefined {
  const entry = scenario.traffic.mix.find((e) => e.shape === range.shape);
  return entry === undefined ? undefined : range.read(entry.params);
}

export interface TornadoRow {
  readonly id: string;
  readonly label: string;
  readonly source: string;
  readonly base: number;
  readonly low: number;
  readonly high: number;
  /** The headline with the parameter at its low and at its high end. */
  readonly atLow: number;
  readonly atHigh: number;
  /** |atHigh − atLow|: the bar's length; rows come longest first. */
  readonly swing: number;
}

export interface Tornado {
  readonly base: number;
  readonly rows: readonly TornadoRow[];
}

/** One parameter at a time over its range; parameters of shapes the scenario lacks are skipped. */
export function tornado(scenario: ResolvedScenario, ranges: readonly ParameterRange[], headline: Headline): Tornado {
  const rows = ranges.flatMap((range): TornadoRow[] => {
    const base = baseValueOf(scenario, range);
    if (base === undefined) return [];
    const atLow = headline(withParameter(scenario, range, range.low));
    const atHigh = headline(withParameter(scenario, range, range.high));
    return [{ id: range.id, label: range.label, source: range.source, base, low: range.low, high: range.high, atLow, atHigh, swing: Math.abs(atHigh - atLow) }];
  });
  return { base: headline(scenario), rows: rows.sort((a, b) => b.swing - a.swing) };
}

export interface JointInterval {
  readonly samples: number;
  readonly seed: number;
  readonly level: number;
  readonly parameters: readonly string[];
  readonly median: number;
  readonly low: number;
  readonly high: number;
  readonly mean: number;
}

/** A draw from [low, high]: log-uniform, or uniform when low is 0. */
export function drawInRange(range: Pick<ParameterRange, 'low' | 'high'>, u: number): number {
  if (range.low > 0) return Math.exp(Math.log(range.low) + u * (Math.log(range.high) - Math.log(range.low)));
  return range.low + u * (range.high - range.low);
}

/** The central `level` interval of the headline with every range drawn together, `samples` times from `seed`. */
export function jointInterval(
  scenario: ResolvedScenario,
  ranges: readonly ParameterRange[],
  headline: Headline,
  options: { readonly samples: number; readonly seed: number; readonly level?: number },
): JointInterval {
  const level = options.level ?? 0.95;
  const used = ranges.filter((range) => baseValueOf(scenario, range) !== undefined);
  const values = new Float64Array(options.samples);
  for (let i = 0; i < options.samples; i += 1) {
    const rng = createRng(options.seed, STREAM.sensitivity, i);
    let drawn = scenario;
    for (const range of used) drawn = withParameter(drawn, range, drawInRange(range, rng.nextDouble()));
    values[i] = headline(drawn);
  }
  values.sort();
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.ceil(q * values.length) - 1))] as number;
  return {
    samples: options.samples,
    seed: options.seed,
    level,
    parameters: used.map((range) => range.id),
    median: at(0.5),
    low: at((1 - level) / 2),
    high: at((1 + level) / 2),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}

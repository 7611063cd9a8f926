import { durationTextOfUs, parseDurationUs } from '../units.js';
import { distributionIssues } from './distribution-checks.js';
import { durationIssues, givenText } from './duration-schema.js';
import type { MockSettingsInput } from './mock-schema.js';
import { DEFAULT_DURATION, type ScenarioInput, ScenarioSchema } from './scenario-schema.js';
import { parseThreshold } from './threshold-grammar.js';

/**
 * Checks a schema cannot express, in two kinds: bounds that judge only values that parse (run
 * with the schema's own errors, so every problem is reported at once), and checks that need
 * the whole scenario well-formed (run once the schema passes).
 */

export interface PathIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

type Path = readonly (string | number)[];

const recordAt = (value: unknown, key: string): Record<string, unknown> | undefined => {
  const child = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
  return child !== null && typeof child === 'object' && !Array.isArray(child) ? (child as Record<string, unknown>) : undefined;
};

/**
 * Duration ranges of the schema, and a snapshot interval no longer than the run. The interval
 * check is told against the duration when that came from the command line (`fromFlag`), since
 * then the duration is what the user just typed.
 */
export function boundIssues(input: unknown, fromFlag: (path: Path) => boolean): PathIssue[] {
  const issues: PathIssue[] = durationIssues(ScenarioSchema, input);
  const interval = recordAt(input, 'load')?.interval;
  const duration = (input as Record<string, unknown>).duration ?? DEFAULT_DURATION;
  if ((typeof interval === 'string' || typeof interval === 'number') && (typeof duration === 'string' || typeof duration === 'number')) {
    const intervalUs = parseDurationUs(interval);
    const durationUs = parseDurationUs(duration);
    if (intervalUs !== undefined && durationUs !== undefined && intervalUs > durationUs && issues.length === 0) {
      issues.push(
        fromFlag(['duration'])
          ? { path: ['duration'], message: `expected at least load.interval (${durationTextOfUs(intervalUs)}), got ${givenText(duration)}` }
          : { path: ['load', 'interval'], message: `expected at most the run's duration (${durationTextOfUs(durationUs)}), got ${givenText(interval)}` },
      );
    }
  }
  return issues;
}

/** Checks that need a well-formed scenario: target URL, distribution parameters, thresholds, the mock block. */
export function semanticIssues(input: ScenarioInput): PathIssue[] {
  const issues: PathIssue[] = [];
  if (input.target !== undefined && input.target !== 'embedded') {
    try {
      const url = new URL(input.target);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      issues.push({ path: ['target'], message: `expected "embedded" or an http(s) URL, got "${input.target}"` });
    }
  }
  input.traffic.mix.forEach((entry, index) => {
    const params = (entry.params ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(params)) {
      for (const message of distributionIssues(value)) issues.push({ path: ['traffic', 'mix', index, 'params', key], message });
    }
    const weights = params.hourlyWeights as number[] | undefined;
    if (weights && weights.reduce((a, b) => a + b, 0) <= 0) {
      issues.push({ path: ['traffic', 'mix', index, 'params', 'hourlyWeights'], message: 'expected weights that sum to more than 0' });
    }
    const zones = params.timezones as { share: number }[] | undefined;
    if (zones && zones.reduce((a, z) => a + z.share, 0) <= 0) {
      issues.push({ path: ['traffic', 'mix', index, 'params', 'timezones'], message: 'expected shares that sum to more than 0' });
    }
  });
  (input.thresholds ?? []).forEach((expression, index) => {
    const parsed = parseThreshold(expression);
    if (!parsed.ok) issues.push({ path: ['thresholds', index], message: parsed.error });
  });
  if (input.mock !== undefined) issues.push(...mockSettingsIssues(input.mock, ['mock']));
  return issues;
}

/** The mock's distributions (service times, webhook delays) and fault windows, which the platform would otherwise reject mid-run. */
export function mockSettingsIssues(mock: MockSettingsInput, prefix: Path): PathIssue[] {
  const issues: PathIssue[] = [];
  const serviceTimes = mock.capacity?.serviceTimeMs ?? {};
  for (const [kind, dist] of Object.entries(serviceTimes)) {
    for (const message of distributionIssues(dist)) issues.push({ path: [...prefix, 'capacity', 'serviceTimeMs', kind], message });
  }
  const hooks = mock.webhooks ?? {};
  for (const key of ['inboundDelayMs', 'sentDelayMs', 'deliveredDelayMs', 'readDelayMs'] as const) {
    for (const message of distributionIssues(hooks[key])) issues.push({ path: [...prefix, 'webhooks', key], message });
  }
  (mock.faults?.schedule ?? []).forEach((window, index) => {
    if (window.toMs <= window.fromMs) issues.push({ path: [...prefix, 'faults', 'schedule', index, 'toMs'], message: `expected toMs above fromMs (${window.fromMs})` });
  });
  return issues;
}

import { OP_KINDS } from '../vocabulary.js';
import { US_PER_MS, US_PER_SECOND } from '../units.js';
import { SHAPE_NAMES } from '../vocabulary.js';

/**
 * Threshold expressions, k6-style (report/thresholds.ts evaluates them against a summary).
 *
 *   threshold := [series "."] metric cmp number [unit]
 *   series    := shape "/" op | shape "/*" | "*" "/" op | shape | op      (absent: all shapes, all ops)
 *   metric    := [measure "."] stat                   measure := latency | service | lateness
 *              | "errors" ["[" code "]"]             code := Graph error code ("130429"), http_503, timeout, …
 *              | "rate" | "count"
 *   stat      := "p" number (p50, p90, p99, p99.9, p99.99) | min | mean | max
 *   cmp       := "<" | "<=" | ">" | ">="
 *   unit      := us | µs | ms | s     (latency, service, lateness: a time unit is required)
 *              | %                   (errors as a share of completed operations; without %: a count)
 *              | /s                  (rate: completed operations per second; required)
 *
 * The measure defaults to latency (from the intended send time, coordinated-omission correct).
 * Examples: `send.p99<250ms`, `general-chatbot/send.p99.9<1s`, `errors<1%`, `send.errors<0.5%`,
 * `inbound.rate>100/s`, `lateness.p99<1ms`, `errors[130429]<1%`, `customer-service.service.p50<20ms`.
 */
export interface ThresholdExpression {
  readonly source: string;
  /** The left-hand side as written, e.g. "general-chatbot/send.p99.9". */
  readonly metric: string;
  readonly op: '<' | '<=' | '>' | '>=';
  /** The number as written. */
  readonly value: number;
  /** The unit as written ("" when none). */
  readonly unit: string;
  /** Summary series key it applies to: "<shape>/<op>", "<shape>/*", "*\/<op>" or "*\/*". */
  readonly series: string;
  readonly measure: ThresholdMeasure;
  /** For time measures: the statistic. */
  readonly stat?: ThresholdStat;
  /** For `errors[code]`: the error code. */
  readonly errorCode?: string;
  /** The limit in canonical units: µs for times, a fraction (0..1) for %, per second for rates, else a count. */
  readonly limit: number;
}

export type ThresholdMeasure = 'latency' | 'service' | 'lateness' | 'errors' | 'rate' | 'count';
/** `p` statistics carry their percentile, e.g. { kind: 'percentile', percentile: 99.9 }. */
export type ThresholdStat =
  | { readonly kind: 'percentile'; readonly percentile: number }
  | { readonly kind: 'min' | 'mean' | 'max' };

export type ThresholdParse = { ok: true; value: ThresholdExpression } | { ok: false; error: string };

const THRESHOLD_RE = /^\s*(\S+?)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|%|\/s)?\s*$/;
// Two patterns, tried in order, so "lateness.p99" reads lateness as the measure, not as a series.
const MEASURED_TIME_RE = /^(?:(.*)\.)?(latency|service|lateness)\.(p(\d+(?:\.\d+)?)|min|mean|max)$/;
const PLAIN_TIME_RE = /^(?:(.*)\.)?()(p(\d+(?:\.\d+)?)|min|mean|max)$/;
const ERRORS_TAIL_RE = /^(?:(.*)\.)?errors(?:\[([A-Za-z0-9_.-]+)\])?$/;
const RATE_TAIL_RE = /^(?:(.*)\.)?(rate|count)$/;
const TIME_UNIT_US: Record<string, number> = { us: 1, µs: 1, ms: US_PER_MS, s: US_PER_SECOND };

const EXAMPLES = 'e.g. "send.p99<250ms", "errors<1%", "inbound.rate>100/s"';
const isShape = (text: string): boolean => (SHAPE_NAMES as readonly string[]).includes(text);
const isOp = (text: string): boolean => (OP_KINDS as readonly string[]).includes(text);

/** Parses one threshold; the error names what was wrong and what was expected. */
export function parseThreshold(source: string): ThresholdParse {
  const match = THRESHOLD_RE.exec(source);
  if (!match)
    return fail(
      `cannot parse threshold "${source}"; expected <metric><comparison><number><unit>, ${EXAMPLES}`,
    );
  const metric = match[1]!;
  const op = match[2] as ThresholdExpression['op'];
  const value = Number(match[3]);
  const unit = match[4] ?? '';
  const base = { source, metric, op, value, unit };

  const time = MEASURED_TIME_RE.exec(metric) ?? PLAIN_TIME_RE.exec(metric);
  if (time) {
    const series = parseSeries(time[1]);
    if (!series.ok) return fail(`threshold "${source}": ${series.error}`);
    const factor = TIME_UNIT_US[unit];
    if (factor === undefined)
      return fail(`threshold "${source}": a time needs a unit (us, ms or s), e.g. "${metric}<250ms"`);
    const percentile = time[4] === undefined ? undefined : Number(time[4]);
    if (percentile !== undefined && !(percentile > 0 && percentile <= 100)) {
      return fail(`threshold "${source}": percentile ${percentile} is outside (0, 100]`);
    }
    const stat: ThresholdStat =
      percentile === undefined
        ? { kind: time[3] as 'min' | 'mean' | 'max' }
        : { kind: 'percentile', percentile };
    const measure = (time[2] || 'latency') as ThresholdMeasure;
    return { ok: true, value: { ...base, series: series.key, measure, stat, limit: value * factor } };
  }

  const errors = ERRORS_TAIL_RE.exec(metric);
  if (errors) {
    const series = parseSeries(errors[1]);
    if (!series.ok) return fail(`threshold "${source}": ${series.error}`);
    if (unit !== '' && unit !== '%')
      return fail(`threshold "${source}": errors take a share in % (e.g. "errors<1%") or a plain count`);
    if (unit === '%' && value > 100) return fail(`threshold "${source}": a share cannot exceed 100%`);
    const limit = unit === '%' ? value / 100 : value;
    const code = errors[2] === undefined ? {} : { errorCode: errors[2] };
    return { ok: true, value: { ...base, series: series.key, measure: 'errors', ...code, limit } };
  }

  const rate = RATE_TAIL_RE.exec(metric);
  if (rate) {
    const series = parseSeries(rate[1]);
    if (!series.ok) return fail(`threshold "${source}": ${series.error}`);
    const measure = rate[2] as 'rate' | 'count';
    if (measure === 'rate' && unit !== '/s')
      return fail(`threshold "${source}": a rate needs the unit /s, e.g. "${metric}>100/s"`);
    if (measure === 'count' && unit !== '') return fail(`threshold "${source}": a count takes no unit`);
    return { ok: true, value: { ...base, series: series.key, measure, limit: value } };
  }

  return fail(
    `threshold "${source}": unknown metric "${metric}"; expected [series.]p99 (or p50, p99.9, min, mean, max, ` +
      `optionally after latency., service. or lateness.), [series.]errors, errors[code], [series.]rate or [series.]count`,
  );
}

type SeriesParse = { ok: true; key: string } | { ok: false; error: string };

/** "send" → "*\/send", "general-chatbot" → "general-chatbot/*", "general-chatbot/send" as is, absent → "*\/*". */
function parseSeries(text: string | undefined): SeriesParse {
  if (text === undefined || text === '' || text === '*' || text === '*/*') return { ok: true, key: '*/*' };
  const slash = text.indexOf('/');
  if (slash < 0) {
    if (isOp(text)) return { ok: true, key: `*/${text}` };
    if (isShape(text)) return { ok: true, key: `${text}/*` };
    return {
      ok: false,
      error: `"${text}" is neither an operation (${OP_KINDS.join(', ')}) nor a shape (${SHAPE_NAMES.join(', ')})`,
    };
  }
  const shape = text.slice(0, slash);
  const op = text.slice(slash + 1);
  if (shape !== '*' && !isShape(shape))
    return { ok: false, error: `unknown shape "${shape}"; expected ${SHAPE_NAMES.join(' or ')}` };
  if (op !== '*' && !isOp(op))
    return { ok: false, error: `unknown operation "${op}"; expected one of ${OP_KINDS.join(', ')}` };
  return { ok: true, key: `${shape}/${op}` };
}

function fail(error: string): ThresholdParse {
  return { ok: false, error };
}

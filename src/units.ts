/**
 * Every time conversion in chatload lives here, so a unit mix-up has one place to hide
 * (autocannon's expected-interval bug came from conversions spread over files).
 * Internally time is microseconds on one monotonic clock; names carry their unit.
 */

export const US_PER_MS = 1_000;
export const US_PER_SECOND = 1_000_000;
export const MS_PER_SECOND = 1_000;
export const SECONDS_PER_HOUR = 3_600;
export const SECONDS_PER_DAY = 86_400;
export const US_PER_HOUR = SECONDS_PER_HOUR * US_PER_SECOND;
export const US_PER_DAY = SECONDS_PER_DAY * US_PER_SECOND;

export const NS_PER_US = 1_000;
export const msToUs = (ms: number): number => ms * US_PER_MS;
export const nsToUs = (ns: number): number => ns / NS_PER_US;
export const usToMs = (us: number): number => us / US_PER_MS;
export const secondsToUs = (seconds: number): number => seconds * US_PER_SECOND;
export const usToSeconds = (us: number): number => us / US_PER_SECOND;
export const secondsToMs = (seconds: number): number => seconds * MS_PER_SECOND;
export const msToSeconds = (ms: number): number => ms / MS_PER_SECOND;
export const hoursToUs = (hours: number): number => hours * US_PER_HOUR;
export const usToHours = (us: number): number => us / US_PER_HOUR;
/** Graph timestamps are whole Unix seconds, as text. */
export const unixSecondsText = (epochMs: number): string => String(Math.floor(epochMs / MS_PER_SECOND));

/**
 * Monotonic clock in microseconds. `process.hrtime` is CLOCK_MONOTONIC, shared by every
 * worker thread of the process (unlike `performance.now()`, whose origin is per thread),
 * so intended times computed in the coordinator are comparable in workers.
 */
export function monotonicNowUs(): number {
  const [seconds, nanos] = process.hrtime();
  return seconds * US_PER_SECOND + nanos / 1_000;
}

const DURATION_RE = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h|d)?\s*$/;
const UNIT_TO_US: Record<string, number> = {
  us: 1,
  µs: 1,
  ms: US_PER_MS,
  s: US_PER_SECOND,
  m: 60 * US_PER_SECOND,
  h: US_PER_HOUR,
  d: US_PER_DAY,
};

/** Parses "250ms", "30s", "1m", "1.5h", "2d"; a bare number is seconds. Returns µs or undefined. */
export function parseDurationUs(text: string | number): number | undefined {
  if (typeof text === 'number') return Number.isFinite(text) && text >= 0 ? secondsToUs(text) : undefined;
  const match = DURATION_RE.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  const unit = match[2] ?? 's';
  const factor = UNIT_TO_US[unit];
  return factor === undefined ? undefined : value * factor;
}

/**
 * A duration in µs as the shortest text `parseDurationUs` reads back exactly: "1ms", "30d",
 * "10m", "1us" (limits and defaults in messages are written the way a user would type them).
 */
export function durationTextOfUs(us: number): string {
  if (us === 0) return '0s';
  for (const unit of ['d', 'h', 'm', 's', 'ms'] as const) {
    const factor = UNIT_TO_US[unit] as number;
    if (us >= factor && us % factor === 0) return `${us / factor}${unit}`;
  }
  return `${us}us`;
}

/** Human text for a duration in µs: "850µs", "12.3ms", "4.20s", "3m05s", "24h00m". */
export function formatDurationUs(us: number): string {
  if (!Number.isFinite(us)) return String(us);
  if (us < US_PER_MS) return `${Math.round(us)}µs`;
  if (us < US_PER_SECOND) return `${(us / US_PER_MS).toFixed(us < 10 * US_PER_MS ? 2 : 1)}ms`;
  if (us < 60 * US_PER_SECOND) return `${(us / US_PER_SECOND).toFixed(2)}s`;
  const totalSeconds = Math.round(us / US_PER_SECOND);
  if (totalSeconds < SECONDS_PER_HOUR) return `${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)}h${String(totalMinutes % 60).padStart(2, '0')}m`;
}

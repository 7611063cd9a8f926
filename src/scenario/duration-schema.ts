import { KindGuard, type TSchema, Type } from '@sinclair/typebox';
import { durationTextOfUs, parseDurationUs } from '../units.js';

/**
 * Durations in scenario files ("30s", "2m", a bare number of seconds), each with the range
 * chatload can honour, kept on the schema itself so the schema stays the one place that says
 * what a field accepts. TypeBox cannot compare a parsed string with a bound, so the range is a
 * custom keyword that `durationIssues` reads, walking the same schema as the value.
 */

const RANGE_KEY = 'chatloadDurationRangeUs';

export interface DurationRange {
  readonly minUs: number;
  readonly maxUs: number;
}

/** "a duration from 1ms to 30d" */
export const rangeText = (range: DurationRange): string =>
  `a duration from ${durationTextOfUs(range.minUs)} to ${durationTextOfUs(range.maxUs)}`;

/** A duration field accepting `range` (inclusive); `example` goes into the message, e.g. "30s or 2m". */
export function Duration(range: DurationRange, example: string) {
  return Type.Union(
    [Type.String({ pattern: '^\\s*\\d+(\\.\\d+)?\\s*(us|µs|ms|s|m|h|d)?\\s*$' }), Type.Number({ minimum: 0 })],
    { description: `${rangeText(range)}, such as ${example}`, [RANGE_KEY]: range },
  );
}

function rangeOf(schema: TSchema): DurationRange | undefined {
  return (schema as Record<string, unknown>)[RANGE_KEY] as DurationRange | undefined;
}

/** How a user wrote a duration, for "got …": text as written, a bare number as seconds. */
export const givenText = (value: unknown): string => (typeof value === 'number' ? `${value} (seconds)` : String(value));

export interface DurationIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * Every duration in `value` outside its schema's range. Values of the wrong type are left to
 * the schema's own errors; this only judges what parses.
 */
export function durationIssues(schema: TSchema, value: unknown, path: readonly (string | number)[] = []): DurationIssue[] {
  const range = rangeOf(schema);
  if (range !== undefined) {
    if (typeof value !== 'string' && typeof value !== 'number') return [];
    const us = parseDurationUs(value);
    if (us === undefined || (us >= range.minUs && us <= range.maxUs)) return [];
    return [{ path, message: `expected ${rangeText(range)}, got ${givenText(value)}` }];
  }
  // `auto` or a duration (clock.preRoll): the duration member carries the range.
  if (KindGuard.IsUnion(schema)) {
    const ranged = schema.anyOf.find((member) => rangeOf(member) !== undefined);
    return ranged === undefined ? [] : durationIssues(ranged, value, path);
  }
  if (!KindGuard.IsObject(schema) || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  const record = value as Record<string, unknown>;
  return Object.entries(schema.properties).flatMap(([key, property]) =>
    Object.hasOwn(record, key) ? durationIssues(property, record[key], [...path, key]) : [],
  );
}

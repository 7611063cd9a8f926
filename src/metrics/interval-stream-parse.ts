import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ChatloadError, type InputIssue } from '../errors.js';
import {
  INTERVAL_STREAM_VERSION,
  type IntervalCloseRecord,
  type IntervalStreamEnd,
  type IntervalStreamHeader,
  type IntervalStreamRecord,
  RECORD_SCHEMAS,
  type SeriesRecord,
} from './interval-stream-schema.js';

/** A whole interval: its closing line and the series lines before it. */
export interface StreamInterval {
  readonly close: IntervalCloseRecord;
  readonly series: readonly SeriesRecord[];
}

export interface ParsedIntervalStream {
  readonly header: IntervalStreamHeader;
  /** Whole intervals, in index order. */
  readonly intervals: readonly StreamInterval[];
  /** Series lines after the last closing line: an interval the writer did not finish (a crash). */
  readonly unclosed: readonly SeriesRecord[];
  /** Absent when the writer stopped before the run ended. */
  readonly end: IntervalStreamEnd | undefined;
  /** The last line was cut off (no newline and not JSON): the writer was killed mid-line. */
  readonly truncatedTail: boolean;
}

const CHECKERS = {
  header: TypeCompiler.Compile(RECORD_SCHEMAS.header),
  series: TypeCompiler.Compile(RECORD_SCHEMAS.series),
  interval: TypeCompiler.Compile(RECORD_SCHEMAS.interval),
  end: TypeCompiler.Compile(RECORD_SCHEMAS.end),
};
const KINDS = Object.keys(CHECKERS) as (keyof typeof CHECKERS)[];
const MAX_ISSUES = 50;

const isKind = (kind: unknown): kind is keyof typeof CHECKERS => typeof kind === 'string' && kind in CHECKERS;

/**
 * Reads an interval stream, checking each line against the schema (compiled once) and the
 * stream's order: a header first, each interval's series lines closed by its interval line,
 * nothing after the end line. Every problem is reported at once with its line number. A last
 * line without a newline that is not JSON is taken as cut off by a killed writer, not an error.
 */
export function parseIntervalStream(text: string, file = 'intervals.ndjson'): ParsedIntervalStream {
  const lines = text.split('\n');
  const hasTail = !text.endsWith('\n');
  if (!hasTail) lines.pop();
  const state = new StreamState(file);
  let truncatedTail = false;
  for (const [i, line] of lines.entries()) {
    if (line.trim() === '') continue;
    const lineNumber = i + 1;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (hasTail && i === lines.length - 1) truncatedTail = true;
      else state.issue(lineNumber, '', `not valid JSON (${(error as Error).message})`);
      continue;
    }
    const record = checkedRecord(value, lineNumber, state);
    if (record) state.accept(record, lineNumber);
    if (state.tooMany) break;
  }
  return state.result(truncatedTail);
}

function checkedRecord(value: unknown, lineNumber: number, state: StreamState): IntervalStreamRecord | undefined {
  const kind = typeof value === 'object' && value !== null && 'kind' in value ? value.kind : undefined;
  if (!isKind(kind)) {
    state.issue(lineNumber, 'kind', `expected one of ${KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
    return undefined;
  }
  if (kind === 'header' && typeof value === 'object' && value !== null && 'version' in value && value.version !== INTERVAL_STREAM_VERSION) {
    state.issue(lineNumber, 'version', `version ${JSON.stringify(value.version)}; this chatload reads version ${INTERVAL_STREAM_VERSION}`);
    return undefined;
  }
  const checker = CHECKERS[kind];
  if (checker.Check(value)) return value;
  for (const error of checker.Errors(value)) {
    state.issue(lineNumber, error.path.slice(1).replaceAll('/', '.'), error.message.charAt(0).toLowerCase() + error.message.slice(1));
  }
  return undefined;
}

/** The order rules, applied line by line; problems are collected, not thrown one by one. */
class StreamState {
  readonly #file: string;
  readonly #issues: InputIssue[] = [];
  #header: IntervalStreamHeader | undefined;
  #end: IntervalStreamEnd | undefined;
  readonly #intervals: StreamInterval[] = [];
  #pending: SeriesRecord[] = [];

  constructor(file: string) {
    this.#file = file;
  }

  get tooMany(): boolean {
    return this.#issues.length >= MAX_ISSUES;
  }

  issue(line: number, field: string, message: string): void {
    this.#issues.push({ file: this.#file, line, field, message });
  }

  accept(record: IntervalStreamRecord, line: number): void {
    if (record.kind !== 'header' && this.#header === undefined) {
      this.issue(line, 'kind', 'the first record must be the header');
      return;
    }
    if (this.#end !== undefined) {
      this.issue(line, 'kind', `a ${record.kind} line after the end line`);
      return;
    }
    switch (record.kind) {
      case 'header':
        if (this.#header === undefined) this.#header = record;
        else this.issue(line, 'kind', 'a second header');
        return;
      case 'series':
        this.#series(record, line);
        return;
      case 'interval':
        this.#close(record, line);
        return;
      case 'end':
        if (this.#pending.length > 0) this.issue(line, 'kind', `interval ${this.#pending[0]?.index} has series lines but no closing line`);
        if (record.intervals !== this.#intervals.length) {
          this.issue(line, 'intervals', `says ${record.intervals} intervals; the stream closed ${this.#intervals.length}`);
        }
        this.#end = record;
        return;
    }
  }

  #series(record: SeriesRecord, line: number): void {
    this.#checkPlace(record, line);
    const open = this.#pending[0];
    if (open !== undefined && open.index !== record.index) {
      this.issue(line, 'index', `series line of interval ${record.index} while interval ${open.index} is not closed`);
      return;
    }
    if (this.#pending.some((pending) => pending.series === record.series)) {
      this.issue(line, 'series', `${record.series} appears twice in interval ${record.index}`);
      return;
    }
    this.#pending.push(record);
  }

  #close(record: IntervalCloseRecord, line: number): void {
    this.#checkPlace(record, line);
    const mismatched = this.#pending.find((pending) => pending.index !== record.index);
    if (mismatched) this.issue(line, 'index', `closes interval ${record.index} but the series lines before it are of interval ${mismatched.index}`);
    else if (this.#pending.length !== record.seriesCount) {
      this.issue(line, 'seriesCount', `says ${record.seriesCount} series lines; ${this.#pending.length} precede it`);
    }
    this.#intervals.push({ close: record, series: this.#pending });
    this.#pending = [];
  }

  /** An interval's place follows from its index and the header's interval length. */
  #checkPlace(record: SeriesRecord | IntervalCloseRecord, line: number): void {
    const last = this.#intervals.at(-1)?.close.index;
    if (last !== undefined && record.index <= last) this.issue(line, 'index', `interval ${record.index} comes after interval ${last}`);
    const intervalUs = this.#header?.intervalUs ?? 0;
    if (record.startUs !== record.index * intervalUs || record.endUs !== record.startUs + intervalUs) {
      this.issue(line, 'startUs', `interval ${record.index} of ${intervalUs} µs must span [${record.index * intervalUs}, ${(record.index + 1) * intervalUs})`);
    }
  }

  result(truncatedTail: boolean): ParsedIntervalStream {
    if (this.#header === undefined && this.#issues.length === 0) this.issue(1, '', 'the stream is empty: expected a header line');
    if (this.#issues.length > 0 || this.#header === undefined) {
      const more = this.tooMany ? ` (stopped after the first ${MAX_ISSUES})` : '';
      throw new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${this.#file} is not a valid interval stream: ${this.#issues.length} problem(s)${more}`, {
        issues: this.#issues,
      });
    }
    return { header: this.#header, intervals: this.#intervals, unclosed: this.#pending, end: this.#end, truncatedTail };
  }
}

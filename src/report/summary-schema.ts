import type { MachineInfo } from '../metrics/run-result.js';
import type { OpKind, ShapeName } from '../traffic/operation.js';

/** Version of summary.json; bump on any incompatible change, readers check it. */
export const SUMMARY_SCHEMA_VERSION = 1;

/** Percentiles of one histogram, in microseconds. */
export interface PercentilesUs {
  readonly count: number;
  readonly min: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

/** Encoded HDR histograms (compressed base64, µs) so readers can merge exactly, never average percentiles. */
export interface EncodedHistograms {
  readonly latency: string;
  readonly service: string;
  readonly lateness: string;
}

export interface SeriesSummary {
  /** "<shape>/<op>", or "<shape>/*" for a shape's total, or "*\/<op>" for an op over all shapes. */
  readonly key: string;
  readonly shape: ShapeName | '*';
  readonly op: OpKind | '*';
  readonly sent: number;
  /** Conversations whose first operation was sent in the run (pre-rolled ones started before it). Absent in older files. */
  readonly conversationsStarted?: number;
  readonly count: number;
  readonly errors: number;
  readonly errorsByCode: Readonly<Record<string, number>>;
  /** Completed operations per second of elapsed run time. */
  readonly ratePerSecond: number;
  readonly errorShare: number;
  readonly bytesSent: number;
  readonly bytesReceived: number;
  /** Latency from the intended send time (coordinated-omission correct). */
  readonly latencyUs: PercentilesUs;
  /** Service time from the actual send. */
  readonly serviceUs: PercentilesUs;
  /** Generator lateness: actual send − intended time. */
  readonly latenessUs: PercentilesUs;
  readonly histograms: EncodedHistograms;
}

export interface ThresholdVerdict {
  readonly source: string;
  readonly metric: string;
  /** Measured value in the threshold's unit. */
  readonly actual: number | null;
  readonly limit: number;
  readonly unit: string;
  readonly pass: boolean;
  /** In words: "send.p99 was 312ms, 62ms over the 250ms limit". */
  readonly detail: string;
}

/** Webhook load of one traffic shape ("?" = wa_id of no user of the run, "*" = all). */
export interface WebhookShapeSummary {
  readonly shape: string;
  /** POSTs carrying at least one of the shape's updates (one batch may serve several shapes). */
  readonly posts: number;
  readonly updates: number;
  readonly updatesPerSecond: number;
  readonly messages: number;
  readonly statuses: Readonly<Record<'sent' | 'delivered' | 'read' | 'failed', number>>;
  /** Body bytes, a mixed batch's split over shapes by share of updates. */
  readonly bytes: number;
  /** Updates in POSTs whose signature did not verify. */
  readonly signatureFailures: number;
  /** Messages by pricing, once per message from its `sent` status. */
  readonly billable: number;
  readonly free: number;
  readonly pricing: Readonly<Record<string, { readonly billable: number; readonly free: number }>>;
  readonly pricingTypes: Readonly<Record<string, number>>;
  readonly delayUs: PercentilesUs;
  readonly delayUnmeasured: number;
  /** Encoded HDR histogram of the delay (µs), for exact merges. */
  readonly delayHistogram: string;
}

export interface WebhookSummary {
  /** False with `--target` (the platform's webhooks go wherever it sends them) or with webhooks off. */
  readonly measured: boolean;
  readonly note: string;
  /** What the delay measures, in words. */
  readonly delayFrom: string | null;
  readonly posts: number;
  readonly bytes: number;
  readonly rejectedPosts: number;
  readonly malformedPosts: number;
  readonly shapes: readonly WebhookShapeSummary[];
  readonly total: WebhookShapeSummary | null;
}

export interface SummaryJson {
  readonly schemaVersion: typeof SUMMARY_SCHEMA_VERSION;
  readonly runId: string;
  readonly toolVersion: string;
  readonly startedAt: string;
  readonly elapsedSeconds: number;
  readonly plannedDurationSeconds: number;
  readonly interrupted: boolean;
  readonly machine: MachineInfo;
  readonly workers: number;
  readonly target: { readonly url: string; readonly embeddedMock: boolean };
  /** The resolved scenario, seed included, so the run can be made again. */
  readonly scenario: unknown;
  readonly intervalSeconds: number;
  /** Per (shape, op), then per shape over its ops ("<shape>/*"), then per op over shapes ("*\/<op>"), then all ("*\/*"). */
  readonly series: readonly SeriesSummary[];
  readonly thresholds: readonly ThresholdVerdict[];
  readonly platformStats: unknown;
  /** Webhook load per shape, as the run's receiver counted it (absent in older summaries). */
  readonly webhooks?: WebhookSummary;
  readonly warnings: readonly string[];
}

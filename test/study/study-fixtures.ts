import type { PointMeasure, ShapeMeasure } from '../../src/study/point-measure.js';
import { OP_KINDS, type OpKind, type ShapeName } from '../../src/vocabulary.js';

const percentiles = (p99Us = 0) => ({ count: 0, min: 0, mean: p99Us / 2, p50: p99Us / 2, p90: p99Us, p99: p99Us, p999: p99Us, max: p99Us });

/** A run's measure by hand: one shape, the counts given, everything else zero. */
export function measureOf(options: {
  readonly shape?: ShapeName;
  readonly sent?: Partial<Record<OpKind, number>>;
  readonly errorsByCode?: Record<string, number>;
  readonly elapsedUs?: number;
  readonly inboundQueued?: number;
  readonly inboundDropped?: number;
  readonly inboundMaxWaitUs?: number;
  readonly sojournP99Us?: number;
  readonly busyUs?: number;
  /** Slot services and their summed wait (default: one service per operation, no wait). */
  readonly served?: number;
  readonly queuedUs?: number;
  readonly interrupted?: boolean;
}): PointMeasure {
  const sent = Object.fromEntries(OP_KINDS.map((k) => [k, options.sent?.[k] ?? 0])) as Record<OpKind, number>;
  const completed = OP_KINDS.reduce((n, k) => n + sent[k], 0);
  const errorsByCode = options.errorsByCode ?? {};
  const errors = Object.values(errorsByCode).reduce((a, b) => a + b, 0);
  const shape: ShapeMeasure = {
    shape: options.shape ?? 'general-chatbot',
    sent,
    completed,
    errors,
    errorsByCode,
    conversations: 0,
    bytesSent: 0,
    bytesReceived: 0,
    mediaBytesReceived: 0,
    webhookUpdates: 0,
    webhookBytes: 0,
    latencyUs: percentiles(options.sojournP99Us),
    sojournUs: percentiles(options.sojournP99Us),
  };
  return {
    elapsedUs: options.elapsedUs ?? 60_000_000,
    interrupted: options.interrupted ?? false,
    shapes: [shape],
    all: { completed, errors, errorsByCode, latencyUs: shape.latencyUs, sojournUs: shape.sojournUs },
    platform: {
      slots: 1,
      served: options.served ?? completed,
      busyUs: options.busyUs ?? 0,
      queuedUs: options.queuedUs ?? 0,
      maxQueueDepth: 0,
      overloadRefused: 0,
      quotaRefused: errorsByCode['130429'] ?? 0,
      inboundQueued: options.inboundQueued ?? 0,
      inboundDropped: options.inboundDropped ?? 0,
      inboundMaxWaitUs: options.inboundMaxWaitUs ?? 0,
      errors: errorsByCode,
    },
  };
}

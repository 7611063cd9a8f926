import type { HistogramCounts } from '../metrics/hdr-settings.js';
import type { PlatformStats } from '../platform/platform-stats.js';
import type { MockSettings } from '../scenario/mock-schema.js';

/**
 * The one message file for the embedded mock's thread boundary (issue 9: the mock runs apart
 * from the coordinator's merges and the webhook receiver, so neither adds to the other's latency).
 */
export interface MockThreadData {
  readonly settings: MockSettings;
  readonly host: string;
}

/** Run → mock thread. */
export type ToMockThread =
  /** The run starts: report this thread's event-loop delay per interval from `startAtUs` on (the measurement floor). */
  | { readonly kind: 'floor-start'; readonly startAtUs: number; readonly intervalUs: number }
  /** The load is over: report the interval under way, then `floor-stopped`. */
  | { readonly kind: 'floor-stop' }
  | { readonly kind: 'stop' };

/** Mock thread → run. */
export type FromMockThread =
  | { readonly kind: 'listening'; readonly url: string }
  /** This thread's event-loop delay over interval `index` (its HDR buckets, µs). */
  | { readonly kind: 'floor'; readonly index: number; readonly delayUs: HistogramCounts }
  /** The last `floor` message was sent. */
  | { readonly kind: 'floor-stopped' }
  /** Delivery has drained and the server is closed: the platform's final figures. */
  | { readonly kind: 'stopped'; readonly stats: PlatformStats }
  | { readonly kind: 'failed'; readonly message: string };

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
export type ToMockThread = { readonly kind: 'stop' };

/** Mock thread → run. */
export type FromMockThread =
  | { readonly kind: 'listening'; readonly url: string }
  /** Delivery has drained and the server is closed: the platform's final figures. */
  | { readonly kind: 'stopped'; readonly stats: PlatformStats }
  | { readonly kind: 'failed'; readonly message: string };

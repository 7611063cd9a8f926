import type { Distribution } from '../scenario/distribution-schema.js';
import { msToUs } from '../units.js';
import { makeSampler, type Sampler, type Uniform01 } from './distribution-sampler.js';

/**
 * When the platform tells the business's webhook what happened (research §4.6, §5): a
 * `messages` update per user message; per business message `sent`, then `delivered` — or
 * `failed` for an asynchronous failure — then `read` with some probability, each after a
 * modelled delay from the previous. Numbers only: the mock turns a plan into timed JSON, the
 * sim into tallies, and both draw the same delays from the same named stream.
 */
export interface FanoutSettings {
  readonly inboundDelayMs?: Distribution;
  readonly sentDelayMs?: Distribution;
  readonly deliveredDelayMs?: Distribution;
  readonly readDelayMs?: Distribution;
  readonly readProbability: number;
  /** Shares of accepted business messages that fail after `sent` (a `failed` status with Meta's error object). */
  readonly asyncFailures?: readonly AsyncFailure[];
}

export interface AsyncFailure {
  /** 131026 undeliverable, 131049 marketing limits (marketing templates only), 131047 asynchronous re-engagement. */
  readonly code: number;
  readonly share: number;
}

/** estimate: Meta publishes no delays; a few ms for the message webhook, tens of ms to `sent`, then the user's phone. */
export const DEFAULT_DELAYS_MS = {
  inbound: { dist: 'constant', value: 5 },
  sent: { dist: 'constant', value: 20 },
  delivered: { dist: 'exponential', mean: 300 },
  read: { dist: 'exponential', mean: 3000 },
} as const satisfies Record<string, Distribution>;

/** Only marketing messages can hit Meta's per-user marketing limit. */
export const MARKETING_ONLY_FAILURE = 131049;

/** The statuses of one accepted business message, as delays from its acceptance (µs; −1 = none). */
export interface OutboundPlan {
  sentAfterUs: number;
  deliveredAfterUs: number;
  failedAfterUs: number;
  /** Graph code of the asynchronous failure when `failedAfterUs` ≥ 0. */
  failureCode: number;
  readAfterUs: number;
}

export function emptyOutboundPlan(): OutboundPlan {
  return { sentAfterUs: 0, deliveredAfterUs: -1, failedAfterUs: -1, failureCode: 0, readAfterUs: -1 };
}

export class WebhookPlanner {
  readonly #inboundDelay: Sampler;
  readonly #sentDelay: Sampler;
  readonly #deliveredDelay: Sampler;
  readonly #readDelay: Sampler;
  readonly #readProbability: number;
  readonly #failures: readonly AsyncFailure[];
  readonly #random: Uniform01;

  constructor(settings: FanoutSettings, random: Uniform01) {
    this.#random = random;
    this.#inboundDelay = makeSampler(settings.inboundDelayMs ?? DEFAULT_DELAYS_MS.inbound, random);
    this.#sentDelay = makeSampler(settings.sentDelayMs ?? DEFAULT_DELAYS_MS.sent, random);
    this.#deliveredDelay = makeSampler(settings.deliveredDelayMs ?? DEFAULT_DELAYS_MS.delivered, random);
    this.#readDelay = makeSampler(settings.readDelayMs ?? DEFAULT_DELAYS_MS.read, random);
    this.#readProbability = settings.readProbability;
    this.#failures = (settings.asyncFailures ?? []).filter((f) => f.share > 0);
  }

  /** µs from a user message's acceptance (and its quota release) to its `messages` update. */
  inboundDelayUs(): number {
    return delayUs(this.#inboundDelay());
  }

  /** Fills `plan` for one accepted business message; a reaction gets only `sent`. */
  planOutbound(plan: OutboundPlan, onlySent: boolean, marketing: boolean): void {
    plan.sentAfterUs = delayUs(this.#sentDelay());
    plan.deliveredAfterUs = -1;
    plan.failedAfterUs = -1;
    plan.failureCode = 0;
    plan.readAfterUs = -1;
    if (onlySent) return;
    const nextUs = plan.sentAfterUs + delayUs(this.#deliveredDelay());
    const failure = this.#failures.length === 0 ? 0 : this.#drawFailure(marketing);
    if (failure !== 0) {
      plan.failedAfterUs = nextUs;
      plan.failureCode = failure;
      return;
    }
    plan.deliveredAfterUs = nextUs;
    if (this.#random() < this.#readProbability) plan.readAfterUs = nextUs + delayUs(this.#readDelay());
  }

  /** One draw decides among the configured failures (their shares stacked), 0 = delivered. */
  #drawFailure(marketing: boolean): number {
    const u = this.#random();
    let cumulative = 0;
    for (const failure of this.#failures) {
      if (failure.code === MARKETING_ONLY_FAILURE && !marketing) continue;
      cumulative += failure.share;
      if (u < cumulative) return failure.code;
    }
    return 0;
  }
}

const delayUs = (ms: number): number => Math.round(msToUs(Math.max(0, ms)));

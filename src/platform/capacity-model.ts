import type { Distribution } from '../scenario/distribution-schema.js';
import { makeSampler, type Sampler, seededUniform } from './distribution-sampler.js';

/**
 * The platform's capacity: `slots` servers working in parallel (c of M/M/c), a FIFO queue of at
 * most `queueLimit` waiting requests, and a service time drawn per operation kind, plus a cost
 * per KiB of payload. Time is simulated through the injected scheduler (timers in the mock, an
 * event heap in the sim), so the modelled capacity saturates, not the CPU.
 */
export interface CapacityScheduler {
  nowUs(): number;
  /** Calls `callback` after `delayUs` of (real or virtual) time. */
  after(delayUs: number, callback: () => void): void;
}

export interface CapacitySettings {
  readonly slots: number;
  readonly queueLimit: number;
  /** Service time (ms) per op kind; `default` for kinds not listed; absent = 0 ms. */
  readonly serviceTimeMs?: Readonly<Record<string, Distribution>>;
  readonly perKiBMs: number;
  readonly seed: number;
}

export interface ServiceOutcome {
  /** Time spent waiting for a slot. */
  readonly queuedUs: number;
  /** Time in a slot (the sampled service time). */
  readonly serviceUs: number;
}

type Done = (outcome: ServiceOutcome) => void;

interface Waiting {
  readonly opKind: string;
  readonly payloadBytes: number;
  readonly enqueuedUs: number;
  readonly done: Done;
}

const ZERO = (): number => 0;

export class CapacityModel {
  private readonly samplers = new Map<string, Sampler>();
  private readonly defaultSampler: Sampler;
  private readonly waiting: (Waiting | undefined)[] = [];
  private head = 0;
  private busy = 0;
  private maxQueued = 0;

  constructor(
    private readonly settings: CapacitySettings,
    private readonly scheduler: CapacityScheduler,
  ) {
    const random = seededUniform(settings.seed);
    for (const [kind, dist] of Object.entries(settings.serviceTimeMs ?? {})) {
      if (kind !== 'default') this.samplers.set(kind, makeSampler(dist, random));
    }
    const fallback = settings.serviceTimeMs?.default;
    this.defaultSampler = fallback === undefined ? ZERO : makeSampler(fallback, random);
  }

  get inService(): number {
    return this.busy;
  }

  get queueDepth(): number {
    return this.waiting.length - this.head;
  }

  get maxQueueDepth(): number {
    return this.maxQueued;
  }

  /** Whether `submit` would admit a request now (a slot or a queue place is free). */
  canAdmit(): boolean {
    return this.busy < this.settings.slots || this.queueDepth < this.settings.queueLimit;
  }

  /**
   * Admits one request. Returns false when every slot is busy and the queue is full (the caller
   * answers "overloaded"); otherwise `done` is called once service ends — synchronously when the
   * service time is zero and a slot is free, so a zero-cost model adds no timer.
   */
  submit(opKind: string, payloadBytes: number, done: Done): boolean {
    if (this.busy < this.settings.slots) {
      this.busy += 1;
      this.serve(opKind, payloadBytes, 0, done);
      return true;
    }
    if (this.queueDepth >= this.settings.queueLimit) return false;
    this.waiting.push({ opKind, payloadBytes, enqueuedUs: this.scheduler.nowUs(), done });
    if (this.queueDepth > this.maxQueued) this.maxQueued = this.queueDepth;
    return true;
  }

  /** Service time in µs for one request of this kind and size. */
  sampleServiceUs(opKind: string, payloadBytes: number): number {
    const sampler = this.samplers.get(opKind) ?? this.defaultSampler;
    const ms = Math.max(0, sampler()) + (this.settings.perKiBMs * payloadBytes) / 1024;
    return ms * 1000;
  }

  private serve(opKind: string, payloadBytes: number, queuedUs: number, done: Done): void {
    const serviceUs = this.sampleServiceUs(opKind, payloadBytes);
    if (serviceUs <= 0) {
      this.finish();
      done({ queuedUs, serviceUs: 0 });
      return;
    }
    this.scheduler.after(serviceUs, () => {
      this.finish();
      done({ queuedUs, serviceUs });
    });
  }

  /** Frees the slot and hands it to the queue; a loop, not recursion, for zero-cost waiters. */
  private finish(): void {
    for (;;) {
      const next = this.dequeue();
      if (next === undefined) {
        this.busy -= 1;
        return;
      }
      const queuedUs = this.scheduler.nowUs() - next.enqueuedUs;
      const serviceUs = this.sampleServiceUs(next.opKind, next.payloadBytes);
      if (serviceUs > 0) {
        this.scheduler.after(serviceUs, () => {
          this.finish();
          next.done({ queuedUs, serviceUs });
        });
        return;
      }
      next.done({ queuedUs, serviceUs: 0 });
    }
  }

  private dequeue(): Waiting | undefined {
    if (this.head >= this.waiting.length) return undefined;
    const next = this.waiting[this.head];
    this.waiting[this.head] = undefined;
    this.head += 1;
    // Compact now and then so the array does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
    return next;
  }
}

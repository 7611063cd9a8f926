import type { Distribution } from '../scenario/distribution-schema.js';
import { msToUs } from '../units.js';
import { makeSampler, type Sampler, type Uniform01 } from './distribution-sampler.js';

/**
 * The platform's capacity as a state machine the engine drives: `slots` servers in parallel
 * (c of M/M/c), a FIFO queue of waiting calls, and a service time drawn per call kind (plus a
 * cost per KiB of payload) when service starts. The engine owns time: it schedules the end of
 * each service (a timer in the mock, an event in the sim) and calls `release` then, so the
 * modelled capacity saturates, never the CPU, and the sim path allocates nothing per call.
 */
export interface CapacitySettings {
  readonly slots: number;
  /** Business calls that may wait for a slot; beyond this they are refused (overload). */
  readonly queueLimit: number;
  /** `off`: every call is served in zero time, whatever `serviceTimeMs` says (absent = modelled). */
  readonly latency?: 'modelled' | 'off';
  /** Service time (ms) per call kind; `default` for kinds not listed; absent = 0 ms. */
  readonly serviceTimeMs?: Readonly<Record<string, Distribution>>;
  readonly perKiBMs: number;
}

/**
 * The service-time distribution a call kind gets: its own, else `default`; none (zero service)
 * when latency is off. The one reading of the settings, for the model and the analytics.
 */
export function serviceDistributionOf(
  capacity: Pick<CapacitySettings, 'serviceTimeMs' | 'latency'>,
  kind: string,
): Distribution | undefined {
  if (capacity.latency === 'off') return undefined;
  return capacity.serviceTimeMs?.[kind] ?? capacity.serviceTimeMs?.default;
}

/** `admit` results other than a service time (µs ≥ 0, service starts now). */
export const QUEUED = -1;
export const REFUSED = -2;

const ZERO: Sampler = () => 0;
const INITIAL_QUEUE = 256;

export class CapacityModel {
  readonly #settings: CapacitySettings;
  readonly #kinds = new Map<string, number>();
  readonly #samplers: Sampler[] = [];
  readonly #defaultSampler: Sampler;
  readonly #random: Uniform01;
  readonly #latencyOff: boolean;
  // FIFO ring of waiting calls, struct of arrays.
  #handles = new Float64Array(INITIAL_QUEUE);
  #kindOf = new Uint16Array(INITIAL_QUEUE);
  #bytesOf = new Float64Array(INITIAL_QUEUE);
  #enqueuedUs = new Float64Array(INITIAL_QUEUE);
  #head = 0;
  #length = 0;
  #busy = 0;
  /** Counters for PlatformStats. */
  served = 0;
  busyUs = 0;
  queuedUs = 0;
  maxQueueDepth = 0;
  overloadRefused = 0;
  /** Set by `release` for the call it starts: its wait and its service time. */
  startedQueuedUs = 0;
  startedServiceUs = 0;

  constructor(settings: CapacitySettings, random: Uniform01) {
    this.#settings = settings;
    this.#random = random;
    this.#latencyOff = settings.latency === 'off';
    const fallback = serviceDistributionOf(settings, 'default');
    this.#defaultSampler = fallback === undefined ? ZERO : makeSampler(fallback, random);
  }

  get slots(): number {
    return this.#settings.slots;
  }

  get inService(): number {
    return this.#busy;
  }

  get queueDepth(): number {
    return this.#length;
  }

  /** Starts counting anew (the gauges and the queue stay): the sim's measured window begins at t = 0. */
  resetCounters(): void {
    this.served = 0;
    this.busyUs = 0;
    this.queuedUs = 0;
    this.maxQueueDepth = this.#length;
    this.overloadRefused = 0;
  }

  /** A small integer for a call kind ("send", "media", "upload", …), to pass to `admit`. */
  kindIndex(kind: string): number {
    let index = this.#kinds.get(kind);
    if (index === undefined) {
      index = this.#samplers.length;
      const dist = kind === 'default' || this.#latencyOff ? undefined : this.#settings.serviceTimeMs?.[kind];
      this.#samplers.push(dist === undefined ? this.#defaultSampler : makeSampler(dist, this.#random));
      this.#kinds.set(kind, index);
    }
    return index;
  }

  /** Whether a business call would be admitted now (a slot or a queue place is free). */
  hasRoom(): boolean {
    return this.#busy < this.#settings.slots || this.#length < this.#settings.queueLimit;
  }

  /**
   * Admits call `handle`. Returns its service time in whole µs when a slot is free (service
   * starts now), QUEUED when it waits, or REFUSED when `mayRefuse` and the queue is full
   * (business calls; a user's message is never refused: decision 0008).
   */
  admit(handle: number, kindIndex: number, payloadBytes: number, nowUs: number, mayRefuse: boolean): number {
    if (this.#busy < this.#settings.slots) {
      this.#busy += 1;
      return this.#startService(kindIndex, payloadBytes, 0);
    }
    if (mayRefuse && this.#length >= this.#settings.queueLimit) {
      this.overloadRefused += 1;
      return REFUSED;
    }
    this.#enqueue(handle, kindIndex, payloadBytes, nowUs);
    return QUEUED;
  }

  /**
   * A service ended at `nowUs`: its slot goes to the longest-waiting call, whose handle is
   * returned (its wait and service time in `startedQueuedUs` / `startedServiceUs`), or −1.
   */
  release(nowUs: number): number {
    if (this.#length === 0) {
      this.#busy -= 1;
      return -1;
    }
    const at = this.#head;
    this.#head = (this.#head + 1) & (this.#handles.length - 1);
    this.#length -= 1;
    const queuedUs = nowUs - (this.#enqueuedUs[at] as number);
    this.queuedUs += queuedUs;
    this.startedQueuedUs = queuedUs;
    this.#startService(this.#kindOf[at] as number, this.#bytesOf[at] as number, queuedUs);
    return this.#handles[at] as number;
  }

  /** Service time in whole µs for one call of this kind and size (draws from the kind's stream). */
  sampleServiceUs(kindIndex: number, payloadBytes: number): number {
    if (this.#latencyOff) return 0;
    const sampler = this.#samplers[kindIndex] ?? this.#defaultSampler;
    const ms = Math.max(0, sampler()) + (this.#settings.perKiBMs * payloadBytes) / 1024;
    return Math.round(msToUs(ms));
  }

  #startService(kindIndex: number, payloadBytes: number, queuedUs: number): number {
    const serviceUs = this.sampleServiceUs(kindIndex, payloadBytes);
    this.served += 1;
    this.busyUs += serviceUs;
    this.startedServiceUs = serviceUs;
    if (queuedUs === 0) this.startedQueuedUs = 0;
    return serviceUs;
  }

  #enqueue(handle: number, kindIndex: number, payloadBytes: number, nowUs: number): void {
    if (this.#length === this.#handles.length) this.#grow();
    const at = (this.#head + this.#length) & (this.#handles.length - 1);
    this.#handles[at] = handle;
    this.#kindOf[at] = kindIndex;
    this.#bytesOf[at] = payloadBytes;
    this.#enqueuedUs[at] = nowUs;
    this.#length += 1;
    if (this.#length > this.maxQueueDepth) this.maxQueueDepth = this.#length;
  }

  #grow(): void {
    const size = this.#handles.length;
    const order = (from: Float64Array | Uint16Array, to: Float64Array | Uint16Array) => {
      for (let i = 0; i < this.#length; i++) to[i] = from[(this.#head + i) & (size - 1)] as number;
    };
    const handles = new Float64Array(size * 2);
    const kinds = new Uint16Array(size * 2);
    const bytes = new Float64Array(size * 2);
    const enqueued = new Float64Array(size * 2);
    order(this.#handles, handles);
    order(this.#kindOf, kinds);
    order(this.#bytesOf, bytes);
    order(this.#enqueuedUs, enqueued);
    this.#handles = handles;
    this.#kindOf = kinds;
    this.#bytesOf = bytes;
    this.#enqueuedUs = enqueued;
    this.#head = 0;
  }
}

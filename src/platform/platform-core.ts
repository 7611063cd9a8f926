import type { MockSettings } from '../scenario/mock-schema.js';
import { createRng, STREAM } from '../traffic/rng.js';
import { hoursToUs, msToUs, usToMs } from '../units.js';
import { BoundedMap } from './bounded-map.js';
import { CapacityModel } from './capacity-model.js';
import type { Uniform01 } from './distribution-sampler.js';
import { FaultInjector } from './fault-injector.js';
import { MediaRegistry } from './media-registry.js';
import { NumberRegistry } from './number-registry.js';
import { emptyPlatformStats, type PlatformStats, type WebhookUpdateKind } from './platform-stats.js';
import { type Pricing, priceMessage, type TemplateCategory } from './pricing.js';
import { type GcraShape, gcraTake, pairRateShape, ThroughputQuota } from './rate-limiters.js';
import { TemplateRegistry } from './template-registry.js';
import { UserStateTable } from './user-state-table.js';
import { WebhookPlanner } from './webhook-plan.js';

/**
 * Every rule of the platform on numeric keys, for both engines: the per-number throughput
 * quota, the pair rate limit, the 24-hour service window, the messages known for
 * mark-as-read, capacity, faults, media, pricing and the webhook plan, with the counters of
 * PlatformStats. Users are keyed by their wa_id's numeric value, messages and media by the
 * caller's ids. Methods take and return numbers (0 = accepted, else the Graph error code), so
 * the sim's path allocates nothing per call; `PlatformModel` puts strings and JSON around it.
 */
export interface PlatformStreams {
  readonly service: Uniform01;
  readonly webhooks: Uniform01;
  readonly faults: Uniform01;
}

/** The platform's named random streams for `seed` and cluster (decision 0004), from the hashed seeding. */
export function platformStreams(seed: number, cluster = 0): PlatformStreams {
  const uniform = (purpose: number): Uniform01 => {
    const rng = createRng(seed, purpose, cluster);
    return () => rng.nextDouble();
  };
  return {
    service: uniform(STREAM.platformService),
    webhooks: uniform(STREAM.platformWebhooks),
    faults: uniform(STREAM.platformFaults),
  };
}

export const ACCEPTED = 0;
const UNKNOWN_MESSAGE = 100;
const THROUGHPUT = 130429;
const PAIR_RATE = 131056;
const OUTSIDE_WINDOW = 131047;

export class PlatformCore {
  readonly settings: MockSettings;
  readonly capacity: CapacityModel;
  readonly planner: WebhookPlanner;
  readonly faults: FaultInjector;
  readonly media: MediaRegistry;
  readonly templates: TemplateRegistry;
  readonly stats: PlatformStats;
  readonly phoneNumberIds: readonly string[];
  readonly #numberIndex: ReadonlyMap<string, number>;
  readonly #quotas: ThroughputQuota[];
  readonly #users: UserStateTable[];
  /** Messages known for mark-as-read: ids as text through HTTP, numeric keys in the sim (made on first use). */
  readonly #messageTexts: BoundedMap<string, number>;
  #messageNumbers: NumberRegistry | undefined;
  readonly #pairShape: GcraShape;
  readonly #windowUs: number;
  #startUs: number;
  /** Whether the last message `admitMessage` accepted went inside an open window (for pricing). */
  lastWindowOpen = false;

  constructor(settings: MockSettings, streams: PlatformStreams, startUs = 0) {
    this.settings = settings;
    this.#startUs = startUs;
    this.phoneNumberIds = [settings.phoneNumberId, ...settings.extraPhoneNumberIds];
    this.#numberIndex = new Map(this.phoneNumberIds.map((id, index) => [id, index]));
    this.capacity = new CapacityModel(settings.capacity, streams.service);
    this.planner = new WebhookPlanner(settings.webhooks, streams.webhooks);
    this.faults = new FaultInjector(settings.faults, usToMs(startUs), streams.faults);
    this.media = new MediaRegistry(settings.maxTrackedMessages, settings.maxStoredMediaBytes);
    this.templates = new TemplateRegistry(settings.templates);
    this.#windowUs = hoursToUs(settings.serviceWindowHours);
    const burst = settings.throughputBurst ?? Math.max(1, Math.round(settings.throughputPerSecond));
    this.#quotas = this.phoneNumberIds.map(
      () => new ThroughputQuota(settings.throughputPerSecond, burst, settings.inboundQueueLimit),
    );
    this.#users = this.phoneNumberIds.map(() => new UserStateTable(this.#windowUs, settings.pairRate.enabled));
    this.#messageTexts = new BoundedMap(settings.maxTrackedMessages);
    this.#pairShape = pairRateShape(settings.pairRate.intervalSeconds, settings.pairRate.burst);
    this.stats = emptyPlatformStats(settings.capacity.slots);
  }

  /** Index of a business number this platform serves, or −1. */
  numberIndexOf(phoneNumberId: string): number {
    return this.#numberIndex.get(phoneNumberId) ?? -1;
  }

  /** Counts a call of `kind` (requests by kind in PlatformStats). */
  count(kind: string): void {
    const requests = this.stats.requests;
    requests[kind] = (requests[kind] ?? 0) + 1;
  }

  /** Counts a refusal and returns its code. */
  refuse(code: number): number {
    const errors = this.stats.errors;
    errors[code] = (errors[code] ?? 0) + 1;
    return code;
  }

  /** An injected error due at `nowUs` (fault schedule), counted, or 0. */
  injectedError(nowUs: number): number {
    if (!this.faults.active) return ACCEPTED;
    const code = this.faults.errorCodeAt(usToMs(nowUs));
    return code === undefined ? ACCEPTED : this.refuse(code);
  }

  /** µs an answer due now is held by a stall or spike (faults), 0 without faults. */
  holdUs(nowUs: number): number {
    return this.faults.active ? msToUs(this.faults.holdMsAt(usToMs(nowUs))) : 0;
  }

  /**
   * A user's message reaches the platform. It is never refused (decision 0008): it takes its
   * quota unit in wait mode. Returns the µs its webhook waits at the quota, or −1 when the
   * quota queue is full and the update will be dropped.
   */
  inboundArrives(numberIndex: number, nowUs: number): number {
    if (!this.settings.enforceThroughput) return 0;
    const waitUs = (this.#quotas[numberIndex] as ThroughputQuota).waitTake(nowUs);
    const quota = this.stats.quota;
    if (waitUs < 0) quota.inboundDropped += 1;
    else if (waitUs > 0) {
      quota.inboundQueued += 1;
      if (waitUs > quota.inboundMaxWaitUs) quota.inboundMaxWaitUs = waitUs;
    }
    return waitUs;
  }

  /** Its service ended: the message can be marked as read, and the user's window opens. */
  inboundServed(numberIndex: number, userKey: number, messageKey: string | number, nowUs: number): void {
    if (typeof messageKey === 'number') this.#numbers().set(messageKey, numberIndex);
    else this.#messageTexts.set(messageKey, numberIndex);
    const users = this.#users[numberIndex] as UserStateTable;
    users.setWindowOpenedUs(users.slotOf(userKey, nowUs), nowUs);
  }

  /**
   * A business message (text, media, interactive, template, reaction…) to `userKey`: the
   * window (templates may open a conversation), capacity room, the quota, the pair limit.
   * Returns 0 (then admit it to `capacity` at once) or the refusal code, counted.
   */
  admitMessage(numberIndex: number, userKey: number, isTemplate: boolean, nowUs: number): number {
    const users = this.#users[numberIndex] as UserStateTable;
    const windowOpen = users.windowOpen(userKey, nowUs);
    if (!isTemplate && !windowOpen && this.settings.enforceServiceWindow) return this.refuse(OUTSIDE_WINDOW);
    if (!this.capacity.hasRoom()) return this.#overload();
    if (this.settings.enforceThroughput && !(this.#quotas[numberIndex] as ThroughputQuota).tryTake(nowUs)) {
      this.stats.quota.refused += 1;
      return this.refuse(THROUGHPUT);
    }
    if (this.settings.pairRate.enabled) {
      const slot = users.slotOf(userKey, nowUs);
      const tatUs = gcraTake(this.#pairShape, users.pairTatUs(slot), nowUs);
      if (Number.isNaN(tatUs)) {
        this.stats.quota.pairRefused += 1;
        return this.refuse(PAIR_RATE);
      }
      users.setPairTatUs(slot, tatUs);
    }
    this.lastWindowOpen = windowOpen;
    return ACCEPTED;
  }

  /** Mark-as-read (with or without typing) of a message the platform knows on this number. */
  admitRead(numberIndex: number, messageKey: string | number): number {
    const known = typeof messageKey === 'number' ? (this.#messageNumbers?.get(messageKey) ?? -1) : (this.#messageTexts.get(messageKey) ?? -1);
    if (known !== numberIndex) return this.refuse(UNKNOWN_MESSAGE);
    return this.capacity.hasRoom() ? ACCEPTED : this.#overload();
  }

  /** Capacity room for work without rules of its own (media metadata, download, upload). */
  admitWork(): number {
    return this.capacity.hasRoom() ? ACCEPTED : this.#overload();
  }

  /** Prices an accepted message and counts it (PMP: research §6). */
  price(isTemplate: boolean, templateCategory: TemplateCategory): Pricing {
    const pricing = priceMessage(isTemplate, templateCategory, this.lastWindowOpen);
    const counts = this.stats.pricing[pricing.category] ?? { billable: 0, free: 0 };
    if (pricing.billable) counts.billable += 1;
    else counts.free += 1;
    this.stats.pricing[pricing.category] = counts;
    return pricing;
  }

  /** The pricing category of a template by name (any language), or the default for one not registered. */
  templateCategory(name: string | undefined): TemplateCategory {
    const template = name === undefined ? undefined : this.templates.anyNamed(name);
    return template?.category ?? this.settings.defaultTemplateCategory;
  }

  /** An update the platform emitted (for the sim, which never builds one; the mock counts its POSTs). */
  countUpdate(kind: WebhookUpdateKind): void {
    this.stats.webhooks.updates[kind] = (this.stats.webhooks.updates[kind] ?? 0) + 1;
  }

  /** The statistics with the gauges of `nowUs` filled in (a copy). */
  snapshot(nowUs: number): PlatformStats {
    const stats = structuredClone(this.stats);
    const { capacity } = this;
    stats.elapsedUs = Math.max(0, nowUs - this.#startUs);
    stats.capacity = {
      slots: capacity.slots,
      served: capacity.served,
      busyUs: capacity.busyUs,
      queuedUs: capacity.queuedUs,
      maxQueueDepth: capacity.maxQueueDepth,
      queueDepth: capacity.queueDepth,
      inService: capacity.inService,
      overloadRefused: capacity.overloadRefused,
    };
    stats.state = {
      trackedUsers: this.#users.reduce((n, table) => n + table.size, 0),
      trackedMessages: this.#messageTexts.size + (this.#messageNumbers?.size ?? 0),
      media: this.media.size,
    };
    return stats;
  }

  /** Slots of the per-number user tables: what their state occupies, expired entries included. */
  userTableSlots(): number {
    return this.#users.reduce((n, table) => n + table.capacity, 0);
  }

  /** Starts counting anew at `nowUs`, keeping every state (the sim plays its pre-roll unmeasured). */
  resetCounters(nowUs: number): void {
    Object.assign(this.stats, emptyPlatformStats(this.settings.capacity.slots));
    this.capacity.resetCounters();
    this.#startUs = nowUs;
  }

  reset(): void {
    for (const quota of this.#quotas) quota.reset();
    for (const users of this.#users) users.clear();
    this.#messageTexts.clear();
    this.#messageNumbers?.clear();
    this.media.clear();
    this.templates.reset();
    const fresh = emptyPlatformStats(this.settings.capacity.slots);
    Object.assign(this.stats, fresh);
  }

  #numbers(): NumberRegistry {
    this.#messageNumbers ??= new NumberRegistry(this.settings.maxTrackedMessages);
    return this.#messageNumbers;
  }

  #overload(): number {
    this.capacity.overloadRefused += 1;
    return this.refuse(this.settings.capacity.overloadCode);
  }
}

import { type Static, Type } from '@sinclair/typebox';
import { ESTIMATED_SERVICE_TIME_MS } from './latency-estimate.js';
import { fillDefaults } from './schema-defaults.js';
import { DistributionSchema } from './distribution-schema.js';
import { BusinessProfileSchema } from './business-profile-schema.js';
import { DEFAULT_TEMPLATES, TemplateDefinitionSchema } from './template-schema.js';

/**
 * Settings of the mock platform (the system under test in a default run). The defaults
 * follow shared/research/whatsapp-api.md: 80 msg/s per number [DFB/throughput], pair rate
 * 1 msg / 6 s with bursts of 45 [DFB/about-the-platform], 24-hour service window.
 */
const Ms = (defaultMs: number) => Type.Number({ default: defaultMs, minimum: 0 });

/** One fault: a periodic stall, error rates and latency spikes, alone or together. */
export const FaultSchema = Type.Object(
  {
    /** Every `everyMs`, hold all answers for `durationMs` (a GC pause of the platform). */
    stall: Type.Optional(
      Type.Object(
        { everyMs: Type.Number({ exclusiveMinimum: 0 }), durationMs: Type.Number({ minimum: 0 }) },
        { additionalProperties: false },
      ),
    ),
    /** Fraction (0–1) of API requests answered with the given Graph error code instead. */
    errorRates: Type.Optional(
      Type.Array(
        Type.Object(
          { code: Type.Integer(), rate: Type.Number({ minimum: 0, maximum: 1 }) },
          { additionalProperties: false },
        ),
      ),
    ),
    /** With this probability an answer is delayed by `addedMs` more. */
    latencySpike: Type.Optional(
      Type.Object(
        { probability: Type.Number({ minimum: 0, maximum: 1 }), addedMs: Type.Number({ minimum: 0 }) },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const MockSettingsSchema = Type.Object(
  {
    /** Seed of the platform's random streams (service times, webhook delays, faults); a scenario's seed replaces it. */
    seed: Type.Integer({ default: 1, minimum: 0, maximum: 2 ** 31 - 1 }),
    /** Independent platform clusters (decision 0004): each has its own copy of every resource and limit. Sim only. */
    clusters: Type.Integer({ default: 1, minimum: 1, maximum: 64 }),
    phoneNumberId: Type.String({ default: '106540352242922', pattern: '^[0-9]+$' }),
    /** Further business numbers served by the same mock (each with its own limits). */
    extraPhoneNumberIds: Type.Array(Type.String({ pattern: '^[0-9]+$' }), { default: [] }),
    displayPhoneNumber: Type.String({ default: '15550783881' }),
    /** The name Meta approved for the number (GET /{phone-number-id}: verified_name). */
    verifiedName: Type.String({ default: 'Example Travel', minLength: 1, maxLength: 256 }),
    /** What GET /{phone-number-id}/whatsapp_business_profile shows; its POST changes it until reset. */
    businessProfile: BusinessProfileSchema,
    wabaId: Type.String({ default: '102290129340398' }),
    accessToken: Type.String({ default: 'chatload-local-token', minLength: 1 }),
    appSecret: Type.String({ default: 'chatload-app-secret', minLength: 1 }),
    verifyToken: Type.String({ default: 'chatload-verify-token', minLength: 1 }),
    /** Messages per second per business number, in + out (80 default, up to 1,000 after upgrade). */
    throughputPerSecond: Type.Number({ default: 80, exclusiveMinimum: 0, maximum: 1000 }),
    /**
     * Messages a number may send back to back from idle before the rate applies (GCRA burst).
     * Absent: equal to the rate (one second's worth), as before this setting existed.
     */
    throughputBurst: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 100_000,
        description:
          "estimate: Meta documents \"up to 80 messages per second (mps) by default\", \"inclusive of inbound and outbound messages\", and 130429 \"until you are within your allowed level again\" [E20] but no burst size (whatsapp-api.md §4.1, DFB/throughput); default one second's worth, equal to the rate; range 1 (strict spacing) to 6 s of quota (as the pair-rate window) (docs/evidence/activity-shares.md §5)",
      }),
    ),
    /** Whether the throughput limit is enforced at all (off for a raw capacity measurement). */
    enforceThroughput: Type.Boolean({ default: true }),
    /**
     * Inbound webhooks that may wait at the quota when inbound + outbound exceed it (decision
     * 0008; estimate: ≈ 2 minutes at 80/s); beyond this an update is dropped and counted.
     */
    inboundQueueLimit: Type.Integer({ default: 10_000, minimum: 0 }),
    pairRate: Type.Object(
      {
        enabled: Type.Boolean({ default: true }),
        /** One message per this many seconds to the same user … */
        intervalSeconds: Type.Number({ default: 6, exclusiveMinimum: 0 }),
        /** … with bursts of up to this many borrowed from future quota. */
        burst: Type.Integer({ default: 45, minimum: 1 }),
      },
      { additionalProperties: false, default: {} },
    ),
    enforceServiceWindow: Type.Boolean({ default: true }),
    /** Length of the customer-service window a user message opens. */
    serviceWindowHours: Type.Number({ default: 24, exclusiveMinimum: 0 }),
    capacity: Type.Object(
      {
        /** Service slots working in parallel (c of M/M/c). */
        slots: Type.Integer({ default: 64, minimum: 1 }),
        /** Requests that may wait for a slot; beyond this the platform answers overloaded. */
        queueLimit: Type.Integer({ default: 10_000, minimum: 0 }),
        /**
         * `modelled`: each call is served in a time drawn from `serviceTimeMs` (the default);
         * `off`: zero service time, for benchmarks of the machine itself (`serve --latency off`).
         */
        latency: Type.Union([Type.Literal('modelled'), Type.Literal('off')], { default: 'modelled' }),
        /**
         * Service-time distribution (milliseconds) per operation kind, `default` for the rest.
         * Default: the platform's estimate (scenario/latency-estimate.ts, decision 0010); kinds given
         * here override it kind by kind (`default` too), the others keep the estimate.
         */
        serviceTimeMs: Type.Record(Type.String(), DistributionSchema, { default: ESTIMATED_SERVICE_TIME_MS }),
        /** Extra service time per KiB of request payload, ms. */
        perKiBMs: Type.Number({ default: 0, minimum: 0 }),
        /** Graph code of the overload answer: 131016 (default), 2 or 133004 — all HTTP 503 by default. */
        overloadCode: Type.Union([Type.Literal(131016), Type.Literal(2), Type.Literal(133004)], {
          default: 131016,
        }),
      },
      { additionalProperties: false, default: {} },
    ),
    /**
     * HTTP status per Graph error code, overriding the catalogue's defaults (keys are codes).
     * estimate: Meta's current table gives no statuses (research §3); the catalogue answers 400
     * for business errors (130429 and 131056 included), 401/403 for auth, 5xx for outages.
     */
    errorHttpStatus: Type.Record(
      Type.String({ pattern: '^[0-9]+$' }),
      Type.Integer({ minimum: 200, maximum: 599 }),
      {
        default: {},
      },
    ),
    /**
     * The WABA's message templates (decision 0011): sends must name one of them in its language,
     * approved, with the parameters its texts hold (else 132001, 132000, 132012…); its category
     * prices it. Default: a few realistic ones, including the customer-service plan's
     * `booking_change_notice`. POST /{waba-id}/message_templates adds to it at run time.
     */
    templates: Type.Array(TemplateDefinitionSchema, { default: DEFAULT_TEMPLATES, maxItems: 6000 }),
    /** Whether sends are checked against `templates`; off: every name is accepted, priced as `defaultTemplateCategory`. */
    enforceTemplates: Type.Boolean({ default: true }),
    defaultTemplateCategory: Type.Union(
      [Type.Literal('utility'), Type.Literal('marketing'), Type.Literal('authentication')],
      {
        default: 'utility',
      },
    ),
    /** Inbound message ids remembered for mark-as-read (oldest forgotten first, so memory stays flat). */
    maxTrackedMessages: Type.Integer({ default: 1_000_000, minimum: 1 }),
    /** Uploaded media up to this size are kept and served byte for byte; larger ones are served as synthetic bytes. */
    maxStoredMediaBytes: Type.Integer({ default: 5 * 1024 * 1024, minimum: 0 }),
    /** Largest accepted upload (documents may be 100 MB). */
    maxUploadBytes: Type.Integer({ default: 100 * 1024 * 1024, minimum: 1 }),
    webhooks: Type.Object(
      {
        url: Type.Optional(Type.String()),
        enabled: Type.Boolean({ default: true }),
        /**
         * Subscribe `url` at start as Meta's dashboard does: GET with hub.mode=subscribe,
         * hub.verify_token and hub.challenge; the mock does not start unless the bot echoes the
         * challenge with a 200.
         */
        verifyOnStart: Type.Boolean({ default: true }),
        /**
         * Updates per POST: 1 as Meta's captured webhooks (decision 0009); up to 1,000 as an
         * opt-in stress setting, grouped within batchWindowMs (estimate: Meta publishes neither
         * its batching rule nor its frequency).
         */
        batchMaxItems: Type.Integer({ default: 1, minimum: 1, maximum: 1000 }),
        batchWindowMs: Ms(10),
        /** Per-POST timeout; a timeout counts as a failed attempt. */
        timeoutMs: Ms(10_000),
        /** Delays after acceptance (ms): message webhook, then sent → delivered → read, each after the previous. */
        inboundDelayMs: Type.Optional(DistributionSchema),
        sentDelayMs: Type.Optional(DistributionSchema),
        deliveredDelayMs: Type.Optional(DistributionSchema),
        readDelayMs: Type.Optional(DistributionSchema),
        /** Share of delivered messages the user reads. */
        readProbability: Type.Number({ default: 0.9, minimum: 0, maximum: 1 }),
        /**
         * Shares of accepted business messages that fail asynchronously (a `failed` status after
         * `sent`): 131026 undeliverable, 131049 marketing limits (marketing templates only),
         * 131047 in its asynchronous form. Meta publishes no rates: none by default.
         */
        asyncFailures: Type.Array(
          Type.Object(
            {
              code: Type.Union([Type.Literal(131026), Type.Literal(131049), Type.Literal(131047)]),
              share: Type.Number({ minimum: 0, maximum: 1 }),
            },
            { additionalProperties: false },
          ),
          { default: [] },
        ),
        /** Retry schedule after a failed POST (s, Meta's is ~7 days), divided by `timeCompression`. */
        retryScheduleSeconds: Type.Array(Type.Number({ minimum: 0 }), {
          default: [0, 10, 60, 300, 1800, 7200, 21600, 86400, 172800, 302400],
        }),
        timeCompression: Type.Number({ default: 1, exclusiveMinimum: 0 }),
        /** Batches waiting for delivery or retry beyond this are dropped (and counted). */
        maxPendingBatches: Type.Integer({ default: 10_000, minimum: 1 }),
      },
      { additionalProperties: true, default: {} },
    ),
    /** Fault injection: `always` applies all the time, `schedule` within [fromMs, toMs) of server start. */
    faults: Type.Object(
      {
        always: Type.Optional(FaultSchema),
        schedule: Type.Array(
          Type.Object(
            { fromMs: Type.Number({ minimum: 0 }), toMs: Type.Number({ minimum: 0 }), fault: FaultSchema },
            { additionalProperties: false },
          ),
          { default: [] },
        ),
      },
      { additionalProperties: false, default: {} },
    ),
  },
  { additionalProperties: true },
);

export type MockSettingsInput = Static<typeof MockSettingsSchema>;
export type MockSettings = MockSettingsInput;
export type FaultSettings = Static<typeof FaultSchema>;

/** Settings with every default filled in (no validation: callers validate at the edge). */
export function resolveMockSettings(input: unknown = {}): MockSettings {
  return fillDefaults(MockSettingsSchema, structuredClone(input ?? {})) as MockSettings;
}

import { type Static, type TObject, type TProperties, type TSchema, Type } from '@sinclair/typebox';
import { DistributionSchema } from './distribution-schema.js';

/**
 * The two traffic shapes' parameters, with their sourced defaults. Every parameter's
 * `description` names its source tag from shared/research/traffic-profiles.md ([Sn]) or
 * says "estimate:" with the reason, so `chatload profile` can print where a number came from.
 *
 * Defaults sit on the containing object, never on a distribution-valued property: TypeBox's
 * Value.Default merges an object default into a given object, so a user's
 * `{dist: lognormal, median, p90}` would silently keep the default's `mu`/`sigma` (which win).
 * One level up, the merge is shallow: a given parameter replaces its default whole.
 */

const DEFAULT_KEY = 'chatloadDefault';

const withDefault = <T extends TSchema>(schema: T, value: unknown, source: string) =>
  Type.Optional(Type.Unsafe<Static<T>>({ ...schema, description: source, [DEFAULT_KEY]: value }));

/** An object whose `default` is assembled from its properties' recorded defaults (see above). */
function objectWithDefaults<T extends TProperties>(properties: T): TObject<T> {
  const defaults = Object.fromEntries(
    Object.entries(properties)
      .map(([key, schema]) => [key, (schema as Record<string, unknown>)[DEFAULT_KEY]])
      .filter(([, value]) => value !== undefined),
  );
  return Type.Object(properties, { additionalProperties: false, default: defaults });
}

/** The source text of a parameter's default ("[S8] …" or "estimate: …"), for reports. */
export function parameterSource(schema: TObject, key: string): string | undefined {
  const property = schema.properties[key] as { description?: string } | undefined;
  return property?.description;
}

const Share = Type.Number({ minimum: 0, maximum: 1 });
const HourlyWeights = Type.Array(Type.Number({ minimum: 0 }), { minItems: 24, maxItems: 24 });

/**
 * General-chatbot turns per conversation, WildChat [S4][S5]. The source gives the CCDF at a few
 * points (P(≥2)=.421, P(≥3)=.262, P(≥5)=.124, P(≥10)=.027) and p90 5, p95 7, p99 13. Rule: log-linear
 * interpolation of the CCDF between those points (geometric inside each bucket), continued past 10
 * with the ratio 0.753 that puts P(≥13.5) at 1 % (so p99 = 13), cut at 30 turns (the 0.007 % beyond
 * folded into 30). Reproduces every stated point and mean 2.34 (stated 2.35).
 */
export const WILDCHAT_TURN_VALUES = Array.from({ length: 30 }, (_, i) => i + 1);
export const WILDCHAT_TURN_WEIGHTS = [
  0.579, 0.159, 0.08176, 0.05624, 0.03259, 0.02402, 0.01771, 0.01306, 0.00962, 0.00667, 0.00502, 0.00378, 0.00285, 0.00214,
  0.00161, 0.00122, 0.00092, 0.00069, 0.00052, 0.00039, 0.00029, 0.00022, 0.00017, 0.00013, 0.00009, 0.00007, 0.00005,
  0.00004, 0.00003, 0.00009,
];

/** Customer-service hourly curve, % of a day's conversation starts (traffic-profiles §3.3). */
export const CUSTOMER_SERVICE_HOURLY = [
  0.6, 0.4, 0.3, 0.2, 0.2, 0.4, 0.9, 2.4, 4.8, 7.3, 8.9, 8.7, 7.3, 7.3, 8.2, 8.4, 7.8, 6.6, 5.2, 4.2, 3.7, 3.0, 2.0,
  1.2,
];
/** General-chatbot hourly curve = 0.27 × BurstGPT work curve + 0.73 × leisure (traffic-profiles §3.3). */
export const GENERAL_CHATBOT_HOURLY = [
  2.9, 1.8, 1.0, 0.6, 0.5, 0.5, 1.0, 1.9, 2.9, 4.6, 5.6, 5.7, 4.8, 5.2, 5.8, 6.2, 6.4, 6.0, 5.5, 6.1, 6.8, 6.9, 6.4,
  4.9,
];

const TimezoneSchema = Type.Object(
  { offsetHours: Type.Number({ minimum: -12, maximum: 14 }), share: Type.Number({ minimum: 0 }) },
  { additionalProperties: false },
);

const MediaShareSchema = Type.Object(
  {
    image: Type.Optional(Share),
    voice: Type.Optional(Share),
    document: Type.Optional(Share),
  },
  { additionalProperties: false },
);

/**
 * Media sizes in bytes, lognormal, capped at the Cloud API limits [S11]: image ≤5 MB,
 * audio ≤16 MB, document ≤100 MB. Medians and p90s are the §3.5 estimates.
 */
const MEDIA_LIMIT_BYTES = { image: 5_000_000, voice: 16_000_000, document: 100_000_000 } as const;
const mediaBytesSchema = (voiceMedianBytes: number) =>
  objectWithDefaults(
    {
      image: withDefault(DistributionSchema, { dist: 'lognormal', median: 150_000, p90: 500_000, max: MEDIA_LIMIT_BYTES.image }, 'estimate: after WhatsApp compression median 150 KB, p90 500 KB; limit 5 MB [S11] (§3.5)'),
      voice: withDefault(DistributionSchema, { dist: 'lognormal', median: voiceMedianBytes, p90: 180_000, max: MEDIA_LIMIT_BYTES.voice }, 'estimate: Opus ≈3 KB/s, median 15 s (CS) / 20 s (chatbot), p90 60 s; limit 16 MB [S11] (§3.5)'),
      document: withDefault(DistributionSchema, { dist: 'lognormal', median: 150_000, p90: 600_000, max: MEDIA_LIMIT_BYTES.document }, 'estimate: median ≈150 KB (§1), p90 4 × median as for images; limit 100 MB [S11]'),
    },
  );

const commonPopulation = {
  timezones: withDefault(
    Type.Array(TimezoneSchema, { minItems: 1 }),
    [{ offsetHours: 0, share: 1 }],
    'estimate: one time zone; spreading a population over several flattens the hourly curve (§3.3)',
  ),
  typingIndicator: withDefault(Type.Boolean(), true, 'Cloud API typing indicator, shown until reply or 25 s [whatsapp-api §1.2]'),
  markAsRead: withDefault(Type.Boolean(), true, 'Cloud API mark-as-read per user message [whatsapp-api §1.2]'),
  maxTextChars: withDefault(Type.Integer({ minimum: 1 }), 4096, 'WhatsApp text body limit 4,096 chars [S10]'),
  typingDelayMs: withDefault(
    Type.Number({ minimum: 0 }),
    300,
    'estimate: 300 ms, range 50–1,000 ms (docs/evidence/activity-shares.md §5): mark-as-read + typing is one call sent on the messages webhook [E22][E23]; Meta asks webhook handling at "Median latency should not exceed 250ms. Less than 1% of latency should exceed 1 second" [E21]',
  ),
  mediaFetchDelayMs: withDefault(
    Type.Number({ minimum: 0 }),
    200,
    'estimate: 200 ms, range 50–1,500 ms (docs/evidence/activity-shares.md §5): the bot fetches a user\'s media with "GET /MEDIA_ID" then "GET /MEDIA_URL" [E29] on webhook receipt (the URL "expires after 5 minutes" [E30]); no timing is published',
  ),
  replyPartGapMs: withDefault(
    Type.Number({ minimum: 0 }),
    400,
    'estimate: 400 ms, range 150–1,500 ms (docs/evidence/activity-shares.md §5): parts go out as awaited sequential sends [E27], one Cloud-API round trip each (processing "50ms to 200ms" plus "100ms to 150ms" cross-region [E25]; "around 1 second" observed [E26]), plus 0.3–0.5 s pacing in some public bots [E28]',
  ),
};

export const CustomerServiceParamsSchema = objectWithDefaults(
  {
    activeShare: withDefault(Share, 0.007, 'estimate: 0.7 % of enrolled customers active per day, range 0.15–2 % (docs/evidence/activity-shares.md §2): ≈1.8 contact-days per enrolled customer-year; telecom "1.8 and 2.5 calls per subscriber per year" [E1], IT help desks "0.19 to 0.35 contacts per user per month" [E2]; no WhatsApp figure exists (was 1 %, traffic-profiles §3.1)'),
    conversationsPerActiveUserDay: withDefault(Type.Number({ minimum: 0 }), 1.15, 'estimate: 1 + Poisson(0.15) (§3.1)'),
    hourlyWeights: withDefault(HourlyWeights, CUSTOMER_SERVICE_HOURLY, 'estimate: business-hours curve shaped on call-centre arrivals [S22] (§3.3)'),
    weekendFactor: withDefault(Type.Number({ minimum: 0 }), 0.6, 'estimate: 0.6 with a 24/7 bot, 0.5 human-only [S6][S7] (§3.3)'),
    userOpenedShare: withDefault(Share, 0.7, 'estimate: 70 % user-opened, 30 % utility template [S28] (§3.2)'),
    templateReplyRate: withDefault(Share, 0.3, 'estimate: 30 % of templates get a reply → 2 in / 2 out (§1)'),
    userMessages: withDefault(DistributionSchema, { dist: 'geometric', mean: 4.5, min: 1 }, 'estimate: 1 + Geometric, mean 4.5, anchored on MultiWOZ ≈5.5 user turns [S21]'),
    botResolvedShare: withDefault(Share, 0.6, 'Klarna 2/3 [S19]; 50–70 % typical [S20]; point is an estimate'),
    userMessageChars: withDefault(DistributionSchema, { dist: 'lognormal', mu: Math.log(40), sigma: 1.08, max: 4096 }, 'estimate: median 40, p90 160; MultiWOZ user turn ≈65 chars [S21]'),
    thinkTimeSeconds: withDefault(DistributionSchema, { dist: 'lognormal', mu: Math.log(25), sigma: 1.54 }, 'estimate: median 25 s, p90 3 min from typing 36 WPM [S23] + reading 238 wpm [S24]'),
    userMedia: withDefault(MediaShareSchema, { image: 0.06, voice: 0.03, document: 0.01 }, 'estimate: WhatsApp-wide media mix [S17]'),
    userMediaBytes: withDefault(mediaBytesSchema(45_000), mediaBytesSchema(45_000).default, 'estimate: media sizes by kind (§3.5), capped at API limits [S11]'),
    botReplySeconds: withDefault(DistributionSchema, { dist: 'lognormal', median: 0.8, p90: 2 }, 'estimate: rules/NLU bot reply time (§1)'),
    humanFirstResponseSeconds: withDefault(DistributionSchema, { dist: 'lognormal', median: 40, p90: 240 }, 'live-chat wait 35–46 s [S18]; WhatsApp tail estimate'),
    humanReplySeconds: withDefault(DistributionSchema, { dist: 'lognormal', median: 45, p90: 180 }, 'estimate: live-chat ≈11–12 min over ≈5 exchanges [S18]'),
    replyChars: withDefault(DistributionSchema, { dist: 'lognormal', mu: Math.log(160), sigma: 0.81 }, 'estimate: median 160, p90 450; MultiWOZ system turn ≈90 chars [S21]'),
    botMessagesPerUserMessage: withDefault(Type.Number({ minimum: 1 }), 1.3, 'estimate: text + buttons/list (§1)'),
    humanMessagesPerUserMessage: withDefault(Type.Number({ minimum: 1 }), 1.1, 'estimate (§1)'),
    greeting: withDefault(Type.Boolean(), true, 'estimate: +1 greeting per user-opened conversation (§4.1)'),
    handoverMessages: withDefault(Type.Integer({ minimum: 0 }), 2, 'estimate: +2 on hand-over (hand-over + closing) (§4.1)'),
    ...commonPopulation,
  },
);

export const GeneralChatbotParamsSchema = objectWithDefaults(
  {
    activeShare: withDefault(Share, 0.08, 'estimate: 8 % of enrolled users active per day, range 3–20 % (docs/evidence/activity-shares.md §3): Zapia on WhatsApp "supera el millón de usuarios mensuales" of "cinco millones de usuarios" [E12][E13] × ChatGPT app DAU/MAU 13.2 of 30 days [E14] ≈ 9 %; NBER route 3.8–5.7 % [S1][E16]; Luzia 2023, 3 B requests by ≈10 M users [S14] ≈ 16 % (a young base) (was 15 %, traffic-profiles §3.1)'),
    conversationsPerActiveUserDay: withDefault(Type.Number({ minimum: 0 }), 3, 'estimate: 1 + Poisson(2), checked against 3.7 msgs/WAU/day [S1]'),
    hourlyWeights: withDefault(HourlyWeights, GENERAL_CHATBOT_HOURLY, '0.27 × BurstGPT work curve [S6] + 0.73 × leisure estimate (§3.3)'),
    weekendFactor: withDefault(Type.Number({ minimum: 0 }), 0.85, 'estimate: 73 % non-work at 1.0 + 27 % work at ≈0.5 [S1][S6]'),
    turns: withDefault(
      DistributionSchema,
      { dist: 'empirical', values: WILDCHAT_TURN_VALUES, weights: WILDCHAT_TURN_WEIGHTS },
      'WildChat CCDF [S4][S5]: P(≥2)=.421, P(≥3)=.262, P(≥5)=.124, P(≥10)=.027, p90 5, p95 7, p99 13; log-linear between those points, the ratio past 10 set so p99 = 13, cut at 30 turns; mean 2.34',
    ),
    userMessagesPerTurn: withDefault(DistributionSchema, { dist: 'empirical', values: [1, 2], weights: [0.9, 0.1] }, 'estimate: 1 + Bernoulli(0.1); bots debounce ≈15 s [S26]'),
    userMessageChars: withDefault(DistributionSchema, { dist: 'lognormal', mu: Math.log(60), sigma: 1.38, max: 4096 }, 'estimate: median 60, p90 350; LMSYS 69.5 tok [S3], WildChat [S4]'),
    thinkTimeSeconds: withDefault(DistributionSchema, { dist: 'lognormal', mu: Math.log(45), sigma: 1.48 }, 'estimate: read 1,000 chars at 238 wpm + type 60 chars at 36 WPM [S23][S24]'),
    userMedia: withDefault(MediaShareSchema, { image: 0.05, voice: 0.08 }, 'estimate: Luzia voice notes [S14c]; ChatGPT images [S13]'),
    userMediaBytes: withDefault(mediaBytesSchema(60_000), mediaBytesSchema(60_000).default, 'estimate: media sizes by kind (§3.5), capped at API limits [S11]; also the outbound image size'),
    ttftSeconds: withDefault(DistributionSchema, { dist: 'uniform', min: 0.39, max: 0.45 }, 'Artificial Analysis GPT-4o TTFT 0.39–0.45 s [S8][S8b]'),
    tokensPerSecond: withDefault(DistributionSchema, { dist: 'uniform', min: 81, max: 131 }, 'Artificial Analysis GPT-4o 81–131 tok/s [S8][S8b]'),
    charsPerToken: withDefault(Type.Number({ exclusiveMinimum: 0 }), 4, 'OpenAI rule of thumb: 1 token ≈ 4 chars [S9]'),
    replyChars: withDefault(DistributionSchema, { dist: 'lognormal', mu: Math.log(1000), sigma: 0.85 }, 'estimate fitted to WildChat 441±411 tok, LMSYS 215 tok, Azure [S3][S4][S7]'),
    replyStyle: withDefault(
      Type.Union([Type.Literal('split'), Type.Literal('chunked')]),
      'split',
      'one bot, one behaviour: split only at the 4,096-char limit [S10] (1.06 msgs/reply) or chunk by paragraph ≤ chunkChars [S26] (2.55); estimate: split, the research majority (70 % of bots split, 30 % chunk, §2 and §3.6)',
    ),
    /** Read for old files only: 0 → chunked, 1 → split; anything else is refused by the loader. */
    splitAtLimitShare: Type.Optional(Type.Number({ minimum: 0, maximum: 1, description: 'deprecated: use replyStyle (0 = chunked, 1 = split)' })),
    chunkChars: withDefault(Type.Integer({ minimum: 1 }), 700, 'paragraph chunks ≤700 chars in public bot code [S26]'),
    outboundImageShare: withDefault(Share, 0.01, 'estimate: 1 % of replies carry an image'),
    ...commonPopulation,
  },
);

export { SHAPE_NAMES, type ShapeName } from '../vocabulary.js';

export const MixEntrySchema = Type.Union([
  Type.Object(
    {
      shape: Type.Literal('customer-service'),
      weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 1 })),
      params: Type.Optional(CustomerServiceParamsSchema),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      shape: Type.Literal('general-chatbot'),
      weight: Type.Optional(Type.Number({ exclusiveMinimum: 0, default: 1 })),
      params: Type.Optional(GeneralChatbotParamsSchema),
    },
    { additionalProperties: false },
  ),
]);

export const TrafficSchema = Type.Object(
  { mix: Type.Array(MixEntrySchema, { minItems: 1 }) },
  { additionalProperties: false },
);

/** Resolved parameters: every default filled, one level into the media sizes as well. */
type Resolved<T extends { userMediaBytes?: object }> = Omit<Required<T>, 'userMediaBytes'> & {
  readonly userMediaBytes: Required<NonNullable<T['userMediaBytes']>>;
};
export type ReplyStyle = 'split' | 'chunked';
export type CustomerServiceParams = Resolved<Static<typeof CustomerServiceParamsSchema>>;
/** `splitAtLimitShare` is mapped to `replyStyle` by the loader and never reaches the model. */
export type GeneralChatbotParams = Omit<Resolved<Static<typeof GeneralChatbotParamsSchema>>, 'splitAtLimitShare'>;
export type TrafficInput = Static<typeof TrafficSchema>;
export type ResolvedMixEntry =
  | { readonly shape: 'customer-service'; readonly weight: number; readonly params: CustomerServiceParams }
  | { readonly shape: 'general-chatbot'; readonly weight: number; readonly params: GeneralChatbotParams };

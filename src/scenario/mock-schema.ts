import { type Static, Type } from '@sinclair/typebox';
import { DistributionSchema } from './distribution-schema.js';

/**
 * Settings of the mock platform (the system under test in a default run). The defaults
 * follow shared/research/whatsapp-api.md: 80 msg/s per number [DFB/throughput], pair rate
 * 1 msg / 6 s with bursts of 45 [DFB/about-the-platform], 24-hour service window.
 */
const ServiceTimeByOpSchema = Type.Record(Type.String(), DistributionSchema);

export const MockSettingsSchema = Type.Object(
  {
    phoneNumberId: Type.String({ default: '106540352242922', pattern: '^[0-9]+$' }),
    displayPhoneNumber: Type.String({ default: '15550783881' }),
    wabaId: Type.String({ default: '102290129340398' }),
    accessToken: Type.String({ default: 'chatload-local-token', minLength: 1 }),
    appSecret: Type.String({ default: 'chatload-app-secret', minLength: 1 }),
    verifyToken: Type.String({ default: 'chatload-verify-token', minLength: 1 }),
    /** Messages per second per business number, in + out (80 default, up to 1,000 after upgrade). */
    throughputPerSecond: Type.Number({ default: 80, exclusiveMinimum: 0, maximum: 1000 }),
    /** Whether the throughput limit is enforced at all (off for a raw capacity measurement). */
    enforceThroughput: Type.Boolean({ default: true }),
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
    capacity: Type.Object(
      {
        /** Service slots working in parallel (c of M/M/c). */
        slots: Type.Integer({ default: 64, minimum: 1 }),
        /** Requests that may wait for a slot; beyond this the platform answers overloaded. */
        queueLimit: Type.Integer({ default: 10_000, minimum: 0 }),
        /** Service-time distribution (milliseconds) per operation kind, `default` for the rest. */
        serviceTimeMs: Type.Optional(ServiceTimeByOpSchema),
        /** Extra service time per KiB of request payload, ms. */
        perKiBMs: Type.Number({ default: 0, minimum: 0 }),
      },
      { additionalProperties: false, default: {} },
    ),
    webhooks: Type.Object(
      {
        url: Type.Optional(Type.String()),
        enabled: Type.Boolean({ default: true }),
      },
      { additionalProperties: true, default: {} },
    ),
  },
  { additionalProperties: true },
);

export type MockSettingsInput = Static<typeof MockSettingsSchema>;
export type MockSettings = MockSettingsInput;

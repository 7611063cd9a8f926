import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MockSettingsSchema } from '../../src/scenario/mock-schema.js';
import { fillDefaults } from '../../src/scenario/schema-defaults.js';
import { ScenarioSchema } from '../../src/scenario/scenario-schema.js';
import { CustomerServiceParamsSchema, GeneralChatbotParamsSchema } from '../../src/scenario/traffic-schema.js';

const FILES = ['customer-service', 'general-chatbot', 'smoke', 'mix-adoption', 'steady-state'].map((n) => parse(readFileSync(`scenarios/${n}.yaml`, 'utf8')) as Record<string, unknown>);
const MOCKS = ['scenarios/mock.yaml', 'bench/scenarios/unlimited-mock.yaml'].map((f) => parse(readFileSync(f, 'utf8')) as Record<string, unknown>);

/** TypeBox's own Value.Default is the oracle. */
const both = (schema: Parameters<typeof fillDefaults>[0], value: unknown) => [fillDefaults(schema, structuredClone(value)), Value.Default(schema, structuredClone(value))];

describe('fillDefaults gives what Value.Default gives, in one pass', () => {
  it('on every shipped scenario, and on the empty document', () => {
    for (const doc of [...FILES, {}, { traffic: { mix: [{ shape: 'general-chatbot' }, { shape: 'customer-service', weight: 2 }] } }]) {
      const [ours, theirs] = both(ScenarioSchema, doc);
      expect(ours).toEqual(theirs);
    }
  });

  it('on the mock configs, and on the shape parameters alone', () => {
    for (const doc of [...MOCKS, {}]) expect(fillDefaults(MockSettingsSchema, structuredClone(doc))).toEqual(Value.Default(MockSettingsSchema, structuredClone(doc)));
    const [cs, csOracle] = both(CustomerServiceParamsSchema, { activeShare: 0.02, userMessages: { dist: 'constant', value: 3 } });
    expect(cs).toEqual(csOracle);
    const [bot, botOracle] = both(GeneralChatbotParamsSchema, { userMediaBytes: { image: { dist: 'constant', value: 1 } } });
    expect(bot).toEqual(botOracle);
  });

  it('on valid documents with random parameters: whenever Value.Default yields a valid scenario, both agree', () => {
    const share = fc.double({ min: 0, max: 1, noNaN: true });
    const entry = fc.record(
      {
        shape: fc.constantFrom('customer-service', 'general-chatbot'),
        weight: fc.double({ min: 0.1, max: 5, noNaN: true }),
        params: fc.record({ activeShare: share, markAsRead: fc.boolean(), userMedia: fc.record({ image: share }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['shape'] },
    );
    const doc = fc.record(
      {
        name: fc.constant('x'),
        users: fc.integer({ min: 1, max: 1e6 }),
        workers: fc.oneof(fc.constant('auto'), fc.integer({ min: 1, max: 64 })),
        clock: fc.record({ startHour: fc.integer({ min: 0, max: 24 }), day: fc.constantFrom('weekday', 'weekend') }, { requiredKeys: [] }),
        traffic: fc.record({ mix: fc.array(entry, { minLength: 1, maxLength: 3 }) }),
        mock: fc.record({ throughputPerSecond: fc.integer({ min: 1, max: 1000 }), capacity: fc.record({ slots: fc.integer({ min: 1, max: 99 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
      },
      { requiredKeys: ['name', 'users', 'traffic'] },
    );
    fc.assert(
      fc.property(doc, (value) => {
        const [ours, theirs] = both(ScenarioSchema, value);
        if (Value.Check(ScenarioSchema, theirs)) expect(ours).toEqual(theirs);
      }),
      { numRuns: 60, seed: 77 },
    );
  });
});

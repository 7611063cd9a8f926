import { Value } from '@sinclair/typebox/value';
import type { ResolvedScenario } from '../../src/scenario/resolved-scenario.js';
import {
  type CustomerServiceParams,
  CustomerServiceParamsSchema,
  type GeneralChatbotParams,
  GeneralChatbotParamsSchema,
  type ResolvedMixEntry,
} from '../../src/scenario/traffic-schema.js';
import { US_PER_DAY } from '../../src/units.js';

/** Shape parameters with the schema's sourced defaults, overridden by `overrides`. */
export const customerServiceParams = (
  overrides: Partial<CustomerServiceParams> = {},
): CustomerServiceParams =>
  Value.Default(CustomerServiceParamsSchema, structuredClone(overrides)) as CustomerServiceParams;
export const generalChatbotParams = (overrides: Partial<GeneralChatbotParams> = {}): GeneralChatbotParams =>
  Value.Default(GeneralChatbotParamsSchema, structuredClone(overrides)) as GeneralChatbotParams;

/** A resolved scenario as the loader would produce it, without a file (the plan's only input). */
export function scenarioFixture(options: {
  users: number;
  durationUs: number;
  seed?: number;
  mix?: ResolvedMixEntry[];
  startHour?: number;
  preRollUs?: number;
  dayInUs?: number;
  day?: 'weekday' | 'weekend';
}): ResolvedScenario {
  const mix = options.mix ?? [
    { shape: 'customer-service', weight: 0.5, params: customerServiceParams() },
    { shape: 'general-chatbot', weight: 0.5, params: generalChatbotParams() },
  ];
  return {
    name: 'fixture',
    description: undefined,
    source: undefined,
    seed: options.seed ?? 7,
    durationUs: options.durationUs,
    users: options.users,
    workers: 1,
    target: 'embedded',
    clock: {
      startHour: options.startHour ?? 10,
      dayInUs: options.dayInUs ?? US_PER_DAY,
      day: options.day ?? 'weekday',
      preRollUs: options.preRollUs ?? 0,
    },
    traffic: { mix },
    mock: {} as ResolvedScenario['mock'],
    load: {
      connectionsPerWorker: 1,
      intervalUs: 1_000_000,
      intervalSet: false,
      latenessWarnUs: 5_000,
      requestTimeoutUs: 30_000_000,
    },
    thresholds: [],
  };
}

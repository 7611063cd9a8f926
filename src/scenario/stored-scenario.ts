import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ChatloadError } from '../errors.js';
import { durationTextOfUs, US_PER_DAY } from '../units.js';
import { deepFreeze } from './deep-freeze.js';
import { loadScenarioValue } from './load-scenario.js';
import { MASK } from './mask-secrets.js';
import { type MockSettings, MockSettingsSchema } from './mock-schema.js';
import { fillDefaults } from './schema-defaults.js';
import type { ResolvedScenario, ScenarioOverrides } from './resolved-scenario.js';

/**
 * A result directory's scenario.json (the resolved scenario, secrets masked) turned back into a
 * scenario, so `run|sim --from results/<id>/` replays what a cited figure was made with: the
 * stored values become the file's form again (durations as text) and go through the same
 * validation and resolution as a file, with the command line's overrides on top. Masked secrets
 * are restored to the defaults — the embedded mock is configured from the same settings, so any
 * token works; against another target the stored token cannot be known, so that is refused.
 */

/** The fields a stored scenario must have for a replay (the rest is checked by the scenario schema). */
const StoredFields = Type.Object({
  name: Type.String(),
  description: Type.Optional(Type.String()),
  source: Type.Optional(Type.String()),
  seed: Type.Integer(),
  durationUs: Type.Number({ minimum: 0 }),
  users: Type.Number(),
  workers: Type.Union([Type.Number(), Type.String()]),
  target: Type.String(),
  clock: Type.Object({ startHour: Type.Number(), dayInUs: Type.Number({ exclusiveMinimum: 0 }), preRollUs: Type.Union([Type.Number(), Type.Literal('auto')]), day: Type.String() }),
  traffic: Type.Object({ mix: Type.Array(Type.Object({ shape: Type.String(), weight: Type.Number(), params: Type.Record(Type.String(), Type.Unknown()) })) }),
  mock: Type.Record(Type.String(), Type.Unknown()),
  load: Type.Object({ connectionsPerWorker: Type.Number(), intervalUs: Type.Number(), intervalSet: Type.Boolean(), latenessWarnUs: Type.Number(), requestTimeoutUs: Type.Number() }),
  thresholds: Type.Array(Type.String()),
});

const SECRETS = ['accessToken', 'appSecret', 'verifyToken'] as const;
const DEFAULT_SECRETS: Readonly<Record<(typeof SECRETS)[number], string>> = fillDefaults(MockSettingsSchema, {}) as MockSettings;

export interface StoredScenario {
  readonly scenario: ResolvedScenario;
  /** Secrets that were masked and are now the defaults. */
  readonly restoredSecrets: readonly string[];
}

/** The scenario stored in `file` (its parsed JSON), with `overrides` applied. */
export function scenarioOfStored(stored: unknown, file: string, overrides: ScenarioOverrides = {}): StoredScenario {
  if (!Value.Check(StoredFields, stored)) {
    const first = [...Value.Errors(StoredFields, stored)][0];
    throw new ChatloadError('CHATLOAD_E_RESULT_DIR_INVALID', `${file}: not a stored scenario (${first ? `${first.path || '/'}: ${first.message}` : 'malformed'})`);
  }
  const mock: Record<string, unknown> = { ...stored.mock };
  const restoredSecrets = SECRETS.filter((key) => mock[key] === MASK);
  // In place, so the settings keep their order (and a replay's scenario.json its bytes).
  for (const key of restoredSecrets) mock[key] = DEFAULT_SECRETS[key];
  const target = overrides.target ?? stored.target;
  if (target !== 'embedded' && restoredSecrets.includes('accessToken')) {
    throw new ChatloadError(
      'CHATLOAD_E_USAGE',
      `${file} ran against ${target}, whose access token a result never stores; replay it against the embedded mock (--target embedded) or run the scenario file with the token in it`,
    );
  }
  const { clock, load } = stored;
  const document = {
    name: stored.name,
    ...(stored.description === undefined ? {} : { description: stored.description }),
    seed: stored.seed,
    duration: durationTextOfUs(stored.durationUs),
    users: stored.users,
    workers: stored.workers,
    target: stored.target,
    clock: {
      startHour: clock.startHour,
      ...(clock.dayInUs === US_PER_DAY ? {} : { dayIn: durationTextOfUs(clock.dayInUs) }),
      preRoll: clock.preRollUs === 'auto' ? 'auto' : durationTextOfUs(clock.preRollUs),
      day: clock.day,
    },
    traffic: { mix: stored.traffic.mix.map((entry) => ({ shape: entry.shape, weight: entry.weight, params: entry.params })) },
    mock,
    load: {
      connectionsPerWorker: load.connectionsPerWorker,
      // An interval the run chose itself (the sim's duration ÷ 288) is chosen again, not pinned.
      ...(load.intervalSet ? { interval: durationTextOfUs(load.intervalUs) } : {}),
      latenessWarn: durationTextOfUs(load.latenessWarnUs),
      requestTimeout: durationTextOfUs(load.requestTimeoutUs),
    },
    thresholds: stored.thresholds,
  };
  const resolved = loadScenarioValue(document, file, overrides);
  // The replay is of the same scenario: it keeps the file the original came from.
  return { scenario: deepFreeze({ ...resolved, source: stored.source }), restoredSecrets };
}

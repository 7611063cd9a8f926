import { readFileSync } from 'node:fs';
import { Value } from '@sinclair/typebox/value';
import { ChatloadError, type InputIssue } from '../errors.js';
import { parseDurationUs, US_PER_DAY, US_PER_SECOND, msToUs } from '../units.js';
import { deepFreeze } from './deep-freeze.js';
import { type MockSettings, MockSettingsSchema } from './mock-schema.js';
import type { ResolvedScenario, ScenarioOverrides } from './resolved-scenario.js';
import { type ScenarioInput, ScenarioSchema } from './scenario-schema.js';
import { schemaIssues } from './schema-issues.js';
import { parseThreshold } from './threshold-grammar.js';
import {
  CustomerServiceParamsSchema,
  GeneralChatbotParamsSchema,
  type ResolvedMixEntry,
  type CustomerServiceParams,
  type GeneralChatbotParams,
} from './traffic-schema.js';
import { parseYamlWithLines } from './yaml-locate.js';
import { distributionIssues } from './distribution-checks.js';

const DEFAULT_DURATION = '30s';
const DEFAULT_INTERVAL_US = US_PER_SECOND;
const DEFAULT_LATENESS_WARN_US = msToUs(5);
const DEFAULT_REQUEST_TIMEOUT_US = 30 * US_PER_SECOND;

/** Reads, validates and resolves a scenario file; every problem is reported at once. */
export function loadScenarioFile(file: string, overrides: ScenarioOverrides = {}): ResolvedScenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ChatloadError('CHATLOAD_E_SCENARIO_NOT_FOUND', `cannot read scenario file ${file}: ${(error as Error).message}`);
  }
  return loadScenarioText(text, file, overrides);
}

export function loadScenarioText(text: string, file: string | undefined, overrides: ScenarioOverrides = {}): ResolvedScenario {
  const yaml = parseYamlWithLines(text);
  const at = (path: readonly (string | number)[], message: string): InputIssue => ({
    ...(file === undefined ? {} : { file }),
    ...lineField(yaml.lineOf(path)),
    field: path.join('.'),
    message,
  });
  if (yaml.syntaxErrors.length > 0) {
    const issues = yaml.syntaxErrors.map((e) => ({ ...(file ? { file } : {}), line: e.line, field: '', message: `YAML syntax: ${e.message}` }));
    throw invalid(file, issues);
  }
  if (yaml.value === null || typeof yaml.value !== 'object' || Array.isArray(yaml.value)) {
    throw invalid(file, [at([], 'expected a mapping with at least name, users and traffic')]);
  }
  // Defaults first, so a field the user may omit is never reported as missing.
  const input = Value.Default(ScenarioSchema, applyOverrides(structuredClone(yaml.value) as Record<string, unknown>, overrides));
  const issues: InputIssue[] = schemaIssues(ScenarioSchema, input).map((i) => at(i.path, i.message));
  if (issues.length === 0) {
    issues.push(...[...semanticIssues(input as ScenarioInput), ...replyStyleIssues(yaml.value)].map((i) => at(i.path, i.message)));
  }
  if (issues.length > 0) throw invalid(file, issues);
  return resolveScenario(input as ScenarioInput, file);
}

function lineField(line: number | undefined): { line?: number } {
  return line === undefined ? {} : { line };
}

function invalid(file: string | undefined, issues: InputIssue[]): ChatloadError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return new ChatloadError('CHATLOAD_E_SCENARIO_INVALID', `scenario ${file ?? '(inline)'} is invalid: ${count}`, { issues });
}

function applyOverrides(input: Record<string, unknown>, overrides: ScenarioOverrides): Record<string, unknown> {
  const out: Record<string, unknown> = { ...input };
  if (overrides.users !== undefined) out.users = overrides.users;
  if (overrides.duration !== undefined) out.duration = overrides.duration;
  if (overrides.workers !== undefined) out.workers = overrides.workers;
  if (overrides.target !== undefined) out.target = overrides.target;
  if (overrides.seed !== undefined) out.seed = overrides.seed;
  if (overrides.thresholds !== undefined) out.thresholds = [...((input.thresholds as string[]) ?? []), ...overrides.thresholds];
  if (overrides.dayIn !== undefined || overrides.startHour !== undefined || overrides.preRoll !== undefined) {
    const clock = { ...((input.clock as Record<string, unknown>) ?? {}) };
    if (overrides.preRoll !== undefined) clock.preRoll = overrides.preRoll;
    if (overrides.dayIn !== undefined) clock.dayIn = overrides.dayIn;
    if (overrides.startHour !== undefined) clock.startHour = overrides.startHour;
    out.clock = clock;
  }
  return out;
}

interface PathIssue {
  path: (string | number)[];
  message: string;
}

/** Checks a schema cannot express: duration values, target URL, distribution parameters, thresholds. */
function semanticIssues(input: ScenarioInput): PathIssue[] {
  const issues: PathIssue[] = [];
  const durationUs = parseDurationUs(input.duration ?? DEFAULT_DURATION);
  if (durationUs === undefined || durationUs <= 0) issues.push({ path: ['duration'], message: 'expected a positive duration such as 30s or 2m' });
  if (input.clock?.dayIn !== undefined) {
    const dayIn = parseDurationUs(input.clock.dayIn);
    if (dayIn === undefined || dayIn <= 0) issues.push({ path: ['clock', 'dayIn'], message: 'expected a positive duration such as 1m' });
  }
  if (input.clock?.preRoll !== undefined && input.clock.preRoll !== 'auto' && parseDurationUs(input.clock.preRoll) === undefined) {
    issues.push({ path: ['clock', 'preRoll'], message: 'expected auto or a duration such as 10m' });
  }
  if (input.target !== undefined && input.target !== 'embedded') {
    try {
      const url = new URL(input.target);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('protocol');
    } catch {
      issues.push({ path: ['target'], message: `expected "embedded" or an http(s) URL, got "${input.target}"` });
    }
  }
  input.traffic.mix.forEach((entry, index) => {
    const params = (entry.params ?? {}) as Record<string, unknown>;
    for (const [key, value] of Object.entries(params)) {
      for (const message of distributionIssues(value)) issues.push({ path: ['traffic', 'mix', index, 'params', key], message });
    }
    const weights = params.hourlyWeights as number[] | undefined;
    if (weights && weights.reduce((a, b) => a + b, 0) <= 0) {
      issues.push({ path: ['traffic', 'mix', index, 'params', 'hourlyWeights'], message: 'expected weights that sum to more than 0' });
    }
  });
  (input.thresholds ?? []).forEach((expression, index) => {
    const parsed = parseThreshold(expression);
    if (!parsed.ok) issues.push({ path: ['thresholds', index], message: parsed.error });
  });
  return issues;
}

/**
 * `splitAtLimitShare` (older files) drew split-vs-chunked per conversation, but one bot has one
 * behaviour: 0 and 1 still read as a `replyStyle`; a share in between is refused with the two
 * honest ways to model a mix of bots.
 */
function replyStyleIssues(raw: object): PathIssue[] {
  const mix = (raw as { traffic?: { mix?: unknown } }).traffic?.mix;
  if (!Array.isArray(mix)) return [];
  return mix.flatMap((entry: { shape?: unknown; params?: { splitAtLimitShare?: unknown; replyStyle?: unknown } } | null, index) => {
    if (entry?.shape !== 'general-chatbot') return [];
    // Read before defaults are filled, so only a replyStyle the file states counts as a conflict.
    const message = splitShareIssue(entry.params?.splitAtLimitShare, entry.params?.replyStyle);
    return message === undefined ? [] : [{ path: ['traffic', 'mix', index, 'params', 'splitAtLimitShare'], message }];
  });
}

function splitShareIssue(share: unknown, replyStyle: unknown): string | undefined {
  if (share === undefined) return undefined;
  if (share !== 0 && share !== 1) {
    return `splitAtLimitShare ${String(share)} mixes two bot behaviours in one bot; set replyStyle: split or chunked, or write two general-chatbot mix entries (e.g. weight ${String(share)} with replyStyle: split and weight ${typeof share === 'number' ? Number((1 - share).toFixed(6)) : '1 − share'} with replyStyle: chunked), or run two scenarios`;
  }
  const mapped = share === 1 ? 'split' : 'chunked';
  if (replyStyle !== undefined && replyStyle !== mapped) return `splitAtLimitShare ${share} means replyStyle: ${mapped}, but replyStyle is ${String(replyStyle)}; keep only replyStyle`;
  return undefined;
}

function chatbotParams(params: Record<string, unknown>): GeneralChatbotParams {
  const { splitAtLimitShare, ...rest } = params;
  if (splitAtLimitShare !== undefined) rest.replyStyle = splitAtLimitShare === 1 ? 'split' : 'chunked';
  const resolved = Value.Default(GeneralChatbotParamsSchema, rest) as GeneralChatbotParams & { splitAtLimitShare?: number };
  delete resolved.splitAtLimitShare;
  return resolved;
}

function resolveScenario(input: ScenarioInput, source: string | undefined): ResolvedScenario {
  const mix: ResolvedMixEntry[] = input.traffic.mix.map((entry) =>
    entry.shape === 'customer-service'
      ? { shape: entry.shape, weight: entry.weight ?? 1, params: Value.Default(CustomerServiceParamsSchema, structuredClone(entry.params ?? {})) as CustomerServiceParams }
      : { shape: entry.shape, weight: entry.weight ?? 1, params: chatbotParams(structuredClone(entry.params ?? {}) as Record<string, unknown>) },
  );
  const mock = Value.Default(MockSettingsSchema, structuredClone(input.mock ?? {})) as MockSettings;
  const resolved: ResolvedScenario = {
    name: input.name,
    description: input.description,
    source,
    seed: input.seed,
    durationUs: parseDurationUs(input.duration ?? DEFAULT_DURATION)!,
    users: input.users,
    workers: input.workers,
    target: input.target,
    clock: {
      startHour: input.clock.startHour,
      dayInUs: input.clock.dayIn === undefined ? US_PER_DAY : parseDurationUs(input.clock.dayIn)!,
      day: input.clock.day,
      preRollUs: input.clock.preRoll === undefined || input.clock.preRoll === 'auto' ? 'auto' : parseDurationUs(input.clock.preRoll)!,
    },
    traffic: { mix },
    mock,
    load: {
      connectionsPerWorker: input.load.connectionsPerWorker,
      intervalUs: input.load.interval === undefined ? DEFAULT_INTERVAL_US : parseDurationUs(input.load.interval)!,
      latenessWarnUs: input.load.latenessWarn === undefined ? DEFAULT_LATENESS_WARN_US : parseDurationUs(input.load.latenessWarn)!,
      requestTimeoutUs: input.load.requestTimeout === undefined ? DEFAULT_REQUEST_TIMEOUT_US : parseDurationUs(input.load.requestTimeout)!,
    },
    thresholds: input.thresholds,
  };
  return deepFreeze(resolved);
}

import { readFileSync } from 'node:fs';
import { ChatloadError, type InputIssue } from '../errors.js';
import { parseDurationUs, US_PER_DAY, US_PER_SECOND, msToUs } from '../units.js';
import { deepFreeze } from './deep-freeze.js';
import { type MockSettings, MockSettingsSchema } from './mock-schema.js';
import type { ResolvedScenario, ScenarioOverrides } from './resolved-scenario.js';
import { DEFAULT_DURATION, type ScenarioInput, ScenarioSchema } from './scenario-schema.js';
import { fillDefaults } from './schema-defaults.js';
import { schemaIssues } from './schema-issues.js';
import { boundIssues, type PathIssue, semanticIssues } from './scenario-checks.js';
import { applyOverrides, flagIssue, originOf } from './scenario-overrides.js';
import { chatbotParams, replyStyleIssues } from './reply-style.js';
import {
  CustomerServiceParamsSchema,
  type ResolvedMixEntry,
  type CustomerServiceParams,
} from './traffic-schema.js';
import { parseYamlWithLines } from './yaml-locate.js';

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
  if (yaml.syntaxErrors.length > 0) {
    const issues = yaml.syntaxErrors.map((e) => ({ ...(file === undefined ? {} : { file }), line: e.line, field: '', message: `YAML syntax: ${e.message}` }));
    throw invalid(file, issues);
  }
  // A problem with no node of its own (an empty document) is told at the first line.
  return resolveDocument(yaml.value, file, overrides, (path) => yaml.lineOf(path) ?? 1);
}

/**
 * A scenario given as a value rather than text (a result directory's stored scenario, turned back
 * into the file's form): validated and resolved as a file would be; issues carry no line.
 */
export function loadScenarioValue(value: unknown, file: string | undefined, overrides: ScenarioOverrides = {}): ResolvedScenario {
  return resolveDocument(value, file, overrides, () => undefined);
}

function resolveDocument(document: unknown, file: string | undefined, overrides: ScenarioOverrides, lineOf: (path: readonly (string | number)[]) => number | undefined): ResolvedScenario {
  const inFile = (path: readonly (string | number)[], message: string): InputIssue => {
    const line = lineOf(path);
    return { ...(file === undefined ? {} : { file }), ...(line === undefined ? {} : { line }), field: path.join('.'), message };
  };
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw invalid(file, [inFile([], 'expected a mapping with at least name, users and traffic')]);
  }
  const { value, origins } = applyOverrides(structuredClone(document) as Record<string, unknown>, overrides);
  // Defaults first, so a field the user may omit is never reported as missing.
  const input = fillDefaults(ScenarioSchema, value);
  const found: PathIssue[] = [...schemaIssues(ScenarioSchema, input), ...boundIssues(input, (path) => originOf(path, origins) !== undefined)];
  if (found.length === 0) found.push(...semanticIssues(input as ScenarioInput), ...replyStyleIssues(document));
  const fromFlags = found.filter((issue) => originOf(issue.path, origins) !== undefined).length;
  const issues = found.map((issue) => {
    const origin = originOf(issue.path, origins);
    return origin === undefined ? inFile(issue.path, issue.message) : flagIssue(origin, issue.message);
  });
  if (issues.length > 0) throw invalid(file, issues, fromFlags === issues.length);
  return resolveScenario(input as ScenarioInput, file);
}

/** One coded error with every issue; an option error when every issue is about a command-line value. */
function invalid(file: string | undefined, issues: InputIssue[], allFromFlags = false): ChatloadError {
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  if (allFromFlags) {
    return new ChatloadError('CHATLOAD_E_OPTION_INVALID', `invalid command-line option for scenario ${file ?? '(inline)'}: ${count}`, { issues });
  }
  return new ChatloadError('CHATLOAD_E_SCENARIO_INVALID', `scenario ${file ?? '(inline)'} is invalid: ${count}`, { issues });
}

function resolveScenario(input: ScenarioInput, source: string | undefined): ResolvedScenario {
  const mix: ResolvedMixEntry[] = input.traffic.mix.map((entry) =>
    entry.shape === 'customer-service'
      ? { shape: entry.shape, weight: entry.weight ?? 1, params: fillDefaults(CustomerServiceParamsSchema, structuredClone(entry.params ?? {})) as CustomerServiceParams }
      : { shape: entry.shape, weight: entry.weight ?? 1, params: chatbotParams(structuredClone(entry.params ?? {}) as Record<string, unknown>) },
  );
  const mock = fillDefaults(MockSettingsSchema, structuredClone(input.mock ?? {})) as MockSettings;
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
      intervalSet: input.load.interval !== undefined,
      latenessWarnUs: input.load.latenessWarn === undefined ? DEFAULT_LATENESS_WARN_US : parseDurationUs(input.load.latenessWarn)!,
      requestTimeoutUs: input.load.requestTimeout === undefined ? DEFAULT_REQUEST_TIMEOUT_US : parseDurationUs(input.load.requestTimeout)!,
    },
    thresholds: input.thresholds,
  };
  return deepFreeze(resolved);
}

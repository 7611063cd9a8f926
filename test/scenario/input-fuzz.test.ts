import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ChatloadError } from '../../src/errors.js';
import { loadScenarioText } from '../../src/scenario/load-scenario.js';
import { parseMockConfig } from '../../src/scenario/mock-config.js';
import type { ScenarioOverrides } from '../../src/scenario/resolved-scenario.js';

/**
 * Whatever a user writes, the two config parsers (`loadScenarioText` and `chatload serve
 * --config`'s `parseMockConfig`) either return a deep-frozen value or throw one coded error whose
 * every issue says where: file and line (or the command-line flag) and field, each within
 * 100 ms. 10,300 generated documents per run: random YAML and text, and mutations of every
 * shipped scenario and mock config (structural ones written back as JSON, which is YAML too).
 * The cheap random documents are the many, the mutations of whole scenarios (each costs the
 * YAML parser milliseconds) the few. Fixed seeds, so a failure is reproducible.
 */

const MAX_MS = 100;
const SCENARIO_FILES = ['customer-service', 'general-chatbot', 'smoke', 'mix-adoption', 'steady-state'].map((name) => `scenarios/${name}.yaml`);
const MOCK_FILES = ['scenarios/mock.yaml', 'bench/scenarios/unlimited-mock.yaml'];
const read = (file: string) => readFileSync(file, 'utf8');

function isDeepFrozen(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeepFrozen);
}

/**
 * The property: a frozen value, or a ChatloadError whose issues all say where, within MAX_MS.
 * Returns what is wrong, or undefined (plain checks, not `expect`: thousands of documents).
 */
function violation(call: () => unknown, file: string, text: string): string | undefined {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let outcome: unknown;
  let thrown: unknown;
  try {
    outcome = call();
  } catch (error) {
    thrown = error;
  }
  // Wall time counts other processes on a shared machine, CPU time counts parallel GC threads:
  // the parser's own cost is at most the smaller of the two.
  const used = process.cpuUsage(cpu);
  const ms = Math.min(performance.now() - started, (used.user + used.system) / 1_000);
  if (ms >= MAX_MS) return `took ${ms.toFixed(0)} ms`;
  if (thrown === undefined) return isDeepFrozen(outcome) ? undefined : 'returned a value that is not deep-frozen';
  if (!(thrown instanceof ChatloadError)) return `threw ${String(thrown)}`;
  if (thrown.code !== 'CHATLOAD_E_SCENARIO_INVALID' && thrown.code !== 'CHATLOAD_E_OPTION_INVALID') return `threw code ${thrown.code}`;
  if (thrown.issues.length === 0) return 'threw with no issue';
  const lines = text.split('\n').length;
  for (const issue of thrown.issues) {
    if (typeof issue.field !== 'string' || issue.message.length === 0) return `issue without field or message: ${JSON.stringify(issue)}`;
    // A command-line value: the flag (or the option that set it) is where, not a file line.
    if (issue.field.startsWith('--') || issue.field.startsWith('the capacity')) {
      if (issue.file !== undefined) return `flag issue with a file: ${JSON.stringify(issue)}`;
      continue;
    }
    if (issue.file !== file) return `issue not in ${file}: ${JSON.stringify(issue)}`;
    if (!(Number.isInteger(issue.line) && issue.line! >= 1 && issue.line! <= lines)) return `issue without a line of the file: ${JSON.stringify(issue)}`;
  }
  return undefined;
}

function expectFrozenOrLocated(call: () => unknown, file: string, text: string): void {
  expect(violation(call, file, text)).toBeUndefined();
}

/** Values a mutation puts in: the generic, and the kinds that find bounds (zero, negatives, huge, tiny durations). */
const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(0, -1, 1e12, Number.POSITIVE_INFINITY, -0, 0.5, '0s', '0.0000001s', '31d', '1e12', '', 'NaN', '-5m', '999999999999h', null, [], {}),
  fc.double(),
  fc.string({ maxLength: 12 }),
);

type Json = unknown;
type Path = (string | number)[];

/** Every path to a node of a parsed document (containers and leaves). */
function pathsOf(value: Json, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value as Record<string, Json>);
  return [prefix, ...children.flatMap(([key, child]) => pathsOf(child, [...prefix, key]))];
}

function mutate(doc: Json, path: Path, kind: 'set' | 'delete' | 'add', value: Json): Json {
  if (path.length === 0) return kind === 'set' ? value : doc;
  const copy = structuredClone(doc) as Record<string | number, Json>;
  let parent = copy as Record<string | number, Json>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const last = path[path.length - 1]!;
  if (kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else if (kind === 'add' && parent[last] !== null && typeof parent[last] === 'object' && !Array.isArray(parent[last])) {
    (parent[last] as Record<string, Json>).colour = value;
  } else parent[last] = value;
  return copy;
}

/** A structural mutation of a parsed document: a node set to a nasty value, deleted, or given an unknown field. */
const structuralMutation = (docs: readonly Json[]) => {
  const pathsByDoc = docs.map((doc) => pathsOf(doc));
  return fc
    .record({ doc: fc.nat(docs.length - 1), pick: fc.nat(), kind: fc.constantFrom('set', 'delete', 'add') as fc.Arbitrary<'set' | 'delete' | 'add'>, value: nasty })
    .map(({ doc, pick, kind, value }) => {
      const paths = pathsByDoc[doc]!;
      // JSON is YAML too (flow style), and by far the cheapest to write back.
      return JSON.stringify(mutate(docs[doc], paths[pick % paths.length]!, kind, value)) ?? 'null';
    });
};

/** A text mutation: delete, duplicate or replace a slice of the file's text (breaks indentation, quotes, flow collections). */
const textMutation = (texts: readonly string[]) =>
  fc.record({ text: fc.nat(texts.length - 1), at: fc.nat(), length: fc.nat(40), insert: fc.string({ maxLength: 6 }) }).map(({ text, at, length, insert }) => {
    const source = texts[text]!;
    const start = at % (source.length + 1);
    return source.slice(0, start) + insert + source.slice(start + length);
  });

const randomYaml = fc.oneof(fc.jsonValue({ maxDepth: 3 }).map((v) => stringify(v)), fc.string({ maxLength: 200 }), fc.constant(''));

const overrides: fc.Arbitrary<ScenarioOverrides> = fc.record(
  {
    users: fc.oneof(fc.integer(), fc.constantFrom(0, 1e12, 1.5)),
    duration: fc.oneof(fc.string({ maxLength: 6 }), fc.constantFrom('0s', '31d', '1ms')),
    workers: fc.integer({ min: -2, max: 100 }),
    seed: fc.integer(),
    dayIn: fc.constantFrom('10ms', '1m', 'x'),
    startHour: fc.double({ min: -5, max: 30, noNaN: true }),
    preRoll: fc.constantFrom('31d', '5m', ''),
    thresholds: fc.array(fc.string({ maxLength: 10 }), { maxLength: 2 }),
  },
  { requiredKeys: [] },
);

describe('scenario files: a frozen scenario or a located coded error, never a crash or a hang', () => {
  const texts = SCENARIO_FILES.map(read);
  const docs = texts.map((t) => parse(t) as Json);

  it('random YAML and text (4,500 documents)', () => {
    fc.assert(fc.property(randomYaml, (text) => expectFrozenOrLocated(() => loadScenarioText(text, 'fuzz.yaml'), 'fuzz.yaml', text)), { numRuns: 4_500, seed: 901 });
  });

  it('structural mutations of every shipped scenario, with random command-line overrides (500)', () => {
    fc.assert(
      fc.property(structuralMutation(docs), fc.option(overrides, { nil: undefined }), (text, given) =>
        expectFrozenOrLocated(() => loadScenarioText(text, 'mutated.yaml', given), 'mutated.yaml', text),
      ),
      { numRuns: 500, seed: 902 },
    );
  });

  it('text mutations of every shipped scenario (300)', () => {
    fc.assert(fc.property(textMutation(texts), (text) => expectFrozenOrLocated(() => loadScenarioText(text, 'cut.yaml'), 'cut.yaml', text)), { numRuns: 300, seed: 903 });
  });
});

describe('mock configs (chatload serve --config): frozen settings or a located coded error', () => {
  // The mock configs, and each shipped scenario's mock: block as a file of its own (serve accepts both forms).
  const blocks = SCENARIO_FILES.map((file) => (parse(read(file)) as { mock?: Json }).mock).filter((mock) => mock !== undefined);
  const texts = [...MOCK_FILES.map(read), ...blocks.map((mock) => stringify({ mock }))];
  const docs = texts.map((t) => parse(t) as Json);

  it('random YAML and text (3,800)', () => {
    fc.assert(fc.property(randomYaml, (text) => expectFrozenOrLocated(() => parseMockConfig(text, 'fuzz.yaml'), 'fuzz.yaml', text)), { numRuns: 3_800, seed: 904 });
  });

  it('structural and text mutations of the shipped mock configs and scenario mock blocks (1,200)', () => {
    fc.assert(
      fc.property(fc.oneof(structuralMutation(docs), textMutation(texts)), (text) => expectFrozenOrLocated(() => parseMockConfig(text, 'mock.yaml'), 'mock.yaml', text)),
      { numRuns: 1_200, seed: 905 },
    );
  });
});

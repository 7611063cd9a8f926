import { describe, expect, test } from 'vitest';
import { ChatloadError } from '../../src/errors.js';
import { loadScenarioFile } from '../../src/scenario/load-scenario.js';
import { MASK, maskScenarioSecrets } from '../../src/scenario/mask-secrets.js';
import type { ResolvedScenario } from '../../src/scenario/resolved-scenario.js';
import { scenarioOfStored } from '../../src/scenario/stored-scenario.js';
import { simScenarioOf } from '../../src/sim/sim-scenario.js';

/** What a result directory holds: the resolved scenario, secrets masked, through JSON. */
const stored = (scenario: ResolvedScenario): unknown => JSON.parse(JSON.stringify(maskScenarioSecrets(scenario)));

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    if (error instanceof ChatloadError) return `${error.code}: ${error.message}${error.issues.map((i) => ` | ${JSON.stringify(i)}`).join('')}`;
    throw error;
  }
  return undefined;
};

describe('a stored scenario is the scenario again (run|sim --from results/<id>/)', () => {
  const files = ['scenarios/versus.yaml', 'scenarios/customer-service.yaml', 'scenarios/general-chatbot.yaml', 'scenarios/smoke.yaml', 'test/sim/fixtures/sim-small.yaml'];

  test.each(files)('%s: scenario.json read back equals the resolved scenario, secrets restored to the defaults', (file) => {
    const scenario = loadScenarioFile(file);
    const { scenario: replayed, restoredSecrets } = scenarioOfStored(stored(scenario), 'results/x/scenario.json');
    expect(replayed).toEqual(scenario);
    expect(restoredSecrets).toEqual(['accessToken', 'appSecret', 'verifyToken']);
    // And stored again, the same bytes: a replay's scenario.json is the original's.
    expect(JSON.stringify(stored(replayed))).toBe(JSON.stringify(stored(scenario)));
  });

  test('an interval the sim chose (duration ÷ 288) is chosen again, not pinned: a longer replay gets its own', () => {
    const { scenario } = simScenarioOf(loadScenarioFile('test/sim/fixtures/sim-small.yaml'));
    const again = simScenarioOf(scenarioOfStored(stored(scenario), 'scenario.json').scenario).scenario;
    expect(again.load.intervalUs).toBe(scenario.load.intervalUs);
    const longer = simScenarioOf(scenarioOfStored(stored(scenario), 'scenario.json', { duration: '10h' }).scenario).scenario;
    expect(longer.load.intervalUs).not.toBe(scenario.load.intervalUs);
  });

  test('command-line overrides apply on top of the stored values', () => {
    const scenario = loadScenarioFile('scenarios/customer-service.yaml');
    const { scenario: replayed } = scenarioOfStored(stored(scenario), 'scenario.json', { seed: 7, users: 1000 });
    expect(replayed.seed).toBe(7);
    expect(replayed.users).toBe(1000);
    expect(replayed.traffic).toEqual(scenario.traffic);
  });

  test('a result made against another target is refused with a hint: its token was never stored', () => {
    const scenario = { ...loadScenarioFile('scenarios/smoke.yaml'), target: 'http://127.0.0.1:9' };
    expect(codeOf(() => scenarioOfStored(stored(scenario), 'r/scenario.json'))).toMatch(/^CHATLOAD_E_USAGE: r\/scenario\.json ran against http:\/\/127\.0\.0\.1:9, .*--target embedded/);
    expect(scenarioOfStored(stored(scenario), 'r/scenario.json', { target: 'embedded' }).scenario.target).toBe('embedded');
  });

  test('a file that is not a stored scenario is refused with the field at fault; a bad value with the scenario’s own message', () => {
    expect(codeOf(() => scenarioOfStored({ name: 'x' }, 'r/scenario.json'))).toMatch(/^CHATLOAD_E_RESULT_DIR_INVALID: r\/scenario\.json: not a stored scenario \(\/seed: /);
    const bad = stored(loadScenarioFile('scenarios/smoke.yaml')) as { users: number; mock: { accessToken: string } };
    expect(bad.mock.accessToken).toBe(MASK);
    expect(codeOf(() => scenarioOfStored({ ...bad, users: -5 }, 'r/scenario.json'))).toMatch(/^CHATLOAD_E_SCENARIO_INVALID: .*"users"/);
  });
});

import type { MockSettings } from './mock-schema.js';
import type { ResolvedScenario } from './resolved-scenario.js';

/** What replaces a secret wherever settings leave the process (result files, /_sim/config). */
export const MASK = '***';

/** Mock settings with the access token, app secret and verify token replaced. */
export function maskMockSecrets(settings: MockSettings): MockSettings {
  return { ...settings, accessToken: MASK, appSecret: MASK, verifyToken: MASK };
}

/** The scenario as stored in a result directory: never a secret in clear (decision 0003). */
export function maskScenarioSecrets(scenario: ResolvedScenario): ResolvedScenario {
  return { ...scenario, mock: maskMockSecrets(scenario.mock) };
}

import { readFileSync } from 'node:fs';
import { ChatloadError, type InputIssue } from '../errors.js';
import { deepFreeze } from './deep-freeze.js';
import { type MockSettings, MockSettingsSchema, resolveMockSettings } from './mock-schema.js';
import { mockSettingsIssues } from './scenario-checks.js';
import { schemaIssues } from './schema-issues.js';
import { parseYamlWithLines } from './yaml-locate.js';

/**
 * The mock's settings file (`chatload serve --config`): the same schema as a scenario's `mock:`
 * block, and a file may hold either that block alone or a whole scenario with one. Validated
 * once, every problem with file, line and field; then frozen.
 */

export function loadMockConfig(file: string): MockSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ChatloadError('CHATLOAD_E_SCENARIO_NOT_FOUND', `cannot read mock config ${file}: ${(error as Error).message}`);
  }
  return parseMockConfig(text, file);
}

export function parseMockConfig(text: string, file: string): MockSettings {
  const yaml = parseYamlWithLines(text);
  const invalid = (issues: InputIssue[]) =>
    new ChatloadError('CHATLOAD_E_SCENARIO_INVALID', `mock config ${file} is invalid: ${issues.length === 1 ? '1 problem' : `${issues.length} problems`}`, { issues });
  if (yaml.syntaxErrors.length > 0) {
    throw invalid(yaml.syntaxErrors.map((e) => ({ file, line: e.line, field: '', message: `YAML syntax: ${e.message}` })));
  }
  const root = yaml.value ?? {};
  if (typeof root !== 'object' || Array.isArray(root)) throw invalid([{ file, line: 1, field: '', message: 'expected a mapping of mock settings' }]);
  const nested = 'mock' in root;
  const input = nested ? (root as { mock: unknown }).mock : root;
  const prefix = nested ? ['mock'] : [];
  // Defaults first: fields with defaults are required in the schema, as in the scenario loader.
  const settings = resolveMockSettings(input ?? {});
  const found = schemaIssues(MockSettingsSchema, settings, prefix);
  if (found.length === 0) found.push(...mockSettingsIssues(settings, prefix));
  const issues = found.map((issue) => ({ file, line: yaml.lineOf(issue.path) ?? 1, field: issue.path.join('.'), message: issue.message }));
  if (issues.length > 0) throw invalid(issues);
  return deepFreeze(settings);
}

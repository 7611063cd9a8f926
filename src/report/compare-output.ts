import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Comparison } from './compare-model.js';
import { comparisonCsv } from './compare-render.js';
import type { RegressionCheck } from './regression-check.js';

export const COMPARISON_FILES = {
  csv: 'comparison.csv',
  json: 'comparison.json',
  html: 'report.html',
} as const;

/** What comparison.json holds: the comparison, and the baseline checks when a baseline was given. */
export interface ComparisonJson extends Comparison {
  readonly baseline?: {
    readonly source: string;
    readonly runId: string;
    readonly maxRegression: number;
    readonly minSamples: number;
  };
  readonly regressions?: readonly { readonly runId: string; readonly checks: readonly RegressionCheck[] }[];
}

/** Writes comparison.csv and comparison.json into `dir` (created when missing). */
export function writeComparisonFiles(dir: string, json: ComparisonJson): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, COMPARISON_FILES.csv), comparisonCsv(json));
  writeFileSync(join(dir, COMPARISON_FILES.json), `${JSON.stringify(json, null, 2)}\n`);
}

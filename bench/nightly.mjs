#!/usr/bin/env node
// Nightly benchmark: runs the two shape scenarios live (embedded mock), compares them side by
// side (load multiplier), then checks each against the previous night's results when a baseline
// directory exists. Exit code: 4 on a regression, 99 on a failed threshold, else the worst of the
// steps (so CI fails for the right reason). Usage:
//   node bench/nightly.mjs [--out results/nightly] [--baseline DIR] [--duration 60s] [--max-regression 15%]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli', 'bin.js');
const SHAPES = ['customer-service', 'general-chatbot'];
const EXIT = { OK: 0, REGRESSION: 4, THRESHOLD_FAILED: 99 };

const { values: opts } = parseArgs({
  options: {
    out: { type: 'string', default: join('results', 'nightly') },
    baseline: { type: 'string' },
    duration: { type: 'string', default: '60s' },
    'max-regression': { type: 'string', default: '15%' },
  },
});
const out = resolve(root, opts.out);

function chatload(args) {
  console.log(`\n$ chatload ${args.join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
  return result.status ?? 1;
}

if (!existsSync(cli)) {
  console.error(`nightly: ${cli} is missing; run "npm run build" first`);
  process.exit(1);
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const codes = [];
const runDirs = [];
for (const shape of SHAPES) {
  const dir = join(out, shape);
  const code = chatload(['run', join('scenarios', `${shape}.yaml`), '--duration', opts.duration, '--out', dir, '--no-progress']);
  codes.push(code);
  if (code !== EXIT.OK && code !== EXIT.THRESHOLD_FAILED) {
    console.error(`nightly: run of ${shape} failed with exit code ${code}`);
    process.exit(code);
  }
  chatload(['report', dir]);
  runDirs.push(dir);
}

codes.push(chatload(['compare', ...runDirs, '--out', join(out, 'comparison')]));

if (opts.baseline && SHAPES.every((shape) => existsSync(join(opts.baseline, shape, 'summary.json')))) {
  for (const shape of SHAPES) {
    codes.push(
      chatload([
        'compare', join(out, shape),
        '--baseline', join(resolve(root, opts.baseline), shape),
        '--max-regression', opts['max-regression'],
        '--junit', join(out, `junit-${shape}.xml`),
        '--out', join(out, `vs-baseline-${shape}`),
      ]),
    );
  }
} else {
  console.log('\nnightly: no baseline yet; tonight’s results become the first one');
}

const worst = codes.includes(EXIT.REGRESSION)
  ? EXIT.REGRESSION
  : codes.includes(EXIT.THRESHOLD_FAILED)
    ? EXIT.THRESHOLD_FAILED
    : Math.max(0, ...codes.filter((c) => c !== EXIT.OK));
console.log(`\nnightly: results in ${out} (exit ${worst})`);
process.exit(worst);

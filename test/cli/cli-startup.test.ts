import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';

/**
 * The CLI loads only the command that runs: each command module holds its yargs table and imports
 * its handler's code when it runs. Checked on the built CLI (npm run build) with a module `load`
 * hook that logs every module a child process loads.
 */
const BIN = path.resolve('dist/cli/bin.js');
const DIST = `${pathToFileURL(path.resolve('dist')).href}/`;
const dir = mkdtempSync(path.join(os.tmpdir(), 'chatload-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Runs in the loader's hooks thread: it appends each loaded module's URL to $LOAD_LOG.
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function load(url, context, next) {
  appendFileSync(process.env.LOAD_LOG, url + '\\n');
  return next(url, context);
}
`;
writeFileSync(path.join(dir, 'hooks.mjs'), HOOKS);
writeFileSync(
  path.join(dir, 'register.mjs'),
  `import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n`,
);

interface Started {
  readonly code: number;
  readonly stdout: string;
  /** Modules loaded, as paths below dist/ (e.g. cli/main.js) or the URL of any other module. */
  readonly modules: readonly string[];
}

let runs = 0;
function start(...args: string[]): Promise<Started> {
  const log = path.join(dir, `loaded-${++runs}.txt`);
  writeFileSync(log, '');
  const argv = ['--import', pathToFileURL(path.join(dir, 'register.mjs')).href, BIN, ...args];
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      argv,
      { env: { ...process.env, LOAD_LOG: log, NO_COLOR: '1' } },
      (error, stdout) => {
        const modules = readFileSync(log, 'utf8')
          .split('\n')
          .filter((url) => url !== '')
          .map((url) => (url.startsWith(DIST) ? url.slice(DIST.length) : url));
        resolve({ code: error ? Number(error.code) : 0, stdout, modules });
      },
    );
  });
}

// Implementation modules no command's table needs; the first four are the heaviest graphs (live run, sim, report, mock).
const HEAVY = [
  'pipeline/run-pipeline.js',
  'sim/sim-scenario.js',
  'report/html-report.js',
  'mock/build-mock-server.js',
  'scenario/load-scenario.js',
  'study/slot-study.js',
];
const isHandler = (module: string) => /^cli\/commands\/.+-handler\.js$/.test(module);
const isTypeBox = (module: string) => module.includes('/node_modules/@sinclair/typebox/');

function expectNoImplementation(modules: readonly string[]): void {
  expect(modules).toContain('cli/main.js'); // the hook saw the CLI load
  expect(modules).toContain('cli/commands/run.js');
  expect(modules.filter((m) => HEAVY.includes(m) || isHandler(m) || isTypeBox(m))).toEqual([]);
  expect(modules.filter((m) => /^(sim|load|mock)\//.test(m))).toEqual([]);
}

describe('chatload start-up', () => {
  test('--version loads the command tables, none of the commands’ code', async () => {
    const { code, stdout, modules } = await start('--version');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\d+\.\d+\.\d+/);
    expectNoImplementation(modules);
  });

  test('run --help lists its options (their tables included) without loading run’s code', async () => {
    const { code, stdout, modules } = await start('run', '--help');
    expect(code).toBe(0);
    for (const option of ['--from', '--dry-run', '--threshold', '--metrics-port', '--ndjson', '--shard']) {
      expect(stdout).toContain(option);
    }
    expectNoImplementation(modules);
  });

  test('a command loads its own handler and no other command’s', async () => {
    const { code, stdout, modules } = await start('project', '--json');
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toHaveProperty('scenario');
    expect(modules).toContain('cli/commands/project-handler.js');
    expect(modules.filter(isHandler)).toEqual(['cli/commands/project-handler.js']);
    expect(modules).not.toContain('pipeline/run-pipeline.js');
  });
});

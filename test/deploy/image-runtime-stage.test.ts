import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readDockerStages, runCommands } from './dockerfile-stages.js';

/**
 * No Docker engine here: the image cannot be built. Instead the runtime stage of
 * deploy/Dockerfile is replayed on what the build stage gives it (`npm pack` output, extracted,
 * and the lockfile), with the stage's own `npm ci` command, and the installed `chatload` is run.
 */
const run = promisify(execFile);
const DOCKERFILE = path.resolve('deploy/Dockerfile');
const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};
const stages = readDockerStages(DOCKERFILE);
const runtime = stages.find((s) => s.name === 'runtime');
const build = stages.find((s) => s.name === 'build');
const OFFLINE_CODES = /\b(ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|ENOTCACHED)\b/;

let work = '';
afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('deploy/Dockerfile', () => {
  it('has a build stage that compiles and packs, and a non-root runtime stage whose entrypoint is chatload', () => {
    expect(stages.map((s) => s.name)).toEqual(['build', 'runtime']);
    expect(runCommands(build!)).toEqual(
      expect.arrayContaining(['npm run build', 'npm pack --ignore-scripts --pack-destination /tmp']),
    );
    const copies = runtime!.instructions.filter((i) => i.keyword === 'COPY').map((i) => i.args);
    expect(copies).toEqual(['--from=build /pkg/ ./', '--from=build /src/package-lock.json ./']);
    const user = runtime!.instructions.find((i) => i.keyword === 'USER')?.args ?? '';
    expect(user).toMatch(/^[1-9]\d*:\d+$/); // numeric and not 0, so runAsNonRoot can check it
    expect(runtime!.instructions.find((i) => i.keyword === 'ENTRYPOINT')?.args).toBe('["chatload"]');
    expect(runCommands(runtime!)).toContain('ln -s /app/dist/cli/bin.js /usr/local/bin/chatload');
  });

  it('runtime stage, replayed on `npm pack` output: production dependencies only, and `chatload --version` answers', async (ctx) => {
    const binJs = path.resolve('dist/cli/bin.js');
    if (!existsSync(binJs)) throw new Error('dist/ is missing: run `npm run build` first (npm test does)');
    const npmCi = runCommands(runtime!).find((c) => c.startsWith('npm ci '));
    expect(npmCi).toMatch(/--omit=dev\b/);
    expect(npmCi).toMatch(/--ignore-scripts\b/);

    // What the build stage leaves in /pkg and /src: the extracted pack and the lockfile.
    work = mkdtempSync(path.join(tmpdir(), 'chatload-image-'));
    const app = path.join(work, 'app');
    mkdirSync(app);
    const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work]);
    const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
    await run('tar', ['-xzf', path.join(work, filename), '-C', app, '--strip-components=1']);
    copyFileSync('package-lock.json', path.join(app, 'package-lock.json'));

    // The stage's own command; --prefer-offline reuses the npm cache the repository's install filled.
    const [command = 'npm', ...args] = npmCi!.split(' ');
    try {
      await run(command, [...args, '--prefer-offline'], { cwd: app, maxBuffer: 16 * 1024 * 1024 });
    } catch (error) {
      const output = String((error as { stderr?: string }).stderr ?? error);
      if (OFFLINE_CODES.test(output) && !process.env.CI) {
        ctx.skip(
          `npm registry unreachable and the npm cache lacks a package: ${OFFLINE_CODES.exec(output)?.[1]}`,
        );
      }
      throw new Error(`${npmCi} failed in the replayed runtime stage:\n${output}`);
    }

    for (const dev of Object.keys(pkg.devDependencies))
      expect(existsSync(path.join(app, 'node_modules', dev))).toBe(false);
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    symlinkSync(path.join(app, 'dist/cli/bin.js'), path.join(bin, 'chatload'));
    const version = await run('chatload', ['--version'], {
      cwd: work,
      env: {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`,
        NODE_ENV: 'production',
      },
    });
    expect(version.stdout.trim()).toBe(pkg.version);
  }, 120_000);
});

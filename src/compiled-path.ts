import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Path of a compiled module for a worker thread. Under vitest the caller runs from src/*.ts,
 * but threads need JavaScript, so they run the build in dist/ (npm test builds first).
 * `callerUrl` is the caller's import.meta.url; `name` the module beside it, without extension.
 */
export function compiledPath(callerUrl: string, name: string): string {
  const here = fileURLToPath(callerUrl);
  if (here.endsWith('.js')) return fileURLToPath(new URL(`./${name}.js`, callerUrl));
  const srcRoot = fileURLToPath(new URL('.', import.meta.url));
  const relative = fileURLToPath(new URL(`./${name}.js`, callerUrl)).slice(srcRoot.length);
  const built = fileURLToPath(new URL(`../dist/${relative}`, import.meta.url));
  if (!existsSync(built)) throw new Error(`worker build missing at ${built}: run "npm run build" first`);
  return built;
}

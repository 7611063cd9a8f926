import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Path of the compiled worker. Under vitest the coordinator runs from src/*.ts, but worker
 * threads need JavaScript, so they run the build in dist/ (npm test builds first).
 */
export function workerFilePath(): string {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.js')) return fileURLToPath(new URL('./worker.js', import.meta.url));
  const built = fileURLToPath(new URL('../../dist/load/worker.js', import.meta.url));
  if (!existsSync(built)) throw new Error(`worker build missing at ${built}: run "npm run build" first`);
  return built;
}

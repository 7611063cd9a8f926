import { compiledPath } from '../compiled-path.js';

/** Path of the compiled load worker (dist/ under vitest, beside this file when built). */
export function workerFilePath(): string {
  return compiledPath(import.meta.url, 'worker');
}

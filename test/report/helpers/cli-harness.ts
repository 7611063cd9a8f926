import yargs from 'yargs';
import type { CliContext } from '../../../src/cli/cli-context.js';
import { EXIT, EXIT_CODE_OF } from '../../../src/cli/exit-codes.js';
import type { CommandFactory } from '../../../src/cli/main.js';
import { ChatloadError, isChatloadError } from '../../../src/errors.js';

export interface HarnessRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly error: unknown;
}

/**
 * Runs one command factory as the CLI would (errors mapped to exit codes through EXIT_CODE_OF),
 * without importing main.ts's whole command graph.
 */
export async function runCommandForTest(
  factory: CommandFactory,
  argv: readonly string[],
  cwd: string,
): Promise<HarnessRun> {
  let stdout = '';
  let stderr = '';
  const ctx: CliContext = {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
    isTTY: false,
    env: {},
    cwd,
    interrupt: new AbortController().signal,
  };
  try {
    await yargs([...argv])
      .command(factory(ctx))
      .strict()
      .exitProcess(false)
      .fail((message, error) => {
        if (error) throw error;
        throw new ChatloadError('CHATLOAD_E_USAGE', message);
      })
      .parseAsync();
    return { code: EXIT.OK, stdout, stderr, error: undefined };
  } catch (error) {
    const code = isChatloadError(error) ? EXIT_CODE_OF[error.code] : EXIT.INTERNAL;
    return { code, stdout, stderr: stderr + String(error), error };
  }
}

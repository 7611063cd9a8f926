/**
 * Process state given to every command (k6's GlobalState): output, environment and the
 * interrupt signal are injected, so commands run in tests without a real process. A command
 * has no exit code of its own: it returns (0) or throws a coded error (command-outcome.ts).
 */
export interface CliContext {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly isTTY: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Aborted on the first Ctrl-C (SIGINT) or SIGTERM. */
  readonly interrupt: AbortSignal;
}

export function processContext(interrupt: AbortSignal): CliContext {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    cwd: process.cwd(),
    interrupt,
  };
}

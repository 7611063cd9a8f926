import yargs, { type Argv, type CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { ChatloadError, formatIssue, isChatloadError } from '../errors.js';
import { type CliContext, processContext } from './cli-context.js';
import { capacityCommand } from './commands/capacity.js';
import { compareCommand } from './commands/compare.js';
import { exportCommand } from './commands/export.js';
import { mergeCommand } from './commands/merge.js';
import { reportCommand } from './commands/report.js';
import { profileCommand } from './commands/profile.js';
import { projectCommand } from './commands/project.js';
import { runCommand } from './commands/run.js';
import { serveCommand } from './commands/serve.js';
import { simCommand } from './commands/sim.js';
import { studyCommand } from './commands/study.js';
import { EXIT, EXIT_CODE_OF } from './exit-codes.js';
import { TOOL_VERSION } from '../pipeline/tool-version.js';

/** Each command is a factory taking the context, so tests can run it with an injected one. */
export type CommandFactory = (ctx: CliContext) => CommandModule;

// Commands are registered here, explicitly (no side-effect registration). A command's module holds
// only what yargs needs to parse; its handler imports the implementation when that command runs,
// so --version, --help and every command start without the others' code (test/cli/cli-startup.test.ts).
const COMMANDS: readonly CommandFactory[] = [
  runCommand as CommandFactory,
  simCommand as CommandFactory,
  mergeCommand,
  compareCommand,
  capacityCommand,
  studyCommand,
  reportCommand,
  profileCommand,
  projectCommand,
  serveCommand,
  exportCommand,
];

export function buildCli(argv: readonly string[], ctx: CliContext): Argv {
  let cli = yargs([...argv])
    .scriptName('chatload')
    .usage(
      '$0 <command> [options]\n\nLoad and capacity benchmark: customer-service vs general-chatbot traffic against a mock WhatsApp Business Cloud API.',
    )
    .version(TOOL_VERSION)
    .strict()
    .demandCommand(1, 'name a command; see chatload --help')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .wrap(Math.min(110, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error;
      throw new ChatloadError('CHATLOAD_E_USAGE', message);
    });
  for (const factory of COMMANDS) cli = cli.command(factory(ctx));
  return cli;
}

/** Runs the CLI and returns the exit code; never throws, never prints a stack trace for a user error. */
export async function runCli(argv: readonly string[], ctx: CliContext): Promise<number> {
  try {
    await buildCli(argv, ctx).parseAsync();
    return EXIT.OK;
  } catch (error) {
    return reportError(error, ctx);
  }
}

function reportError(error: unknown, ctx: CliContext): number {
  if (isChatloadError(error)) {
    ctx.stderr(`chatload: ${error.message}\n`);
    for (const issue of error.issues) ctx.stderr(`  - ${formatIssue(issue)}\n`);
    if (error.code === 'CHATLOAD_E_USAGE') ctx.stderr('Run with --help for usage.\n');
    return EXIT_CODE_OF[error.code];
  }
  const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
  ctx.stderr(`chatload: internal error (please report it):\n${text}\n`);
  return EXIT.INTERNAL;
}

/** The process entry (bin.ts): wires signals, runs, exits with the code. */
export async function main(): Promise<void> {
  const controller = new AbortController();
  const ctx = processContext(controller.signal);
  let interrupts = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.INTERRUPTED);
    ctx.stderr(
      `\nchatload: ${signal} received, stopping and writing what was measured (press Ctrl-C again to quit at once)\n`,
    );
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const code = await runCli(hideBin(process.argv), ctx);
  process.exitCode = code;
  // Pools and sockets are closed by the commands; exit explicitly so a stray handle cannot hang CI.
  setTimeout(() => process.exit(code), 200).unref();
}

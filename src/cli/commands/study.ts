import type { CommandModule } from 'yargs';
import type { CliContext } from '../cli-context.js';
import type { CommandFactory } from '../main.js';
import { type StudyArgs, withStudyOptions } from '../study-options.js';

/**
 * The researcher's command (issue 11): load per user-day on both bases, users one number's quota
 * serves at each tier, service slots vs scale with the quota off, sensitivity and the projection
 * to WhatsApp scale — in virtual time, with replicates — and, with `--live`, one small point
 * played live to check the sim. Finished steps are kept in the study directory, so a study
 * stopped by Ctrl-C (which writes the partial report and exits 130) or a crash resumes there.
 */
export const studyCommand: CommandFactory = (ctx: CliContext) =>
  ({
    command: 'study [scenarios..]',
    describe:
      'The full answer in virtual time, with replicates: load per user-day, users per business number, slots vs scale, sensitivity, WhatsApp scale (--live: check one point live)',
    builder: (yargs) =>
      withStudyOptions(
        yargs.positional('scenarios', {
          type: 'string',
          array: true,
          describe:
            'a customer-service and a general-chatbot scenario, e.g. scenarios/customer-service.yaml scenarios/general-chatbot.yaml',
        }),
      ),
    handler: async (args) => (await import('./study-handler.js')).studyHandler(args, ctx),
  }) as CommandModule<object, StudyArgs> as CommandModule;

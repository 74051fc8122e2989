import { limitsReport } from '../../app/limits-query.js';
import { usageMetrics } from '../../app/usage-query.js';
import { InvalidInputError } from '../../domain/errors.js';
import { colors } from '../render/colors.js';
import { renderLimits, renderUsage } from '../render/usage.js';
import type { RegisterCommand } from '../runtime.js';
import { writeJson } from '../write-output.js';

export const registerUsageCommands: RegisterCommand = (program, runtime) => {
  program.command('usage')
    .description('usage metrics of the identity (SKAFU_AI_ORG / SKAFU_AI_USER) or its whole organisation')
    .option('--days <n>', 'how many UTC days back, today included', '30')
    .option('--org-wide', 'the whole organisation instead of the user')
    .option('--json', 'print the metrics as JSON on stdout')
    .action(async (flags: { days: string; orgWide?: boolean; json?: boolean }) => {
      const days = Number(flags.days);
      if (!/^\d+$/.test(flags.days) || days < 1 || days > 366) throw new InvalidInputError(`--days must be a whole number from 1 to 366; got "${flags.days}".`);
      const metrics = await usageMetrics(await runtime.store(), runtime.clock, runtime.identity(), { days, orgWide: flags.orgWide === true });
      if (flags.json) writeJson(runtime.io, metrics);
      else runtime.io.stdout.write(`${renderUsage(colors(runtime.color), metrics)}\n`);
    });

  program.command('limits')
    .description('current use against every applicable limit, with reset times')
    .option('--json', 'print the report as JSON on stdout')
    .action(async (flags: { json?: boolean }) => {
      const report = await limitsReport(await runtime.store(), runtime.config(), runtime.clock, runtime.identity());
      if (flags.json) writeJson(runtime.io, report);
      else runtime.io.stdout.write(`${renderLimits(colors(runtime.color), report)}\n`);
    });
};

import { ResultQueries } from '../../app/queries.js';
import { InvalidInputError, NotFoundError } from '../../domain/errors.js';
import { colors } from '../render/colors.js';
import { renderAnalysis } from '../render/analysis.js';
import { renderGeneration } from '../render/generation.js';
import type { RegisterCommand } from '../runtime.js';
import { writeJson } from '../write-output.js';

/** Reading stored results back: `show <id>` and `list`. */
export const registerResultCommands: RegisterCommand = (program, runtime) => {
  program.command('show')
    .description('print a stored analysis or generation by id')
    .argument('<id>', 'analysis or generation id')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (id: string, flags: { json?: boolean }) => {
      const queries = new ResultQueries(await runtime.store());
      const identity = runtime.identity();
      const analysis = await queries.analysis(identity, id).catch((e: unknown) => { if (e instanceof NotFoundError) return null; throw e; });
      const generation = analysis ? null : await queries.generation(identity, id).catch((e: unknown) => { if (e instanceof NotFoundError) return null; throw e; });
      const c = colors(runtime.color);
      if (analysis) {
        if (flags.json) writeJson(runtime.io, analysis);
        else runtime.io.stdout.write(`${renderAnalysis(c, analysis)}\n`);
      } else if (generation) {
        if (flags.json) writeJson(runtime.io, generation);
        else runtime.io.stdout.write(`${renderGeneration(c, generation)}\n`);
      } else {
        throw new NotFoundError(`No analysis or generation with id ${id} in organisation "${identity.orgId}".`);
      }
    });

  program.command('list')
    .description('list stored analyses or generations of a project, newest first')
    .option('--project <id>', 'project id', 'default')
    .option('--generations', 'list generations instead of analyses')
    .option('--limit <n>', 'how many', '20')
    .option('--cursor <cursor>', 'continue after a previous page')
    .option('--json', 'print the page as JSON on stdout')
    .action(async (flags: { project: string; generations?: boolean; limit: string; cursor?: string; json?: boolean }) => {
      const limit = Number(flags.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw new InvalidInputError(`--limit must be a whole number from 1 to 100; got "${flags.limit}".`);
      const queries = new ResultQueries(await runtime.store());
      const page = { limit, cursor: flags.cursor ?? null };
      const identity = runtime.identity();
      const found = flags.generations ? await queries.generations(identity, flags.project, page) : await queries.analyses(identity, flags.project, page);
      if (flags.json) {
        writeJson(runtime.io, found);
        return;
      }
      const c = colors(runtime.color);
      for (const item of found.items) {
        const kind = 'analysisType' in item ? item.analysisType : item.generationType;
        const status = item.status === 'completed' ? c.green(item.status) : c.red(item.status);
        runtime.io.stdout.write(`${item.id}  ${item.createdAt}  ${kind.padEnd(14)} ${status}  $${item.costUsd.toFixed(6)}${item.cached ? c.dim(' cached') : ''}\n`);
      }
      if (found.items.length === 0) runtime.io.stdout.write(c.dim(`Nothing stored for project ${flags.project}.\n`));
      if (found.nextCursor) runtime.io.stdout.write(c.dim(`More: --cursor ${found.nextCursor}\n`));
    });
};

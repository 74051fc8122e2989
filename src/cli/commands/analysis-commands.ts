import type { Command } from 'commander';
import type { AnalyzeRequest } from '../../app/ai-integration.js';
import { InvalidInputError } from '../../domain/errors.js';
import { ANALYSIS_TYPES, isAnalysisType, type AnalysisType } from '../../domain/operations.js';
import { ProgressReporter } from '../progress.js';
import { readFilesArgument, readJsonObject, readTextArgument } from '../read-input.js';
import { colors } from '../render/colors.js';
import { renderAnalysis } from '../render/analysis.js';
import type { CliRuntime, RegisterCommand } from '../runtime.js';
import { EXIT } from '../io.js';
import { writeJson } from '../write-output.js';

interface ModelFlags {
  json?: boolean;
  cache: boolean;
  simulate?: boolean;
  project?: string;
}

/** Runs one analysis and prints it; exit 1 when the analysis failed. */
async function runAnalysis(runtime: CliRuntime, request: AnalyzeRequest, flags: ModelFlags): Promise<void> {
  const app = await runtime.app({ simulate: flags.simulate === true });
  const progress = new ProgressReporter(runtime.io, `${request.analysisType} analysis…`);
  progress.start();
  let result;
  try {
    result = await app.analyze(runtime.identity(), request, { noCache: !flags.cache, onProgress: (p) => progress.update(p) });
  } finally {
    progress.stop();
  }
  if (flags.json) writeJson(runtime.io, result);
  else runtime.io.stdout.write(`${renderAnalysis(colors(runtime.color), result)}\n`);
  if (result.status !== 'completed') runtime.setExitCode(EXIT.workFailed);
}

function modelOptions(command: Command): Command {
  return command
    .option('--project <id>', 'project the result belongs to', 'default')
    .option('--no-cache', 'skip the cache lookup (the fresh answer still refreshes it)')
    .option('--simulate', 'use the built-in simulated model (no key needed, costs nothing)')
    .option('--json', 'print the result as JSON on stdout');
}

export const registerAnalysisCommands: RegisterCommand = (program, runtime) => {
  modelOptions(program.command('analyze')
    .description('analyse project requirements into an architecture (or another analysis type)')
    .argument('<file>', 'requirements document, or - for standard input')
    .option('--context <json-file>', 'extra context as a JSON object')
    .option('--type <analysisType>', `one of ${ANALYSIS_TYPES.join(', ')}`, 'requirements'))
    .action(async (file: string, flags: ModelFlags & { context?: string; type: string }) => {
      if (!isAnalysisType(flags.type)) throw new InvalidInputError(`--type must be one of ${ANALYSIS_TYPES.join(', ')}; got "${flags.type}".`);
      const text = await readTextArgument(runtime.io, file, 'requirements file');
      if (text.trim() === '') throw new InvalidInputError(`The requirements "${file}" are empty.`);
      const input: Record<string, unknown> = { requirements: text };
      if (flags.context) input.context = await readJsonObject(runtime.io, flags.context, 'context file');
      await runAnalysis(runtime, { projectId: flags.project ?? 'default', analysisType: flags.type as AnalysisType, input }, flags);
    });

  modelOptions(program.command('review')
    .description('review an architecture description')
    .argument('<architecture-file>', 'architecture description, or - for standard input')
    .option('--requirements <file>', 'the requirements the architecture must meet'))
    .action(async (file: string, flags: ModelFlags & { requirements?: string }) => {
      const text = await readTextArgument(runtime.io, file, 'architecture file');
      if (text.trim() === '') throw new InvalidInputError(`The architecture "${file}" is empty.`);
      const input: Record<string, unknown> = { architecture: text };
      if (flags.requirements) input.requirements = await readTextArgument(runtime.io, flags.requirements, 'requirements file');
      await runAnalysis(runtime, { projectId: flags.project ?? 'default', analysisType: 'architecture', input }, flags);
    });

  modelOptions(program.command('optimize')
    .description('suggest template and cost optimisations')
    .argument('<template-file-or-dir>', 'a template file or a directory of templates'))
    .action(async (path: string, flags: ModelFlags) => {
      const templates = await readFilesArgument(runtime.io, path, 'template path');
      await runAnalysis(runtime, { projectId: flags.project ?? 'default', analysisType: 'optimization', input: { templates } }, flags);
    });
};

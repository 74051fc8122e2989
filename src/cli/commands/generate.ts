import { InvalidInputError, SkafuError } from '../../domain/errors.js';
import { GENERATION_TYPES, isGenerationType, type GenerationType } from '../../domain/operations.js';
import { EXIT } from '../io.js';
import { ProgressReporter } from '../progress.js';
import { readJsonObject, readStructuredFile, readTextArgument } from '../read-input.js';
import { colors } from '../render/colors.js';
import { renderGeneration } from '../render/generation.js';
import type { RegisterCommand } from '../runtime.js';
import { assertWritableDirectory, writeGeneratedFiles } from '../write-files.js';
import { writeJson } from '../write-output.js';

interface GenerateFlags {
  context?: string;
  type: string;
  out?: string;
  force?: boolean;
  project: string;
  cache: boolean;
  simulate?: boolean;
  json?: boolean;
}

export const registerGenerateCommand: RegisterCommand = (program, runtime) => {
  program.command('generate')
    .description('generate service code from a specification; every file is validated')
    .argument('<spec-file>', 'service specification (JSON, YAML, or text), or - for standard input')
    .option('--context <json-file>', 'template context as a JSON object')
    .option('--type <generationType>', `one of ${GENERATION_TYPES.join(', ')}`, 'service')
    .option('--out <dir>', 'write the validated files under this directory')
    .option('--force', 'with --out, also write files that failed validation')
    .option('--project <id>', 'project the result belongs to', 'default')
    .option('--no-cache', 'skip the cache lookup (the fresh answer still refreshes it)')
    .option('--simulate', 'use the built-in simulated model (no key needed, costs nothing)')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (specFile: string, flags: GenerateFlags) => {
      if (!isGenerationType(flags.type)) throw new InvalidInputError(`--type must be one of ${GENERATION_TYPES.join(', ')}; got "${flags.type}".`);
      // JSON and YAML specifications are structured; anything else (Markdown, text, stdin) is prose.
      const specification = /\.(json|ya?ml)$/i.test(specFile)
        ? await readStructuredFile(runtime.io, specFile, 'specification file')
        : await readTextArgument(runtime.io, specFile, 'specification file');
      if (specification === null || specification === undefined || specification === '') throw new InvalidInputError(`The specification "${specFile}" is empty.`);
      const templateContext = flags.context ? await readJsonObject(runtime.io, flags.context, 'context file') : {};
      // Checked before the (billed) model call, so a bad --out costs nothing.
      if (flags.out) await assertWritableDirectory(flags.out);
      const app = await runtime.app({ simulate: flags.simulate === true });
      const progress = new ProgressReporter(runtime.io, `${flags.type} generation…`);
      progress.start();
      let result;
      try {
        result = await app.generate(runtime.identity(), {
          projectId: flags.project,
          generationType: flags.type as GenerationType,
          specification: typeof specification === 'object' ? specification : String(specification),
          templateContext,
        }, { noCache: !flags.cache, onProgress: (p) => progress.update(p) });
      } finally {
        progress.stop();
      }
      let written: { dir: string; count: number } | undefined;
      let writeFailure: unknown = null;
      if (flags.out && result.files.length > 0) {
        const invalid = new Set(result.validationResults.filter((r) => !r.isValid).map((r) => r.fileName));
        const writable = flags.force ? result.files : result.files.filter((f) => !invalid.has(f.path));
        try {
          await writeGeneratedFiles(flags.out, writable);
          written = { dir: flags.out, count: writable.length };
        } catch (error) {
          writeFailure = error; // reported after the result, which is stored and paid for either way
        }
        if (!flags.force && invalid.size > 0) {
          runtime.io.stderr.write(`Not written (failed validation; --force writes them): ${[...invalid].join(', ')}\n`);
        }
      }
      if (flags.json) writeJson(runtime.io, result);
      else runtime.io.stdout.write(`${renderGeneration(colors(runtime.color), result, written)}\n`);
      if (writeFailure !== null) {
        const what = writeFailure instanceof SkafuError
          ? `nothing was written under ${flags.out}: ${writeFailure.message}`
          : `writing the files under ${flags.out} failed (${writeFailure instanceof Error ? writeFailure.message : String(writeFailure)}); some may be written.`;
        runtime.io.stderr.write(`${colors(runtime.color).red('error')}: ${what} The generation is stored: skafu-ai show ${result.id}\n`);
        runtime.setExitCode(writeFailure instanceof SkafuError ? writeFailure.exitCode : EXIT.workFailed);
      } else if (result.status !== 'completed') runtime.setExitCode(EXIT.workFailed);
    });
};

import path from 'node:path';
import { createValidator, readBundle } from '../../checks/index.js';
import { InvalidInputError } from '../../domain/errors.js';
import type { ValidationReport } from '../../domain/validation-result.js';
import { EXIT } from '../io.js';
import type { Colors } from '../render/colors.js';
import { colors } from '../render/colors.js';
import type { RegisterCommand } from '../runtime.js';
import { writeJson } from '../write-output.js';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

/** A per-file table, then every finding with its fix, then a one-line verdict. */
export function renderValidationReport(c: Colors, report: ValidationReport): string {
  const width = Math.min(60, Math.max(4, ...report.files.map((f) => f.fileName.length)));
  const lines = [c.bold(`${pad('file', width)}  status  ${pad('language', 12)}  ${'loc'.padStart(5)}  ${'cc'.padStart(3)}  errors  warnings`)];
  for (const f of report.files) {
    const status = f.isValid ? c.green(pad('ok', 6)) : c.red(pad('FAIL', 6));
    lines.push(`${pad(f.fileName, width)}  ${status}  ${pad(f.language, 12)}  ${String(f.metrics.linesOfCode).padStart(5)}  ${String(f.metrics.complexity).padStart(3)}  ${String(f.errors.length).padStart(6)}  ${String(f.warnings.length).padStart(8)}`);
  }
  if (report.findings.length > 0) lines.push('', c.bold('findings'));
  for (const f of report.findings) {
    const severity = f.severity === 'error' ? c.red(f.severity) : f.severity === 'warning' ? c.yellow(f.severity) : c.dim(f.severity);
    lines.push(`${f.file}:${f.line}:${f.column}  ${severity}  ${c.cyan(f.category)}  ${f.message} ${c.dim(`[${f.ruleId}]`)}`);
    if (f.fix) lines.push(`    ${c.dim(`fix: ${f.fix}`)}`);
  }
  const errors = report.findings.filter((f) => f.severity === 'error').length;
  const warnings = report.findings.filter((f) => f.severity === 'warning').length;
  const failed = report.files.filter((f) => !f.isValid).length;
  const verdict = report.valid ? c.green('valid') : c.red('invalid');
  const checked = report.valid ? `${report.files.length} file(s)` : `${failed} of ${report.files.length} file(s) failed`;
  lines.push('', `${verdict}: ${checked}, ${errors} error(s), ${warnings} warning(s)`);
  return lines.join('\n');
}

/** `skafu-ai validate <dir> [--json]`: exit 0 valid, 1 any error finding, 2 no such directory (or file) or nothing in it. */
export const registerValidateCommand: RegisterCommand = (program, runtime) => {
  program.command('validate')
    .description('run the generated-code validator over every file under <dir> (no model needed)')
    .argument('<dir>', 'directory of generated files (or a single file)')
    .option('--expect-tests', 'warn when the bundle has no test file')
    .option('--json', 'print the validation report as JSON on stdout')
    .action(async (dir: string, flags: { json?: boolean; expectTests?: boolean }) => {
      const files = await readBundle(path.resolve(runtime.io.cwd, dir));
      if (files.length === 0) {
        // "valid: 0 file(s)" would pass a bundle that was never written, or a mistyped directory.
        throw new InvalidInputError(`There is nothing to validate in ${dir}: it holds no files (node_modules and .git are skipped). Check the path.`, ['dir']);
      }
      const report = await createValidator().validateFiles(files, { expectTests: flags.expectTests === true });
      if (flags.json) writeJson(runtime.io, report);
      else runtime.io.stdout.write(`${renderValidationReport(colors(runtime.color), report)}\n`);
      if (!report.valid) runtime.setExitCode(EXIT.workFailed);
    });
};

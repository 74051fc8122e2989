import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { RedactionSession, sanitizeText } from '../../sanitize/index.js';
import type { SanitizeFinding } from '../../sanitize/index.js';
import type { CliIO } from '../io.js';
import { EXIT } from '../io.js';
import { openTextArgument, readTextArgument } from '../read-input.js';
import type { RegisterCommand } from '../runtime.js';
import { writeJson } from '../write-output.js';

/** `email ×2, password ×1` — types and counts only, never values. */
function summarize(findings: readonly SanitizeFinding[]): string {
  if (findings.length === 0) return 'sanitize: nothing to redact';
  const session = new Map<string, number>();
  for (const f of findings) session.set(f.type, (session.get(f.type) ?? 0) + 1);
  const parts = [...session].sort(([a], [b]) => a.localeCompare(b)).map(([type, n]) => `${type} ×${n}`);
  return `sanitize: redacted ${findings.length} span(s): ${parts.join(', ')}`;
}

/** Why a JSON line was refused; never quotes the line, which may hold the very secrets to redact. */
function parseRecord(line: string): { id: unknown; text: string } | string {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return 'is not valid JSON';
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'is not a JSON object';
  const record = value as Record<string, unknown>;
  if (typeof record['text'] !== 'string') return 'has no string "text" field';
  return { id: record['id'] ?? null, text: record['text'] };
}

/** Streams JSON lines: each `{"id","text"}` in becomes `{"id","text","findings"}` out, written as it is read. */
async function sanitizeJsonLines(io: CliIO, input: Readable): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    const record = parseRecord(line);
    if (typeof record === 'string') {
      io.stderr.write(`error: line ${lineNumber} of the input ${record}; expected one object {"id": ..., "text": "..."} per line.\n`);
      lines.close();
      return EXIT.badInput;
    }
    const result = new RedactionSession().redactText(record.text);
    io.stdout.write(`${JSON.stringify({ id: record.id, text: result.text, findings: result.findings })}\n`);
  }
  return EXIT.ok;
}

/** `skafu-ai sanitize [<file>|-] [--json] [--jsonl]`: no model and no store needed. */
export const registerSanitizeCommand: RegisterCommand = (program, runtime) => {
  program.command('sanitize')
    .description('print the text with secrets and personal data replaced by typed placeholders (no model needed)')
    .argument('[file]', 'file to sanitize, or - for standard input', '-')
    .option('--json', 'print {text, findings} as JSON on stdout')
    .option('--jsonl', 'batch: read JSON lines {"id","text"} (from the file, or stdin), write JSON lines {"id","text","findings"}')
    .action(async (file: string, flags: { json?: boolean; jsonl?: boolean }) => {
      const { io } = runtime;
      if (flags.jsonl) {
        const code = await sanitizeJsonLines(io, await openTextArgument(io, file, 'JSON lines file'));
        if (code !== EXIT.ok) runtime.setExitCode(code);
        return;
      }
      const text = await readTextArgument(io, file, 'file to sanitize');
      const result = sanitizeText(text);
      if (flags.json) {
        writeJson(io, result);
        return;
      }
      io.stdout.write(result.text);
      io.stderr.write(`${summarize(result.findings)}\n`);
    });
};
